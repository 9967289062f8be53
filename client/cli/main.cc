// `ordinal`: the OrdinalDB command-line client, shaped like the mysql client.
//
// Modes, as in mysql: -e runs the given statements; SQL comes from stdin when stdin is not a
// terminal (or with --batch); otherwise an interactive prompt. Non-interactive modes print
// tab-separated results (bordered tables with --table) and exit 1 at the first error.
#include <unistd.h>

#include <grpc/support/log.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "client/cli/backup_dispatch.h"
#include "client/cli/interactive.h"
#include "client/cli/options.h"
#include "client/cli/password_prompt.h"
#include "client/cli/shell.h"
#include "client/client.h"
#include "common/sql_error.h"

#ifndef ORDINAL_VERSION
#define ORDINAL_VERSION "0.0.0"
#endif

namespace ordinal::cli {
namespace {

// Feeds `input` to the shell a line at a time; 1 when a statement failed.
int RunScript(Shell& shell, std::istream& input) {
  std::string line;
  while (std::getline(input, line)) {
    Shell::Outcome outcome = shell.ProcessLine(line);
    if (outcome == Shell::Outcome::kQuit) return 0;
    if (outcome == Shell::Outcome::kFailed) return 1;
  }
  return shell.Finish() == Shell::Outcome::kFailed ? 1 : 0;
}

ShellOptions ChooseShellOptions(const CliOptions& options, bool interactive) {
  ShellOptions shell;
  shell.interactive = interactive;
  shell.column_names = !options.skip_column_names;
  if (options.vertical) {
    shell.format = OutputFormat::kVertical;
  } else if (options.table || (interactive && !options.batch)) {
    shell.format = OutputFormat::kTable;
  } else {
    shell.format = OutputFormat::kBatch;
  }
  return shell;
}

// The password: -pSECRET, else asked for with -p, else $ORDINAL_PASSWORD, else empty.
absl::StatusOr<std::string> ResolvePassword(const CliOptions& options) {
  if (options.password.has_value()) return *options.password;
  if (options.prompt_password) return ReadPassword("Enter password: ");
  if (const char* env = std::getenv("ORDINAL_PASSWORD"); env != nullptr) return std::string(env);
  return std::string();
}

// gRPC's own log lines (a TLS attempt that PREFERRED falls back from, a refused handshake)
// are not for the shell's user: the CLI reports every failure itself, in a sentence.
void QuietGrpcLog(gpr_log_func_args*) {}

int Main(int argc, char** argv) {
  gpr_set_log_function(QuietGrpcLog);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (IsBackupCommand(args)) return RunBackupCommand(std::move(args));
  absl::StatusOr<CliOptions> parsed = ParseCommandLine(args);
  if (!parsed.ok()) {
    std::cerr << "ordinal: " << parsed.status().message() << "\n"
              << "Run 'ordinal --help' for the options.\n";
    return 1;
  }
  const CliOptions& options = *parsed;
  if (options.help) {
    std::cout << UsageText();
    return 0;
  }
  if (options.version) {
    std::cout << "ordinal  Ver " << ORDINAL_VERSION << " for OrdinalDB\n";
    return 0;
  }
  for (const std::string& warning : options.warnings) std::cerr << warning << "\n";
  absl::StatusOr<std::string> password = ResolvePassword(options);
  if (!password.ok()) {
    std::cerr << "ordinal: " << password.status().message() << "\n";
    return 1;
  }
  ClientOptions client_options;
  client_options.address = options.address();
  client_options.user = options.user;
  client_options.password = *password;
  client_options.database = options.database;
  client_options.tls = options.tls;
  // Statements typed by hand may run long (an index build, a big CHECKSUM): the shell waits
  // like mysql does rather than giving up after the library's default 30 s. An unreachable
  // server still fails at once, when its connection attempt fails.
  client_options.timeout = std::chrono::hours(1);
  absl::StatusOr<std::unique_ptr<Client>> client = Client::Connect(client_options);
  if (!client.ok()) {
    std::cerr << FormatSqlError(client.status()) << "\n";
    return 1;
  }
  bool interactive = !options.execute.has_value() && !options.batch && isatty(STDIN_FILENO);
  Shell shell(**client, ChooseShellOptions(options, interactive), std::cout, std::cerr);
  if (options.execute.has_value()) {
    std::istringstream input(*options.execute);
    return RunScript(shell, input);
  }
  if (!interactive) return RunScript(shell, std::cin);
  return RunInteractive(**client, shell);
}

}  // namespace
}  // namespace ordinal::cli

int main(int argc, char** argv) { return ordinal::cli::Main(argc, argv); }
