// ordinald: the OrdinalDB server. Exit status: 0 after a clean shutdown (SIGTERM/SIGINT),
// 2 for a bad command line or environment, 1 when the server cannot start.
// A replica with an empty data directory first clones its predecessor (RunInitialClone);
// a running replica that re-cloned swaps the copy in by restarting its server in-process.
#include <signal.h>

#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

#include "absl/time/time.h"
#include "server/auth.h"
#include "server/clone_frontend.h"
#include "server/clone_node.h"
#include "server/config.h"
#include "server/primary_recovery.h"
#include "server/role.h"
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
// thread takes them with sigwait: SIGTERM/SIGINT shut down, SIGUSR1 swaps in a finished
// re-clone (sent by the replica's own re-clone watcher, server/replication_node.h).
sigset_t BlockProcessSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return signals;
}

// Takes the signals on a thread of its own, so that a shutdown can also cancel a clone
// that runs before the server starts.
class SignalWaiter {
 public:
  explicit SignalWaiter(sigset_t signals) : signals_(signals) {
    thread_ = std::thread([this] { Loop(); });
    thread_.detach();  // sigwait cannot be interrupted; the process exits around it
  }

  // A function to call on SIGTERM/SIGINT (e.g. cancelling a clone); nullptr clears it.
  void SetOnShutdown(std::function<void()> on_shutdown) {
    absl::MutexLock lock(&mu_);
    on_shutdown_ = std::move(on_shutdown);
    if (shutdown_ && on_shutdown_) on_shutdown_();
  }

  bool shutdown_requested() {
    absl::MutexLock lock(&mu_);
    return shutdown_;
  }

  // Blocks until a shutdown (true) or a swap request (false).
  bool WaitShutdownOrSwap() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](SignalWaiter* w) ABSL_NO_THREAD_SAFETY_ANALYSIS { return w->shutdown_ || w->swap_; },
        this));
    swap_ = false;
    return shutdown_;
  }

 private:
  void Loop() {
    for (;;) {
      int number = 0;
      if (sigwait(&signals_, &number) != 0) continue;
      absl::MutexLock lock(&mu_);
      if (number == SIGUSR1) {
        swap_ = true;
        continue;
      }
      spdlog::info("received {}", number == SIGTERM ? "SIGTERM" : "SIGINT");
      shutdown_ = true;
      if (on_shutdown_) on_shutdown_();
    }
  }

  const sigset_t signals_;
  std::thread thread_;
  absl::Mutex mu_;
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
  bool swap_ ABSL_GUARDED_BY(mu_) = false;
  std::function<void()> on_shutdown_ ABSL_GUARDED_BY(mu_);
};

// Closes the server, installs the finished re-clone while a CloneFrontend answers
// UNAVAILABLE, and returns; the caller starts the server again.
void SwapInRecloneWhileClosed(ordinal::server::Server& server,
                              const ordinal::server::Config& config, int ordinal,
                              const ordinal::server::Authenticator& auth) {
  using namespace ordinal::server;
  spdlog::info("swapping in the re-clone: closing the server");
  server.Shutdown(absl::Seconds(1));
  absl::StatusOr<std::unique_ptr<CloneFrontend>> frontend = CloneFrontend::Start(
      config, ordinal, auth, nullptr, "installing a new clone");
  if (!frontend.ok()) spdlog::warn("{}", frontend.status().ToString());
  if (absl::Status s = SwapInReclone(config.data_dir); !s.ok()) {
    spdlog::error("cannot swap in the re-clone ({}): reopening the old data", s.ToString());
  } else {
    spdlog::info("re-clone installed in {}", config.data_dir);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ordinal::server;
  spdlog::set_default_logger(spdlog::stderr_logger_mt("ordinald"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  SignalWaiter signals(BlockProcessSignals());

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
      GetEnv("ORDINAL_ROOT_PASSWORD"), config.password_file, config.insecure_no_password);
  if (!auth.ok()) return Fail(kExitUsage, std::string(auth.status().message()));
  if (!auth->requires_password()) {
    spdlog::warn("running WITHOUT a password (--insecure_no_password): anyone who can reach "
                 "the port has full access");
  }

  spdlog::info("ordinald {} starting: ordinal {} ({})", kVersion, *ordinal,
               RoleName(RoleForOrdinal(*ordinal)));
  auto register_cancel = [&signals](auto cancel) { signals.SetOnShutdown(std::move(cancel)); };
  absl::Status recovered = RecoverPrimaryIfNeeded(config, *ordinal, *auth, register_cancel);
  if (signals.shutdown_requested()) return 0;
  if (!recovered.ok()) return Fail(kExitStartFailed, std::string(recovered.message()));
  absl::Status cloned = RunInitialClone(config, *ordinal, *auth, register_cancel);
  if (signals.shutdown_requested()) return 0;
  if (!cloned.ok()) return Fail(kExitStartFailed, std::string(cloned.message()));
  for (;;) {
    absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(config, *ordinal, *auth);
    if (!server.ok()) return Fail(kExitStartFailed, std::string(server.status().message()));
    if (signals.WaitShutdownOrSwap()) {
      (*server)->Shutdown(absl::Seconds(5));
      return 0;
    }
    SwapInRecloneWhileClosed(**server, config, *ordinal, *auth);
    server->reset();
    if (signals.shutdown_requested()) return 0;
  }
}
