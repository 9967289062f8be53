#include "client/cli/backup_dispatch.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "client/cli/password_prompt.h"

namespace ordinal::cli {
namespace fs = std::filesystem;
namespace {

constexpr char kBinary[] = "ordinal-backup";

std::string FindBinary() {
  if (const char* env = std::getenv("ORDINAL_BACKUP_BIN"); env != nullptr && *env) return env;
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    for (const fs::path& candidate :
         {self.parent_path() / kBinary, self.parent_path().parent_path() / "backup" / kBinary}) {
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
  }
  return kBinary;  // execvp searches PATH
}

}  // namespace

bool IsBackupCommand(const std::vector<std::string>& args) {
  return !args.empty() && (args[0] == "backup" || args[0] == "restore");
}

int RunBackupCommand(std::vector<std::string> args) {
  for (auto it = args.begin(); it != args.end(); ++it) {
    if (*it != "-p" && *it != "--password") continue;
    absl::StatusOr<std::string> password = ReadPassword("Enter password: ");
    if (!password.ok()) {
      std::cerr << "ordinal: " << password.status().message() << "\n";
      return 1;
    }
    setenv("ORDINAL_PASSWORD", password->c_str(), 1);
    args.erase(it);
    break;
  }
  const std::string binary = FindBinary();
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execvp(binary.c_str(), argv.data());
  std::cerr << "ordinal: cannot run " << binary << " for '" << args[0]
            << "': " << strerror(errno) << " (install ordinal-backup next to ordinal, or set "
            << "ORDINAL_BACKUP_BIN)\n";
  return 1;
}

}  // namespace ordinal::cli
