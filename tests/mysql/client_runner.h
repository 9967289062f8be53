// Runs a real MySQL client program (the mariadb CLI, a Python, Node or Java program,
// sysbench, mysqldump) as a child process for the MySQL protocol tests, bounded in time,
// and captures what it printed.
#ifndef ORDINAL_TESTS_MYSQL_CLIENT_RUNNER_H_
#define ORDINAL_TESTS_MYSQL_CLIENT_RUNNER_H_

#include <map>
#include <string>
#include <vector>

namespace ordinal::testing {

struct CommandResult {
  int exit_code = -1;   // 124 when the time limit killed it
  std::string output;   // stdout and stderr, interleaved
};

// Runs `argv` with `env` added to this process's environment and `input` on its stdin,
// killed after `timeout_s` seconds.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env, int timeout_s,
                         const std::string& input = "");

// Whether an executable named `name` is on PATH (or is an existing absolute path).
bool HaveProgram(const std::string& name);

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_MYSQL_CLIENT_RUNNER_H_
