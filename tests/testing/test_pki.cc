#include "tests/testing/test_pki.h"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ordinal::testing {
namespace {

constexpr char kNewKey[] =
    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2";

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

absl::Status RunShell(const std::string& command) {
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return absl::InternalError(absl::StrCat("cannot run: ", command));
  std::string output;
  char buffer[512];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
  const int status = pclose(pipe);
  if (status == 0) return absl::OkStatus();
  if (output.size() > 1000) output = output.substr(output.size() - 1000);
  return absl::InternalError(absl::StrCat("command failed (status ", status, "): ", command,
                                          "\n", output));
}

absl::StatusOr<TestPki> TestPki::Create(const std::string& dir, const std::string& name) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  TestPki pki;
  pki.dir_ = dir;
  pki.ca_ = {dir + "/" + name + ".crt", dir + "/" + name + ".key"};
  absl::Status made = RunShell(absl::StrCat(kNewKey, " -keyout ", Quote(pki.ca_.key), " -out ",
                                              Quote(pki.ca_.cert), " -subj ",
                                              Quote("/CN=" + name)));
  if (!made.ok()) return made;
  return pki;
}

absl::StatusOr<CertFiles> TestPki::Issue(const std::string& file_stem, const std::string& cn,
                                         const std::vector<std::string>& sans) const {
  CertFiles files{dir_ + "/" + file_stem + ".crt", dir_ + "/" + file_stem + ".key"};
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(files.cert).parent_path(), error);
  std::string command = absl::StrCat(
      kNewKey, " -keyout ", Quote(files.key), " -out ", Quote(files.cert), " -subj ",
      Quote("/CN=" + cn), " -CA ", Quote(ca_.cert), " -CAkey ", Quote(ca_.key),
      " -addext 'basicConstraints=critical,CA:FALSE'",
      " -addext 'extendedKeyUsage=serverAuth,clientAuth'");
  if (!sans.empty()) {
    absl::StrAppend(&command, " -addext ", Quote("subjectAltName=" + absl::StrJoin(sans, ",")));
  }
  absl::Status made = RunShell(command);
  if (!made.ok()) return made;
  return files;
}

absl::Status TestPki::Rotate(const CertFiles& target, const std::string& cn,
                             const std::vector<std::string>& sans) const {
  const std::string stem = absl::StrCat(
      std::filesystem::path(target.cert).filename().stem().string(), ".next");
  absl::StatusOr<CertFiles> next = Issue(stem, cn, sans);
  if (!next.ok()) return next.status();
  std::error_code error;
  std::filesystem::rename(next->key, target.key, error);
  if (!error) std::filesystem::rename(next->cert, target.cert, error);
  if (error) return absl::InternalError(absl::StrCat("rotate: ", error.message()));
  return absl::OkStatus();
}

}  // namespace ordinal::testing
