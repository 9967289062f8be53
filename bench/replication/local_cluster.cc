#include "bench/replication/local_cluster.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "client/client.h"

extern char** environ;

namespace ordinal::bench {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(60);
constexpr auto kStopTimeout = std::chrono::seconds(60);

int PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string DefaultOrdinaldPath() {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "";
  std::filesystem::path candidate = self.parent_path().parent_path().parent_path() / "server" /
                                    "ordinald";
  return std::filesystem::exists(candidate) ? candidate.string() : "";
}

absl::StatusOr<std::unique_ptr<LocalCluster>> LocalCluster::Create(
    LocalClusterOptions options) {
  std::unique_ptr<LocalCluster> owner(new LocalCluster());
  LocalCluster& cluster = *owner;
  cluster.options_ = std::move(options);
  std::string pattern = (std::filesystem::temp_directory_path() / "ordinal-repl-bench-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp: ", std::strerror(errno)));
  }
  cluster.root_dir_ = pattern;
  std::random_device device;
  cluster.net_ = absl::StrCat("127.0.", std::uniform_int_distribution<int>(2, 254)(device));
  cluster.port_ = PickFreePort();
  if (cluster.port_ == 0) return absl::InternalError("no free port");
  cluster.peer_template_ = absl::StrCat(cluster.net_, ".{ordinal}:", cluster.port_);
  cluster.pids_.assign(cluster.options_.pods, -1);
  return owner;
}

LocalCluster::~LocalCluster() {
  for (pid_t& pid : pids_) {
    if (pid <= 0) continue;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    pid = -1;
  }
  if (!options_.keep_dirs && !root_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(root_dir_, ignored);
  }
}

std::string LocalCluster::address(int ordinal) const {
  return absl::StrReplaceAll(peer_template_, {{"{ordinal}", absl::StrCat(ordinal)}});
}

std::vector<std::string> LocalCluster::addresses() const {
  std::vector<std::string> out;
  for (int i = 0; i < options_.pods; ++i) out.push_back(address(i));
  return out;
}

absl::Status LocalCluster::Start(int ordinal) {
  if (pids_.at(ordinal) > 0) return absl::FailedPreconditionError("pod already runs");
  const std::string dir = absl::StrCat(root_dir_, "/pod-", ordinal);
  std::filesystem::create_directories(dir);
  std::vector<std::string> args = {
      options_.ordinald_path,
      absl::StrCat("--data_dir=", dir, "/data"),
      absl::StrCat("--host=", net_, ".", ordinal),
      absl::StrCat("--port=", port_),
      absl::StrCat("--ordinal=", ordinal),
      absl::StrCat("--peer_template=", peer_template_),
      "--mysql_port=0",
  };
  args.insert(args.end(), options_.flags.begin(), options_.flags.end());
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "ORDINAL_", 8) != 0) env.emplace_back(*e);
  }
  env.push_back("ORDINAL_ROOT_PASSWORD=" + options_.password);

  const std::string log = dir + "/server.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> argv = CStrings(args);
  std::vector<char*> envp = CStrings(env);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return absl::InternalError(absl::StrCat("cannot start ", args[0], ": ", std::strerror(rc)));
  }
  pids_[ordinal] = pid;

  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      pids_[ordinal] = -1;
      return absl::InternalError(absl::StrCat("ordinal ", ordinal, " exited; see ", log));
    }
    auto client = Client::Connect({.address = address(ordinal), .password = options_.password,
                                   .timeout = std::chrono::milliseconds(1000)});
    if (client.ok()) return absl::OkStatus();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::DeadlineExceededError(absl::StrCat("ordinal ", ordinal, " did not answer; see ",
                                                  log));
}

absl::Status LocalCluster::Stop(int ordinal) {
  pid_t pid = pids_.at(ordinal);
  if (pid <= 0) return absl::OkStatus();
  kill(pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
  while (waitpid(pid, nullptr, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pids_[ordinal] = -1;
  return absl::OkStatus();
}

}  // namespace ordinal::bench
