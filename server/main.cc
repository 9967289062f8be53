// ordinald: the OrdinalDB server. Exit status: 0 after a clean shutdown (SIGTERM/SIGINT),
// 2 for a bad command line or environment, 1 when the server cannot start or its node
// cannot go on (e.g. a cloned store that does not open). One server lives as long as the
// process: clones and re-clones happen inside it (server/node.h).
#include <signal.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/role.h"
#include "replication/transfer_malloc.h"
#include "server/server.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace {

constexpr int kExitStartFailed = 1;
constexpr int kExitUsage = 2;

int Fail(int code, const std::string& message) {
  spdlog::error("{}", message);
  return code;
}

// Blocks the process signals in every thread (call before any thread starts), so that one
// thread takes them with sigwait.
sigset_t BlockProcessSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return signals;
}

// Takes SIGTERM/SIGINT on a thread of its own and wakes the main thread, which also wakes
// when the node reports that it cannot go on.
class StopWaiter {
 public:
  explicit StopWaiter(sigset_t signals) : signals_(signals) {
    std::thread([this] { Loop(); }).detach();  // sigwait cannot be interrupted
  }

  // The node cannot go on: the process exits with status 1.
  void Fatal(const absl::Status& status) {
    absl::MutexLock lock(&mu_);
    if (stop_) return;
    spdlog::error("{}", std::string(status.message()));
    stop_ = true;
    fatal_ = true;
  }

  // Blocks until a signal or Fatal; true for Fatal.
  bool Wait() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&stop_));
    return fatal_;
  }

 private:
  void Loop() {
    int number = 0;
    while (sigwait(&signals_, &number) != 0) {
    }
    spdlog::info("received {}", number == SIGTERM ? "SIGTERM" : "SIGINT");
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }

  const sigset_t signals_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool fatal_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace ordinal::server;
  // A clone, a recovery or a re-clone receives a whole store through this process: keep
  // gRPC's receive buffers on the heap (replication/transfer_malloc.h). Several arenas stay,
  // for the SQL threads.
  ordinal::replication::ConfigureMallocForTransfers(/*single_arena=*/false);
  spdlog::set_default_logger(spdlog::stderr_logger_mt("ordinald"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  StopWaiter waiter(BlockProcessSignals());

  std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<CommandLine> command_line = ParseCommandLine(args, GetEnv);
  if (!command_line.ok()) {
    return Fail(kExitUsage, std::string(command_line.status().message()));
  }
  if (command_line->help) {
    std::fputs(UsageText().c_str(), stdout);
    return 0;
  }
  const Config& config = command_line->config;
  absl::StatusOr<int> ordinal = ResolveOrdinal(config.ordinal, GetEnv("POD_NAME"), Hostname());
  if (!ordinal.ok()) return Fail(kExitUsage, std::string(ordinal.status().message()));
  absl::StatusOr<Authenticator> auth = Authenticator::FromSources(
      GetEnv("ORDINAL_ROOT_PASSWORD"), config.password_file, config.insecure_no_password,
      config.replication_user, GetEnv("ORDINAL_REPLICATION_PASSWORD"),
      config.replication_password_file);
  if (!auth.ok()) return Fail(kExitUsage, std::string(auth.status().message()));
  if (!auth->requires_password()) {
    spdlog::warn("running WITHOUT a password (--insecure_no_password): anyone who can reach "
                 "the port has full access");
  }

  spdlog::info("ordinald {} starting: ordinal {} ({})", kVersion, *ordinal,
               RoleName(RoleForOrdinal(*ordinal)));
  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(config, *ordinal, *auth, [&waiter](const absl::Status& status) {
        waiter.Fatal(status);
      });
  if (!server.ok()) return Fail(kExitStartFailed, std::string(server.status().message()));
  const bool fatal = waiter.Wait();
  (*server)->Shutdown(absl::Seconds(5));
  return fatal ? kExitStartFailed : 0;
}
