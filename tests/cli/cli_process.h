// Running the built `ordinal` binary from a test: once with a script on stdin
// (RunCli), or interactively on a pseudo-terminal (CliTerminal).
#ifndef ORDINAL_TESTS_CLI_CLI_PROCESS_H_
#define ORDINAL_TESTS_CLI_CLI_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace ordinal::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `ordinal args...` with `stdin_text` as its standard input (a file, so not a
// terminal) and `env` ("NAME=value") added to this process's environment; waits for it.
CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text,
                 const std::vector<std::string>& env);

// `ordinal args...` on the slave side of a pseudo-terminal, driven like a user would.
class CliTerminal {
 public:
  CliTerminal(const std::vector<std::string>& args, const std::vector<std::string>& env);
  // Kills the process if it is still running.
  ~CliTerminal();

  bool started() const { return pid_ > 0; }
  // Types `text` (include "\n" to press Enter).
  absl::Status Type(const std::string& text);
  // Reads the terminal until `expected` appears in what was read since the last successful
  // WaitFor, or fails after `timeout` (with everything read in the message).
  absl::Status WaitFor(const std::string& expected,
                       std::chrono::seconds timeout = std::chrono::seconds(20));
  // Everything read from the terminal so far.
  const std::string& transcript() const { return transcript_; }
  // Waits for the process to exit and returns its exit code (-1 when killed by a signal).
  int WaitExit();

 private:
  pid_t pid_ = -1;
  int master_fd_ = -1;
  std::string transcript_;
  size_t consumed_ = 0;  // transcript_ before this offset has been matched already
};

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_CLI_CLI_PROCESS_H_
