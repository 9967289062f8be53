#include "tests/integration/clone/clone_pods.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

#include <grpcpp/client_context.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "tests/testing/cluster.h"
#include "tests/testing/probes.h"
#include "tests/testing/server_process.h"
#include "tests/testing/sql_stub.h"

extern char** environ;

namespace ordinal::testing {
namespace {

constexpr absl::Duration kPoll = absl::Milliseconds(50);

std::string CellText(const v1::Value& value) {
  switch (value.kind_case()) {
    case v1::Value::kIntValue: return absl::StrCat(value.int_value());
    case v1::Value::kDoubleValue: return absl::StrCat(value.double_value());
    case v1::Value::kStringValue: return value.string_value();
    default: return "NULL";
  }
}

}  // namespace

ClonePods::ClonePods()
    : root_(MakeTempDir("ordinal-clone-test")), net_(RandomLoopbackNet()), port_(PickFreePort()) {}

ClonePods::~ClonePods() {
  for (auto& [ordinal, pid] : pids_) Kill(ordinal).IgnoreError();  // best effort at teardown
  RemoveTree(root_);
}

std::string ClonePods::address(int ordinal) const {
  return absl::StrCat(net_, ".", ordinal, ":", port_);
}
std::string ClonePods::host(int ordinal) const { return absl::StrCat(net_, ".", ordinal); }

pid_t ClonePods::pid(int ordinal) const {
  auto it = pids_.find(ordinal);
  return it == pids_.end() ? -1 : it->second;
}

std::string ClonePods::data_dir(int ordinal) const { return absl::StrCat(root_, "/pod-", ordinal); }

std::string ClonePods::log(int ordinal) const {
  std::ifstream in(absl::StrCat(root_, "/pod-", ordinal, ".log"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::Status ClonePods::Spawn(int ordinal, const std::vector<std::string>& flags) {
  std::vector<std::string> args = {OrdinaldPath(),
                                   "--data_dir=" + data_dir(ordinal),
                                   absl::StrCat("--host=", net_, ".", ordinal),
                                   absl::StrCat("--port=", port_),
                                   absl::StrCat("--ordinal=", ordinal),
                                   absl::StrCat("--peer_template=", net_, ".{ordinal}:", port_),
                                   "--sync_commit=off",
                                   "--mysql_port=0"};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!absl::StartsWith(*e, "ORDINAL_") && !absl::StartsWith(*e, "POD_NAME=")) env.push_back(*e);
  }
  env.push_back(absl::StrCat("ORDINAL_ROOT_PASSWORD=", kTestPassword));
  std::vector<char*> argv, envp;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  const std::string log_path = absl::StrCat(root_, "/pod-", ordinal, ".log");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return absl::InternalError(absl::StrCat("cannot start ordinald: ", rc));
  pids_[ordinal] = pid;
  return absl::OkStatus();
}

absl::Status ClonePods::Kill(int ordinal) {
  auto it = pids_.find(ordinal);
  if (it == pids_.end() || it->second <= 0) return absl::OkStatus();
  kill(it->second, SIGKILL);
  waitpid(it->second, nullptr, 0);
  it->second = -1;
  return absl::OkStatus();
}

absl::Status ClonePods::Stop(int ordinal) {
  auto it = pids_.find(ordinal);
  if (it == pids_.end() || it->second <= 0) return absl::OkStatus();
  kill(it->second, SIGTERM);
  int status = 0;
  waitpid(it->second, &status, 0);
  it->second = -1;
  return absl::OkStatus();
}

bool ClonePods::Running(int ordinal) {
  auto it = pids_.find(ordinal);
  if (it == pids_.end() || it->second <= 0) return false;
  if (waitpid(it->second, nullptr, WNOHANG) == it->second) {
    it->second = -1;
    return false;
  }
  return true;
}

absl::Status ClonePods::WaitFor(const std::function<bool()>& condition, absl::Duration timeout,
                                const std::string& what) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return absl::OkStatus();
    absl::SleepFor(kPoll);
  }
  return absl::DeadlineExceededError(absl::StrCat("timed out waiting for ", what));
}

absl::Status ClonePods::WaitServing(int ordinal, absl::Duration timeout) {
  return WaitFor([&] { return Serving(ordinal); }, timeout,
                 absl::StrCat("ordinal ", ordinal, " to serve; its log:\n", log(ordinal)));
}

absl::Status ClonePods::WaitLog(int ordinal, const std::string& text, absl::Duration timeout) {
  absl::Status s = WaitFor([&] { return absl::StrContains(log(ordinal), text); }, timeout,
                           absl::StrCat("'", text, "' in the log of ordinal ", ordinal));
  if (!s.ok()) return absl::DeadlineExceededError(absl::StrCat(s.message(), ":\n", log(ordinal)));
  return s;
}

std::shared_ptr<grpc::Channel> ClonePods::Channel(int ordinal) {
  auto& channel = channels_[ordinal];
  if (channel == nullptr) channel = Connect(address(ordinal));
  return channel;
}

absl::StatusOr<v1::ExecuteResponse> ClonePods::Sql(int ordinal, const std::string& sql) {
  return Execute(Channel(ordinal), sql);
}

absl::StatusOr<v1::GetStatusResponse> ClonePods::Status(int ordinal) {
  auto stub = v1::Admin::NewStub(Channel(ordinal));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  context.AddMetadata("x-ordinal-user", "root");
  context.AddMetadata("x-ordinal-password", kTestPassword);
  v1::GetStatusResponse response;
  grpc::Status status = stub->GetStatus(&context, v1::GetStatusRequest(), &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return response;
}

bool ClonePods::Serving(int ordinal) {
  absl::StatusOr<HealthStatus> health = CheckHealth(Channel(ordinal), "", absl::Seconds(2));
  return health.ok() && *health == HealthStatus::kServing;
}

absl::Status ClonePods::WaitCaughtUp(int ordinal, absl::Duration timeout) {
  absl::StatusOr<v1::GetStatusResponse> primary = Status(0);
  if (!primary.ok()) return primary.status();
  const uint64_t target = primary->latest_position();
  return WaitFor(
      [&] {
        absl::StatusOr<v1::GetStatusResponse> status = Status(ordinal);
        return status.ok() && status->replication().applied_position() >= target;
      },
      timeout, absl::StrCat("ordinal ", ordinal, " to apply position ", target));
}

absl::StatusOr<std::string> ClonePods::Checksum(int ordinal, const std::string& table) {
  absl::StatusOr<v1::ExecuteResponse> response = Sql(ordinal, "CHECKSUM TABLE " + table);
  if (!response.ok()) return response.status();
  if (response->rows_size() == 0) return absl::NotFoundError("CHECKSUM TABLE returned no row");
  std::vector<std::string> cells;
  for (const v1::Value& value : response->rows(0).values()) cells.push_back(CellText(value));
  return absl::StrJoin(cells, " ");
}

}  // namespace ordinal::testing
