// Small shell helpers for tests that drive scripts (bench/mariadb-local): running a command
// line with its output appended to a log, reading a file whole, and whether MariaDB's server
// is installed. Header-only; not thread-safe beyond what std::system is.
#ifndef ORDINAL_TESTS_TESTING_SHELL_H_
#define ORDINAL_TESTS_TESTING_SHELL_H_

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"

namespace ordinal::testing {

// Runs `command` with /bin/sh; stdout and stderr are appended to `log`. The exit status, or
// -1 when the command did not exit normally.
inline int Shell(const std::string& command, const std::string& log) {
  const int rc = std::system(absl::StrCat(command, " >>", log, " 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// The file's content ("" when it cannot be read).
inline std::string ReadFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Whether mariadbd is on PATH or in /usr/sbin.
inline bool HaveMariadb() {
  return std::system("command -v mariadbd >/dev/null 2>&1 || test -x /usr/sbin/mariadbd") == 0;
}

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_TESTING_SHELL_H_
