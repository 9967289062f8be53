#include "client/cli/interactive.h"

// libedit's readline-compatible API.
#include <editline/readline.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "client/cli/statement_splitter.h"

namespace ordinal::cli {
namespace {

std::string HistoryPath() {
  if (const char* path = std::getenv("ORDINAL_HISTFILE"); path != nullptr && *path != '\0') {
    return path;
  }
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return std::string(home) + "/.ordinal_history";
}

// mysql's prompts: `ordinal> ` for a new statement, then one saying what is still open.
const char* Prompt(const Shell& shell) {
  if (!shell.has_pending()) return "ordinal> ";
  switch (shell.open_delimiter()) {
    case '\'':
      return "    '> ";
    case '"':
      return "    \"> ";
    case '`':
      return "    `> ";
    case '*':
      return "   /*> ";
  }
  return "    -> ";
}

void Greet(Client& client) {
  std::cout << "Welcome to the OrdinalDB monitor.  Commands end with ; or \\g.\n";
  absl::StatusOr<ServerStatus> status = client.Status();
  if (status.ok()) {
    std::cout << "Server version: " << status->version << " (ordinal " << status->ordinal << ", "
              << status->role << ")\n";
  }
  std::cout << "\nType 'help;' or '\\h' for help. Type '\\c' to clear the current input "
               "statement.\n\n"
            << std::flush;
}

}  // namespace

int RunInteractive(Client& client, Shell& shell) {
  std::string history = HistoryPath();
  using_history();
  if (!history.empty()) read_history(history.c_str());
  Greet(client);
  while (true) {
    char* raw = readline(Prompt(shell));
    if (raw == nullptr) break;  // end of input (Ctrl-D)
    std::string line(raw);
    std::free(raw);
    if (!TrimWhitespace(line).empty()) add_history(line.c_str());
    if (shell.ProcessLine(line) == Shell::Outcome::kQuit) break;
  }
  std::cout << "Bye" << std::endl;
  if (!history.empty()) write_history(history.c_str());
  return 0;
}

}  // namespace ordinal::cli
