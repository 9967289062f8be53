#include "server/auth.h"

#include <grpc/grpc_security_constants.h>
#include <openssl/sha.h>
#include <grpcpp/security/auth_context.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/sql_error.h"
#include "engine/auth/account_statements.h"
#include "engine/auth/password_hash.h"
#include "engine/auth/statement_privileges.h"
#include "proto/status_mapping.h"

namespace ordinal::server {
namespace {

using engine::auth::Principal;

absl::string_view V(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string_view MetadataValue(const grpc::ServerContextBase& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return {};
  return std::string_view(it->second.data(), it->second.size());
}

absl::StatusOr<std::string> ReadPasswordFile(const std::string& path, std::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read --", V(flag), " '",
                                            path, "'"));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string password = buffer.str();
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  if (password.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", V(flag), " '", path, "' is empty"));
  }
  return password;
}

// A password from the environment (when non-empty), else from a file ("" when neither).
absl::StatusOr<std::optional<std::string>> PasswordFrom(const std::optional<std::string>& env,
                                                        const std::string& file,
                                                        std::string_view flag) {
  if (env.has_value() && !env->empty()) return env;
  if (file.empty()) return std::optional<std::string>();
  absl::StatusOr<std::string> password = ReadPasswordFile(file, flag);
  if (!password.ok()) return password.status();
  return std::optional<std::string>(*std::move(password));
}

Principal StandIn(std::string_view user, std::string_view client_host,
                  engine::auth::PrivilegeSet privileges) {
  Principal p;
  p.user = std::string(user);
  p.client_host = std::string(client_host);
  p.account_user = std::string(user);
  p.account_host = "%";
  p.fixed_privileges = privileges;
  return p;
}

constexpr size_t kMaxRemembered = 100000;

constexpr engine::auth::PrivilegeSet kEverything =
    engine::auth::kGrantOption | ((engine::auth::kGrantOption) - 1);

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return engine::auth::ConstantTimeEquals(a, b);
}

std::string PeerHost(std::string_view peer) {
  if (peer.substr(0, 5) == "ipv4:") {
    peer.remove_prefix(5);
    return std::string(peer.substr(0, peer.rfind(':')));
  }
  if (peer.substr(0, 5) == "ipv6:") {
    peer.remove_prefix(5);
    if (!peer.empty() && peer[0] == '[') {
      const size_t close = peer.find(']');
      if (close != std::string_view::npos) return std::string(peer.substr(1, close - 1));
    }
    return std::string(peer.substr(0, peer.rfind(':')));
  }
  return "localhost";
}

Authenticator Authenticator::AllowAll() { return Authenticator(Options{}); }

Authenticator Authenticator::WithPassword(std::string password) {
  Options options;
  options.root_password = std::move(password);
  return Authenticator(std::move(options));
}

absl::StatusOr<Authenticator> Authenticator::FromSources(
    const std::optional<std::string>& env_password, const std::string& password_file,
    bool insecure_no_password, const std::string& replication_user,
    const std::optional<std::string>& env_replication_password,
    const std::string& replication_password_file) {
  Options options;
  absl::StatusOr<std::optional<std::string>> root =
      PasswordFrom(env_password, password_file, "password_file");
  if (!root.ok()) return root.status();
  if (!root->has_value() && !insecure_no_password) {
    return absl::FailedPreconditionError(
        "no root password: set ORDINAL_ROOT_PASSWORD or --password_file "
        "(or pass --insecure_no_password to run without one)");
  }
  options.root_password = *std::move(root);
  if (!replication_user.empty() && replication_user != kRootUser) {
    absl::StatusOr<std::optional<std::string>> replication = PasswordFrom(
        env_replication_password, replication_password_file, "replication_password_file");
    if (!replication.ok()) return replication.status();
    if (!replication->has_value() && options.root_password.has_value()) {
      return absl::FailedPreconditionError(
          "--replication_user needs a password: set ORDINAL_REPLICATION_PASSWORD or "
          "--replication_password_file");
    }
    options.replication_user = replication_user;
    options.replication_password = replication->value_or("");
  }
  return Authenticator(std::move(options));
}

absl::Status Authenticator::AccessDenied(std::string_view user, std::string_view client_host,
                                         bool using_password) {
  return SqlError(absl::StatusCode::kUnauthenticated, MysqlErrno::kAccessDenied,
                  absl::StrCat("Access denied for user '", V(user.substr(0, 64)),
                               "'@'", V(client_host), "' (using password: ",
                               using_password ? "YES" : "NO", ")"));
}

std::optional<std::string> Authenticator::KnownPasswordFor(
    const ordinal::v1::AccountDef& account) const {
  const std::string* configured = nullptr;
  if (account.user() == kRootUser && options_.root_password.has_value()) {
    configured = &*options_.root_password;
  } else if (!options_.replication_user.empty() && account.user() == options_.replication_user) {
    configured = &options_.replication_password;
  }
  if (configured == nullptr || account.authentication_string().empty()) return std::nullopt;
  const std::string key = absl::StrCat(account.user(), absl::string_view("\0", 1),
                                       account.authentication_string());
  bool matches = false;
  {
    absl::MutexLock lock(&memo_->mu);
    auto it = memo_->verified.find(key);
    if (it != memo_->verified.end()) {
      matches = it->second;
    } else {
      matches = engine::auth::VerifyPassword(account.plugin(), account.authentication_string(),
                                             *configured);
      memo_->verified[key] = matches;
    }
  }
  if (!matches) return std::nullopt;
  return *configured;
}

