// ordinald: the OrdinalDB server. Exit status: 0 after a clean shutdown (SIGTERM/SIGINT),
// 2 for a bad command line or environment, 1 when the server cannot start.
#include <signal.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/auth.h"
#include "server/config.h"
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

// Blocks the shutdown signals in every thread (call before any thread starts), so that
// main can take them with sigwait.
sigset_t BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ordinal::server;
  spdlog::set_default_logger(spdlog::stderr_logger_mt("ordinald"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  const sigset_t signals = BlockShutdownSignals();

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
  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(config, *ordinal, *std::move(auth));
  if (!server.ok()) return Fail(kExitStartFailed, std::string(server.status().message()));

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("received {}", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->Shutdown(absl::Seconds(5));
  server->reset();
  return 0;
}
