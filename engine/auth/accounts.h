// Accounts and their privileges (docs/users-and-privileges.md).
//
// An account is 'user'@'host': the user name compares exactly (case-sensitive, as MySQL's),
// the host is an exact name or address (case-insensitive), a pattern with % (any run) and _
// (one character), or '%'. 'localhost' matches a client on a loopback address (127.0.0.0/8,
// ::1). A connecting client is matched as MySQL matches it: of the accounts whose user is
// the client's user and whose host matches the client's address, the one with the most
// specific host (exact before patterns, '%' last; longer patterns first).
//
// Privileges add up over the levels: what an account may do on db.t is the union of its
// global (*.*), database (db.*) and table (db.t) grants. Database and table names compare
// lowercased (the catalog's names).
//
// AccountSet is an immutable snapshot of every stored account; AccountStore keeps the
// current one (reloaded after each change and each replicated batch that touches accounts)
// and reads and writes the records through a caller's transaction.
//
// Thread safety: AccountSet is immutable; AccountStore is thread-safe.
#ifndef ORDINAL_ENGINE_AUTH_ACCOUNTS_H_
#define ORDINAL_ENGINE_AUTH_ACCOUNTS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "engine/auth/privileges.h"
#include "engine/kv/store.h"
#include "ordinal/v1/account.pb.h"

namespace ordinal::engine::auth {

// Whether `client_host` (an address such as "127.0.0.1" or "::1", or a host name) matches
// the account host `pattern`.
bool HostMatches(std::string_view pattern, std::string_view client_host);

// Who runs a statement: the account a front end authenticated, or a fixed set of global
// privileges for the identities that exist before any account does (--insecure_no_password,
// the configured root and replication user of a store without accounts).
struct Principal {
  std::string user;         // as the client gave it
  std::string client_host;  // the client's address
  // The matched account (CURRENT_USER()); with fixed privileges, the identity they stand for.
  std::string account_user;
  std::string account_host = "%";
  // Set: the principal holds exactly these global privileges, whatever is stored.
  std::optional<PrivilegeSet> fixed_privileges;

  // Everything, GRANT OPTION included: --insecure_no_password and embedded uses.
  static Principal Superuser(std::string user = "root", std::string client_host = "localhost");
  // "'user'@'client_host'", as MySQL's access errors name the caller.
  std::string QuotedAccount() const;
  // "user@client_host", as USER() shows it.
  std::string UserAtHost() const;
};

class AccountSet {
 public:
  AccountSet() = default;
  explicit AccountSet(std::vector<ordinal::v1::AccountDef> accounts);

  bool empty() const { return accounts_.empty(); }
  // In match order (most specific host first).
  const std::vector<ordinal::v1::AccountDef>& accounts() const { return accounts_; }

  // The account `user` connecting from `client_host` logs in as, or nullptr.
  const ordinal::v1::AccountDef* Match(std::string_view user, std::string_view client_host) const;
  // The account named exactly 'user'@'host', or nullptr.
  const ordinal::v1::AccountDef* Find(std::string_view user, std::string_view host) const;

  // What `principal` holds on `db`.`table` (global when db is "", database level when table
  // is ""): its fixed privileges, or its stored account's grants (none when the account no
  // longer exists).
  PrivilegeSet PrivilegesOn(const Principal& principal, std::string_view db,
                            std::string_view table) const;
  // Whether `principal` holds any privilege on `db` or on a table in it, or any global one.
  bool HasAnyIn(const Principal& principal, std::string_view db) const;
  // Whether it holds any privilege on `db`.`table` (at any level).
  bool HasAnyOn(const Principal& principal, std::string_view db, std::string_view table) const;

 private:
  std::vector<ordinal::v1::AccountDef> accounts_;
};

// The privileges `account` holds on `db`.`table` (same levels as PrivilegesOn).
PrivilegeSet AccountPrivilegesOn(const ordinal::v1::AccountDef& account, std::string_view db,
                                 std::string_view table);

// The stored accounts: records 'c' 'a' user 0x00 host -> AccountDef.
class AccountStore {
 public:
  explicit AccountStore(kv::Store& store) : store_(store) {}

  // (Re)reads every account record. DATA_LOSS on a corrupt record.
  absl::Status Reload();
  // The current snapshot (never null).
  std::shared_ptr<const AccountSet> Snapshot() const;

  // ---- records, through a caller's transaction (Reload after it commits) ----
  static std::string Key(std::string_view user, std::string_view host);
  // The prefix of every account record.
  static std::string Prefix();
  static absl::StatusOr<std::optional<ordinal::v1::AccountDef>> ReadForUpdate(
      kv::Transaction& txn, std::string_view user, std::string_view host);
  static absl::Status Put(kv::Transaction& txn, const ordinal::v1::AccountDef& account);
  static absl::Status Delete(kv::Transaction& txn, std::string_view user, std::string_view host);
  // Every account visible to `txn`.
  static absl::StatusOr<std::vector<ordinal::v1::AccountDef>> ReadAll(kv::Transaction& txn);

 private:
  kv::Store& store_;
  absl::Mutex reload_mu_;  // a later reload always installs last
  mutable absl::Mutex mu_;
  std::shared_ptr<const AccountSet> snapshot_ ABSL_GUARDED_BY(mu_) =
      std::make_shared<const AccountSet>();
};

}  // namespace ordinal::engine::auth

#endif  // ORDINAL_ENGINE_AUTH_ACCOUNTS_H_
