// Reading a password from the terminal with echo off, as `mysql -p` does.
#ifndef ORDINAL_CLIENT_CLI_PASSWORD_PROMPT_H_
#define ORDINAL_CLIENT_CLI_PASSWORD_PROMPT_H_

#include <string>

#include "absl/status/statusor.h"

namespace ordinal::cli {

// Writes `prompt` to the controlling terminal and reads one line from it without echo.
// Without a terminal, reads the line from stdin. Fails when the input ends first.
absl::StatusOr<std::string> ReadPassword(const std::string& prompt);

}  // namespace ordinal::cli

#endif  // ORDINAL_CLIENT_CLI_PASSWORD_PROMPT_H_
