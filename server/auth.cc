#include "server/auth.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/sql_error.h"
#include "proto/status_mapping.h"

namespace ordinal::server {
namespace {

std::string_view MetadataValue(const grpc::ServerContextBase& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return {};
  return std::string_view(it->second.data(), it->second.size());
}

absl::StatusOr<std::string> ReadPasswordFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read --password_file '", path, "'"));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string password = buffer.str();
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  if (password.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--password_file '", path, "' is empty"));
  }
  return password;
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Walks all of `b` whatever `a` is, so the time reveals only the lengths.
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < b.size(); ++i) {
    unsigned char ca = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    diff |= ca ^ static_cast<unsigned char>(b[i]);
  }
  return diff == 0;
}

Authenticator Authenticator::AllowAll() { return Authenticator(std::nullopt); }

Authenticator Authenticator::WithPassword(std::string password) {
  return Authenticator(std::move(password));
}

absl::StatusOr<Authenticator> Authenticator::FromSources(
    const std::optional<std::string>& env_password, const std::string& password_file,
    bool insecure_no_password) {
  if (env_password.has_value() && !env_password->empty()) return WithPassword(*env_password);
  if (!password_file.empty()) {
    absl::StatusOr<std::string> password = ReadPasswordFile(password_file);
    if (!password.ok()) return password.status();
    return WithPassword(*std::move(password));
  }
  if (insecure_no_password) return AllowAll();
  return absl::FailedPreconditionError(
      "no root password: set ORDINAL_ROOT_PASSWORD or --password_file "
      "(or pass --insecure_no_password to run without one)");
}

absl::Status Authenticator::CheckCredentials(std::string_view user,
                                             std::string_view password) const {
  if (!password_.has_value()) return absl::OkStatus();
  if (user.empty()) user = kRootUser;
  bool user_ok = user == kRootUser;
  bool password_ok = ConstantTimeEquals(password, *password_);
  if (user_ok && password_ok) return absl::OkStatus();
  std::string_view shown = user.substr(0, 64);
  return SqlError(absl::StatusCode::kUnauthenticated, MysqlErrno::kAccessDenied,
                  absl::StrCat("Access denied for user '",
                               absl::string_view(shown.data(), shown.size()), "'"));
}

absl::Status Authenticator::Check(const grpc::ServerContextBase& context) const {
  if (require_secure_channel_) {
    std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
    std::vector<grpc::string_ref> level =
        auth == nullptr ? std::vector<grpc::string_ref>()
                        : auth->FindPropertyValues(GRPC_TRANSPORT_SECURITY_LEVEL_PROPERTY_NAME);
    if (level.empty() || level.front() != "TSI_PRIVACY_AND_INTEGRITY") {
      return absl::UnauthenticatedError(
          "this plaintext port serves health checks only: connect with TLS to --port");
    }
  }
  if (!password_.has_value()) return absl::OkStatus();
  return CheckCredentials(MetadataValue(context, kUserMetadataKey),
                          MetadataValue(context, kPasswordMetadataKey));
}

}  // namespace ordinal::server
