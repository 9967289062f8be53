// Password authentication of Sql and Admin calls. The only user is root; its password comes
// from ORDINAL_ROOT_PASSWORD or from --password_file (the file's contents without the
// trailing newline), never from the command line. The password is never logged.
//
// Thread safety: an Authenticator is immutable after construction; Check is thread-safe.
#ifndef ORDINAL_SERVER_AUTH_H_
#define ORDINAL_SERVER_AUTH_H_

#include <optional>
#include <string>
#include <string_view>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"

namespace ordinal::server {

inline constexpr char kRootUser[] = "root";

class Authenticator {
 public:
  // Accepts every call (--insecure_no_password).
  static Authenticator AllowAll();
  // Accepts calls from root carrying `password`.
  static Authenticator WithPassword(std::string password);

  // Chooses from the environment's ORDINAL_ROOT_PASSWORD (when non-empty), then
  // --password_file, then --insecure_no_password. FAILED_PRECONDITION with a message saying
  // how to set a password when none is given and insecure mode is off; NOT_FOUND or
  // INVALID_ARGUMENT when the password file is missing or empty.
  static absl::StatusOr<Authenticator> FromSources(const std::optional<std::string>& env_password,
                                                   const std::string& password_file,
                                                   bool insecure_no_password);

  // OK when the call's metadata x-ordinal-user (default "root") and x-ordinal-password
  // match; UNAUTHENTICATED (errno 1045) otherwise. Compares in constant time. After
  // RequireSecureChannel, a call that did not arrive over TLS is UNAUTHENTICATED too.
  absl::Status Check(const grpc::ServerContextBase& context) const;

  // Refuses calls that arrived in plaintext: with TLS configured, the only plaintext port is
  // --health_port, which serves health checks (and reflection) and nothing else. Call before
  // serving.
  void RequireSecureChannel() { require_secure_channel_ = true; }

  // The same check on already extracted values.
  absl::Status CheckCredentials(std::string_view user, std::string_view password) const;

  bool requires_password() const { return password_.has_value(); }

  // The root password ("" when none is needed): a replica presents it to the primary, as
  // every pod of a cluster shares one secret. Never log it.
  std::string password() const { return password_.value_or(""); }

 private:
  explicit Authenticator(std::optional<std::string> password) : password_(std::move(password)) {}
  std::optional<std::string> password_;  // nullopt: no password needed
  bool require_secure_channel_ = false;
};

// Equality of `a` and `b` in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_AUTH_H_
