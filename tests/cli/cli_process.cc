#include "tests/cli/cli_process.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "tests/testing/server_process.h"

extern char** environ;

namespace ordinal::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// argv for execve: the binary, then `args`.
std::vector<char*> MakeArgv(const std::string& binary, std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

// This process's environment plus `extra` (later entries win for the same name).
std::vector<std::string> MergeEnv(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    bool overridden = false;
    for (const std::string& x : extra) overridden |= x.rfind(name + "=", 0) == 0;
    if (!overridden) env.push_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text,
                 const std::vector<std::string>& env) {
  std::string dir = MakeTempDir("ordinal-cli-run");
  std::string in_path = dir + "/stdin", out_path = dir + "/stdout", err_path = dir + "/stderr";
  std::ofstream(in_path, std::ios::binary) << stdin_text;
  std::string binary = CliPath();
  std::vector<std::string> arg_copy = args;
  std::vector<char*> argv = MakeArgv(binary, arg_copy);
  std::vector<std::string> env_strings = MergeEnv(env);
  std::vector<char*> envp = Pointers(env_strings);
  CliResult result;
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  if (pid > 0) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = ExitCode(status);
    result.out = ReadFile(out_path);
    result.err = ReadFile(err_path);
  }
  RemoveTree(dir);
  return result;
}

CliTerminal::CliTerminal(const std::vector<std::string>& args,
                         const std::vector<std::string>& env) {
  std::string binary = CliPath();
  std::vector<std::string> arg_copy = args;
  std::vector<char*> argv = MakeArgv(binary, arg_copy);
  std::vector<std::string> env_strings = MergeEnv(env);
  std::vector<char*> envp = Pointers(env_strings);
  winsize size{};
  size.ws_row = 40;
  size.ws_col = 200;
  pid_ = forkpty(&master_fd_, nullptr, nullptr, &size);
  if (pid_ == 0) {
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
}

CliTerminal::~CliTerminal() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    WaitExit();
  }
  if (master_fd_ >= 0) close(master_fd_);
}

absl::Status CliTerminal::Type(const std::string& text) {
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = write(master_fd_, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return absl::UnavailableError("cannot write to the terminal");
    written += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::Status CliTerminal::WaitFor(const std::string& expected, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    size_t found = transcript_.find(expected, consumed_);
    if (found != std::string::npos) {
      consumed_ = found + expected.size();
      return absl::OkStatus();
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd fd{master_fd_, POLLIN, 0};
    int ready = poll(&fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    char buffer[4096];
    ssize_t n = read(master_fd_, buffer, sizeof(buffer));
    if (n <= 0) break;  // EIO: the process closed the terminal
    transcript_.append(buffer, static_cast<size_t>(n));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("did not see '", expected, "'; the terminal showed:\n", transcript_));
}

int CliTerminal::WaitExit() {
  if (pid_ <= 0) return -1;
  // Drain the terminal so the process never blocks writing to it.
  char buffer[4096];
  while (true) {
    ssize_t n = read(master_fd_, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    transcript_.append(buffer, static_cast<size_t>(n));
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return ExitCode(status);
}

}  // namespace ordinal::testing
