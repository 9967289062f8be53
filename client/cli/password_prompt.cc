#include "client/cli/password_prompt.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "absl/status/status.h"

namespace ordinal::cli {
namespace {

// Reads up to a newline from `fd`; false when the input ended before any newline.
bool ReadLine(int fd, std::string& line) {
  char c;
  while (true) {
    ssize_t n = read(fd, &c, 1);
    if (n <= 0) return !line.empty();
    if (c == '\n' || c == '\r') return true;
    line += c;
  }
}

}  // namespace

absl::StatusOr<std::string> ReadPassword(const std::string& prompt) {
  int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  std::string password;
  if (fd < 0) {
    // No terminal: the password is the first line of stdin.
    if (!ReadLine(STDIN_FILENO, password)) {
      return absl::InvalidArgumentError("no password given on standard input");
    }
    return password;
  }
  if (write(fd, prompt.data(), prompt.size()) < 0) {
    close(fd);
    return absl::UnavailableError("cannot write the password prompt to the terminal");
  }
  termios saved;
  bool restore = tcgetattr(fd, &saved) == 0;
  if (restore) {
    termios silent = saved;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    silent.c_lflag |= ECHONL;
    tcsetattr(fd, TCSAFLUSH, &silent);
  }
  bool ok = ReadLine(fd, password);
  if (restore) tcsetattr(fd, TCSAFLUSH, &saved);
  close(fd);
  if (!ok) return absl::InvalidArgumentError("no password entered");
  return password;
}

}  // namespace ordinal::cli
