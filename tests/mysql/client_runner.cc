#include "tests/mysql/client_runner.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env, int timeout_s,
                         const std::string& input) {
  const std::string dir = MakeTempDir("mysql-client");
  const std::string input_path = dir + "/stdin";
  std::ofstream(input_path) << input;
  std::string command = "env";
  for (const auto& [name, value] : env) command += " " + ShellQuote(name + "=" + value);
  command += " timeout -k 5 " + std::to_string(timeout_s);
  for (const std::string& arg : argv) command += " " + ShellQuote(arg);
  command += " < " + ShellQuote(input_path) + " 2>&1";
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    RemoveTree(dir);
    return result;
  }
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  RemoveTree(dir);
  return result;
}

bool HaveProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return std::filesystem::exists(name);
  return RunCommand({"sh", "-c", "command -v " + ShellQuote(name)}, {}, 10).exit_code == 0;
}

}  // namespace ordinal::testing
