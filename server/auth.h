// Who is calling: password authentication of gRPC calls and MySQL logins against the
// accounts stored in the engine (engine/auth/accounts.h, docs/users-and-privileges.md).
//
// Identities:
//  - Stored accounts: a login names a user; the account is the stored 'user'@'host' that
//    matches the client's address (engine/auth HostMatches), and the password is checked
//    against its stored hash. The caller then runs with that account's privileges.
//  - Before any account exists (a new replica before its clone, a store that predates
//    accounts), the configured credentials stand in for the accounts a primary creates
//    from them: root with the root password (every privilege), and the replication user
//    with its password (REPLICATION SLAVE only).
//  - --insecure_no_password: no checks at all; every caller runs as the superuser, whatever
//    user it names (MySQL's --skip-grant-tables).
//
// Passwords come from the environment (ORDINAL_ROOT_PASSWORD, ORDINAL_REPLICATION_PASSWORD)
// or from files (--password_file, --replication_password_file), never from the command line,
// and are never logged.
//
// Thread safety: configure (SetAccountSource, RequireSecureChannel) before serving; every
// other method is thread-safe.
#ifndef ORDINAL_SERVER_AUTH_H_
#define ORDINAL_SERVER_AUTH_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <grpcpp/server_context.h>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "engine/auth/accounts.h"
#include "engine/auth/privileges.h"
#include "engine/database.h"

namespace ordinal::server {

inline constexpr char kRootUser[] = "root";

// A user and password a node presents to its peers.
struct PeerCredentials {
  std::string user = kRootUser;
  std::string password;
};

// What one login is checked against (for the MySQL front end, whose scramble-based plugins
// need the stored hashes rather than a password).
struct LoginCandidate {
  bool found = false;  // an account (or a stand-in identity) exists for the user and host
  bool locked = false;
  engine::auth::Principal principal;  // whom the login becomes when its proof holds
  std::string plugin;                 // the account's plugin
  std::string authentication_string;  // its stored hash for that plugin
  std::string native_hash;            // "*HEX" of SHA1(SHA1(password)); "" if none
  // The clear password when this server knows it (the configured root or replication
  // password, matching the stored hash): any plugin can be checked from it.
  std::optional<std::string> known_password;
  bool accept_any = false;  // --insecure_no_password
};

class Authenticator {
 public:
  struct Options {
    std::optional<std::string> root_password;  // nullopt: --insecure_no_password
    std::string replication_user;              // "" when none is configured
    std::string replication_password;
  };

  explicit Authenticator(Options options) : options_(std::move(options)) {}
  // Accepts every call (--insecure_no_password).
  static Authenticator AllowAll();
  // Root with `password`, no replication user.
  static Authenticator WithPassword(std::string password);

  // The root password from the environment's ORDINAL_ROOT_PASSWORD (when non-empty), then
  // --password_file, then --insecure_no_password; the replication user's password from
  // ORDINAL_REPLICATION_PASSWORD, then --replication_password_file. FAILED_PRECONDITION
  // with a message saying how to set a password when none is given and insecure mode is
  // off, or when a replication user has no password; NOT_FOUND or INVALID_ARGUMENT when a
  // password file is missing or empty.
  static absl::StatusOr<Authenticator> FromSources(
      const std::optional<std::string>& env_password, const std::string& password_file,
      bool insecure_no_password, const std::string& replication_user = "",
      const std::optional<std::string>& env_replication_password = std::nullopt,
      const std::string& replication_password_file = "");

  // Where the stored accounts come from: the open store's (nullptr while none is open, for
  // instance during a re-clone: logins then fail with UNAVAILABLE). Set before serving.
  using AccountSource = std::function<std::shared_ptr<const engine::auth::AccountSet>()>;
  void SetAccountSource(AccountSource source) { source_ = std::move(source); }

  // The gRPC call's identity: x-ordinal-user (default "root") and x-ordinal-password
  // checked as Login does, from the call's peer address. After RequireSecureChannel, a call
  // that did not arrive over TLS is UNAUTHENTICATED too.
  absl::StatusOr<engine::auth::Principal> Check(const grpc::ServerContextBase& context) const;
  // Check, then require at least one privilege of `privilege` globally: PERMISSION_DENIED
  // errno 1227 naming `names` otherwise.
  absl::Status CheckPrivilege(const grpc::ServerContextBase& context,
                              engine::auth::PrivilegeSet privilege, std::string_view names) const;

  // A login with a clear password (gRPC, and caching_sha2_password's full authentication
  // over TLS). UNAUTHENTICATED errno 1045 "Access denied for user 'u'@'h' (using password:
  // YES|NO)"; errno 3118 when the account is locked.
  absl::StatusOr<engine::auth::Principal> Login(std::string_view user, std::string_view password,
                                                std::string_view client_host) const;

  // What a login of `user` from `client_host` must prove (MySQL's scramble plugins).
  // UNAVAILABLE while no store is open.
  absl::StatusOr<LoginCandidate> Lookup(std::string_view user, std::string_view client_host) const;

  // Refuses calls that arrived in plaintext: with TLS configured, the only plaintext port is
  // --health_port, which serves health checks (and reflection) and nothing else. Call before
  // serving.
  void RequireSecureChannel() { require_secure_channel_ = true; }

  bool requires_password() const { return options_.root_password.has_value(); }

  // What this node presents to its primary and predecessor (replication and clone): the
  // replication user when one is configured, else root. Never log the password.
  PeerCredentials peer_credentials() const;

  // The accounts the primary creates from the configuration (engine AccountBootstrap).
  engine::AccountBootstrap Bootstrap() const;

  // The 1045 error for `user` from `client_host`.
  static absl::Status AccessDenied(std::string_view user, std::string_view client_host,
                                   bool using_password);

 private:
  std::optional<std::string> KnownPasswordFor(const ordinal::v1::AccountDef& account) const;
  // VerifyPassword against the candidate's stored hash, remembering successes.
  bool VerifyRemembered(const LoginCandidate& candidate, std::string_view password) const;

  Options options_;
  AccountSource source_;
  bool require_secure_channel_ = false;
  // Stored hashes known to match (or not) a configured password: a crypt check costs
  // 5,000 rounds of SHA-256.
  struct Memo {
    absl::Mutex mu;
    absl::flat_hash_map<std::string, bool> verified ABSL_GUARDED_BY(mu);
  };
  std::shared_ptr<Memo> memo_ = std::make_shared<Memo>();
};

// The client address in a gRPC peer string ("ipv4:127.0.0.1:5000" -> "127.0.0.1",
// "ipv6:[::1]:5000" -> "::1"); "localhost" when it has none (in-process channels).
std::string PeerHost(std::string_view peer);

// Equality of `a` and `b` in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_AUTH_H_