absl::StatusOr<LoginCandidate> Authenticator::Lookup(std::string_view user,
                                                     std::string_view client_host) const {
  LoginCandidate c;
  if (user.empty()) user = kRootUser;
  if (!requires_password()) {
    c.found = true;
    c.accept_any = true;
    c.principal = Principal::Superuser(std::string(user), std::string(client_host));
    return c;
  }
  std::shared_ptr<const engine::auth::AccountSet> accounts = source_ ? source_() : nullptr;
  if (accounts == nullptr) {
    return absl::UnavailableError("the server is replacing its store; retry the login");
  }
  if (accounts->empty()) {
    // No account yet: the configured identities stand in for the ones the primary creates.
    if (user == kRootUser) {
      c.found = true;
      c.principal = StandIn(user, client_host, kEverything);
      c.known_password = options_.root_password;
    } else if (!options_.replication_user.empty() && user == options_.replication_user) {
      c.found = true;
      c.principal = StandIn(user, client_host, engine::auth::kReplicationSlave);
      c.known_password = options_.replication_password;
    }
    if (c.found) {
      c.plugin = std::string(engine::auth::kCachingSha2Plugin);
      c.native_hash = engine::auth::NativePasswordHash(*c.known_password);
    }
    return c;
  }
  const ordinal::v1::AccountDef* account = accounts->Match(user, client_host);
  if (account == nullptr) return c;
  c.found = true;
  c.locked = account->locked();
  c.principal.user = std::string(user);
  c.principal.client_host = std::string(client_host);
  c.principal.account_user = account->user();
  c.principal.account_host = account->host();
  c.plugin = account->plugin();
  c.authentication_string = account->authentication_string();
  c.native_hash = account->native_hash();
  c.known_password = KnownPasswordFor(*account);
  return c;
}

bool Authenticator::VerifyRemembered(const LoginCandidate& c, std::string_view password) const {
  // Remembers proven (hash, password digest) pairs only: a wrong password always costs
  // the full check, a right one costs it once per server.
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(password.data()), password.size(), digest);
  const std::string key =
      absl::StrCat(c.authentication_string, absl::string_view("\0", 1),
                   absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
  {
    absl::MutexLock lock(&memo_->mu);
    if (memo_->verified.contains(key)) return true;
  }
  if (!engine::auth::VerifyPassword(c.plugin, c.authentication_string, password)) return false;
  absl::MutexLock lock(&memo_->mu);
  if (memo_->verified.size() >= kMaxRemembered) memo_->verified.clear();
  memo_->verified[key] = true;
  return true;
}

absl::StatusOr<Principal> Authenticator::Login(std::string_view user, std::string_view password,
                                               std::string_view client_host) const {
  if (user.empty()) user = kRootUser;
  absl::StatusOr<LoginCandidate> c = Lookup(user, client_host);
  if (!c.ok()) return c.status();
  if (c->accept_any) return c->principal;
  bool ok = false;
  if (c->found && c->known_password.has_value()) {
    ok = ConstantTimeEquals(password, *c->known_password);
  } else if (c->found) {
    ok = VerifyRemembered(*c, password);
  }
  if (!ok) return AccessDenied(user, client_host, !password.empty());
  if (c->locked) {
    return SqlError(absl::StatusCode::kUnauthenticated, MysqlErrno::kAccountLocked,
                    absl::StrCat("Access denied for user '", V(user), "'@'",
                                 V(client_host), "'. Account is locked."));
  }
  return c->principal;
}

absl::StatusOr<Principal> Authenticator::Check(const grpc::ServerContextBase& context) const {
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
  return Login(MetadataValue(context, kUserMetadataKey),
               MetadataValue(context, kPasswordMetadataKey), PeerHost(context.peer()));
}

absl::Status Authenticator::CheckPrivilege(const grpc::ServerContextBase& context,
                                           engine::auth::PrivilegeSet privilege,
                                           std::string_view names) const {
  absl::StatusOr<Principal> principal = Check(context);
  if (!principal.ok()) return principal.status();
  engine::auth::PrivilegeSet held = 0;
  if (principal->fixed_privileges.has_value()) {
    held = *principal->fixed_privileges;
  } else {
    std::shared_ptr<const engine::auth::AccountSet> accounts = source_ ? source_() : nullptr;
    if (accounts == nullptr) return absl::UnavailableError("the server is replacing its store");
    held = accounts->PrivilegesOn(*principal, "", "");
  }
  if ((held & privilege) != 0) return absl::OkStatus();
  return engine::auth::GlobalAccessDenied(names);
}

PeerCredentials Authenticator::peer_credentials() const {
  PeerCredentials credentials;
  if (!options_.replication_user.empty()) {
    credentials.user = options_.replication_user;
    credentials.password = options_.replication_password;
  } else {
    credentials.password = options_.root_password.value_or("");
  }
  return credentials;
}

engine::AccountBootstrap Authenticator::Bootstrap() const {
  engine::AccountBootstrap bootstrap;
  if (!options_.root_password.has_value()) return bootstrap;
  bootstrap.when_no_accounts.push_back(
      engine::auth::BootstrapAccount(kRootUser, *options_.root_password, kEverything));
  if (!options_.replication_user.empty()) {
    bootstrap.when_missing.push_back(engine::auth::BootstrapAccount(
        options_.replication_user, options_.replication_password,
        engine::auth::kReplicationSlave));
  }
  return bootstrap;
}

}  // namespace ordinal::server
