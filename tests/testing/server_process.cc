#include "tests/testing/server_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "absl/base/thread_annotations.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "tests/testing/probes.h"
#include "tests/testing/sql_stub.h"

extern char** environ;

namespace ordinal::testing {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(50);

// The last `max_bytes` of the file at `path`, for error messages.
std::string FileTail(const std::string& path, size_t max_bytes = 4000) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > max_bytes) text = "..." + text.substr(text.size() - max_bytes);
  return text;
}

std::string DescribeExit(int wait_status) {
  if (WIFEXITED(wait_status)) return absl::StrCat("exit code ", WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return absl::StrCat("killed by signal ", WTERMSIG(wait_status));
  return absl::StrCat("wait status ", wait_status);
}

// The environment for the child: ours without ORDINAL_* and POD_NAME (so a developer's
// shell cannot change the test), plus `extra`.
std::vector<std::string> ChildEnvironment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    if (absl::StartsWith(entry, "ORDINAL_") || absl::StartsWith(entry, "POD_NAME=")) continue;
    env.push_back(std::move(entry));
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string OrdinaldPath() { return ORDINALD_PATH; }
std::string CliPath() { return ORDINAL_CLI_PATH; }

namespace {

// A port the kernel has free now (bound to port 0 and released); 0 when it has none.
int KernelFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

// The ports PickFreePort handed out in this process.
struct HandedOut {
  absl::Mutex mu;
  std::unordered_set<int> ports ABSL_GUARDED_BY(mu);
};

}  // namespace

int PickFreePort() {
  // The kernel picks a released port at random, so one process asking several times (a
  // server's gRPC, MySQL and metrics ports) gets the same port twice about once in 4,000
  // triples; the second server socket then fails to bind. A port handed out before is
  // asked again instead (bounded: with the range nearly used up, a repeat is returned).
  static HandedOut* const handed_out = new HandedOut();
  constexpr int kAttempts = 64;
  int port = 0;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    port = KernelFreePort();
    if (port == 0) return 0;
    absl::MutexLock lock(&handed_out->mu);
    if (handed_out->ports.insert(port).second) return port;
  }
  return port;
}

std::string MakeTempDir(const std::string& prefix) {
  std::string base = std::filesystem::temp_directory_path().string();
  std::string pattern = absl::StrCat(base, "/", prefix, "-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

void RemoveTree(const std::string& path) {
  if (path.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(ServerOptions options) {
  std::unique_ptr<ServerProcess> server(new ServerProcess());
  server->options_ = std::move(options);
  server->root_dir_ = MakeTempDir("ordinald-test");
  if (server->root_dir_.empty()) {
    return absl::InternalError(absl::StrCat("mkdtemp failed: ", std::strerror(errno)));
  }
  server->data_dir_ = server->root_dir_ + "/data";
  server->log_path_ = server->root_dir_ + "/server.log";
  server->host_ = server->options_.host;
  server->port_ = server->options_.port != 0 ? server->options_.port : PickFreePort();
  if (server->port_ == 0) return absl::InternalError("no free port on 127.0.0.1");
  server->mysql_port_ =
      server->options_.mysql_port != 0 ? server->options_.mysql_port : PickFreePort();
  if (server->mysql_port_ == 0) return absl::InternalError("no free port on 127.0.0.1");
  if (absl::Status s = server->Spawn(); !s.ok()) return s;
  if (absl::Status s = server->WaitServing(); !s.ok()) return s;
  return server;
}

ServerProcess::~ServerProcess() {
  Kill().IgnoreError();  // best effort: the process may already be gone
  RemoveTree(root_dir_);
}

std::string ServerProcess::address() const { return absl::StrCat(host_, ":", port_); }

absl::Status ServerProcess::Spawn() {
  std::vector<std::string> args = {
      OrdinaldPath(),
      "--data_dir=" + data_dir_,
      "--host=" + host_,
      absl::StrCat("--port=", port_),
      absl::StrCat("--mysql_port=", mysql_port_),
      absl::StrCat("--ordinal=", options_.ordinal),
  };
  std::vector<std::string> extra_env = options_.env;
  if (options_.password.empty()) {
    args.push_back("--insecure_no_password");
  } else {
    extra_env.push_back("ORDINAL_ROOT_PASSWORD=" + options_.password);
  }
  args.insert(args.end(), options_.flags.begin(), options_.flags.end());
  std::vector<std::string> env = ChildEnvironment(extra_env);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> argv = CStrings(args);
  std::vector<char*> envp = CStrings(env);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return absl::InternalError(absl::StrCat("cannot start ", args[0], ": ", std::strerror(rc)));
  }
  pid_ = pid;
  return absl::OkStatus();
}

absl::Status ServerProcess::WaitServing() {
  const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int wait_status = 0;
    if (pid_ > 0 && waitpid(pid_, &wait_status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::FailedPreconditionError(
          absl::StrCat("ordinald ended (", DescribeExit(wait_status),
                       ") before serving; its log:\n", FileTail(log_path_)));
    }
    // A new channel per attempt: a channel that saw "connection refused" backs off.
    absl::StatusOr<HealthStatus> health =
        CheckHealth(Connect(address(), options_.tls_ca_file), options_.wait_for_service,
                    absl::Milliseconds(500));
    if (health.ok() && *health == HealthStatus::kServing) return absl::OkStatus();
    std::this_thread::sleep_for(kPollInterval);
  }
  return absl::DeadlineExceededError(
      absl::StrCat("ordinald was not SERVING on ", address(), " within ",
                   options_.start_timeout.count(), " s; its log:\n", FileTail(log_path_)));
}

absl::Status ServerProcess::Kill() {
  if (pid_ <= 0) return absl::OkStatus();
  kill(pid_, SIGKILL);
  int wait_status = 0;
  waitpid(pid_, &wait_status, 0);
  pid_ = -1;
  return absl::OkStatus();
}

absl::Status ServerProcess::Stop(std::chrono::seconds timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("ordinald is not running");
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int wait_status = 0;
  while (waitpid(pid_, &wait_status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      Kill().IgnoreError();  // the timeout is the error reported
      return absl::DeadlineExceededError(
          absl::StrCat("ordinald did not exit within ", timeout.count(), " s of SIGTERM"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) return absl::OkStatus();
  return absl::InternalError(DescribeExit(wait_status));
}

absl::Status ServerProcess::Restart() {
  if (pid_ > 0) return absl::FailedPreconditionError("ordinald still runs: Kill or Stop first");
  if (absl::Status s = Spawn(); !s.ok()) return s;
  return WaitServing();
}

}  // namespace ordinal::testing
