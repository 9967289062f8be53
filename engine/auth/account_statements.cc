#include "engine/auth/account_statements.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/auth/password_hash.h"

namespace ordinal::engine::auth {
namespace {

using ordinal::v1::AccountDef;
using ordinal::v1::GrantDef;

// The account a name refers to: CURRENT_USER is the caller's.
sql::AccountName Resolve(const sql::AccountName& name, const Principal& principal) {
  if (!name.current) return name;
  sql::AccountName out;
  out.user = principal.account_user;
  out.host = principal.account_host;
  return out;
}

std::string Quoted(const sql::AccountName& name) {
  return absl::StrCat("'", name.user, "'@'", name.host, "'");
}

absl::Status OperationFailed(std::string_view operation, const std::vector<std::string>& names) {
  return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kCannotUser,
                  absl::StrCat("Operation ", absl::string_view(operation.data(), operation.size()),
                               " failed for ", absl::StrJoin(names, ",")));
}

absl::Status PluginNotLoaded(std::string_view plugin) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kPluginNotLoaded,
                  absl::StrCat("Plugin '", absl::string_view(plugin.data(), plugin.size()),
                               "' is not loaded"));
}

// Sets the password (and plugin) of `account` from an IDENTIFIED clause.
absl::Status Identify(const sql::AccountAuth& auth, AccountDef& account) {
  if (!auth.plugin.empty()) {
    if (!KnownPlugin(auth.plugin)) return PluginNotLoaded(auth.plugin);
    account.set_plugin(auth.plugin);
  }
  if (account.plugin().empty()) account.set_plugin(std::string(kCachingSha2Plugin));
  if (auth.password.has_value() || !auth.plugin.empty()) {
    const std::string password = auth.password.value_or("");
    account.set_authentication_string(HashFor(account.plugin(), password));
    account.set_native_hash(NativePasswordHash(password));
  }
  return absl::OkStatus();
}

// An account that ALTER USER or DROP USER names and the store lacks: a note 3162 under IF
// EXISTS, else one of the names the statement's 1396 lists.
void MissingAccount(const sql::AccountName& name, bool if_exists, AccountStatementContext& ctx,
                    std::vector<std::string>& failed) {
  if (if_exists) {
    ctx.note(3162, absl::StrCat("Authorization ID ", Quoted(name), " does not exist."));
  } else {
    failed.push_back(Quoted(name));
  }
}

void ApplyOptions(const sql::ResourceOptions& resources, const std::optional<bool>& lock,
                  AccountDef& account) {
  if (resources.max_queries_per_hour) {
    account.set_max_queries_per_hour(*resources.max_queries_per_hour);
  }
  if (resources.max_user_connections) {
    account.set_max_user_connections(*resources.max_user_connections);
  }
  if (lock.has_value()) account.set_locked(*lock);
}

GrantDef* FindGrant(AccountDef& account, std::string_view db, std::string_view table) {
  for (GrantDef& grant : *account.mutable_grants()) {
    if (grant.db() == db && grant.table() == table) return &grant;
  }
  return nullptr;
}

absl::Status NoSuchGrant(const sql::AccountName& name) {
  return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kNonexistingGrant,
                  absl::StrCat("There is no such grant defined for user '", name.user,
                               "' on host '", name.host, "'"));
}

// The level and privileges of a GRANT/REVOKE, checked for the level.
struct Target {
  std::string db;
  std::string table;
  GrantLevel level = GrantLevel::kGlobal;
  PrivilegeSet privileges = 0;
};

absl::StatusOr<Target> ResolveTarget(const sql::GrantStatement& s, AccountStatementContext& ctx) {
  Target t;
  t.db = s.current_database ? std::string(ctx.current_database) : s.database;
  t.table = s.table;
  if (s.current_database && t.db.empty()) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kNoDb,
                    "No database selected");
  }
  t.level = t.db.empty() ? GrantLevel::kGlobal
                         : (t.table.empty() ? GrantLevel::kDatabase : GrantLevel::kTable);
  t.privileges = s.all ? AllAt(t.level) : s.privileges;
  if ((t.privileges & ~AllAt(t.level)) != 0) {
    if (t.level == GrantLevel::kDatabase) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongUsage,
                      "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES");
    }
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kIllegalGrantForTable,
                    "Illegal GRANT/REVOKE command; please consult the manual to see which "
                    "privileges can be used");
  }
  if (s.grant_option) t.privileges |= kGrantOption;
  if (t.level == GrantLevel::kTable && ctx.check_table && !s.revoke) {
    ORDINAL_RETURN_IF_ERROR(ctx.check_table(t.db, t.table));
  }
  return t;
}

void AddGrant(AccountDef& account, const Target& t) {
  GrantDef* grant = FindGrant(account, t.db, t.table);
  if (grant == nullptr) {
    grant = account.add_grants();
    grant->set_db(t.db);
    grant->set_table(t.table);
  }
  grant->set_privileges(grant->privileges() | t.privileges);
}

// False when the account holds no grant at that level (error 1141).
bool RemoveGrant(AccountDef& account, const Target& t, bool every_level) {
  if (every_level) {
    account.clear_grants();
    return true;
  }
  GrantDef* grant = FindGrant(account, t.db, t.table);
  if (grant == nullptr) return t.level == GrantLevel::kGlobal;  // *.* always exists (USAGE)
  grant->set_privileges(grant->privileges() & ~t.privileges);
  if (grant->privileges() == 0) {
    auto* grants = account.mutable_grants();
    for (int i = 0; i < grants->size(); ++i) {
      if (grants->Get(i).db() == t.db && grants->Get(i).table() == t.table) {
        grants->DeleteSubrange(i, 1);
        break;
      }
    }
  }
  return true;
}

std::string Backquoted(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string GrantLine(const GrantDef& grant, const AccountDef& account) {
  const GrantLevel level = grant.db().empty()
                               ? GrantLevel::kGlobal
                               : (grant.table().empty() ? GrantLevel::kDatabase
                                                        : GrantLevel::kTable);
  std::string on = level == GrantLevel::kGlobal ? "*.*"
                   : level == GrantLevel::kDatabase
                       ? Backquoted(grant.db()) + ".*"
                       : Backquoted(grant.db()) + "." + Backquoted(grant.table());
  std::string line = absl::StrCat("GRANT ", PrivilegeListText(grant.privileges(), level), " ON ",
                                  on, " TO ", Backquoted(account.user()), "@",
                                  Backquoted(account.host()));
  if ((grant.privileges() & kGrantOption) != 0) line += " WITH GRANT OPTION";
  return line;
}

}  // namespace

std::vector<std::string> GrantLines(const AccountDef& account) {
  std::vector<std::string> lines;
  const GrantDef* global = nullptr;
  for (const GrantDef& grant : account.grants()) {
    if (grant.db().empty()) global = &grant;
  }
  GrantDef usage;
  lines.push_back(GrantLine(global != nullptr ? *global : usage, account));
  for (int pass = 0; pass < 2; ++pass) {  // databases, then tables
    for (const GrantDef& grant : account.grants()) {
      if (grant.db().empty() || grant.table().empty() != (pass == 0)) continue;
      lines.push_back(GrantLine(grant, account));
    }
  }
  return lines;
}

AccountDef BootstrapAccount(std::string_view user, std::string_view password,
                            PrivilegeSet privileges) {
  AccountDef account;
  account.set_user(std::string(user));
  account.set_host("%");
  account.set_plugin(std::string(kCachingSha2Plugin));
  account.set_authentication_string(NewCachingSha2Hash(password));
  account.set_native_hash(NativePasswordHash(password));
  GrantDef* grant = account.add_grants();
  grant->set_privileges(privileges);
  return account;
}

absl::StatusOr<ResultSet> RunCreateUser(const sql::CreateUser& s, AccountStatementContext& ctx) {
  std::vector<AccountDef> created;
  std::vector<std::string> failed;
  for (const sql::AccountAuth& auth : s.accounts) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<AccountDef> existing,
                             AccountStore::ReadForUpdate(ctx.txn, auth.name.user, auth.name.host));
    bool duplicate = existing.has_value();
    for (const AccountDef& a : created) {
      duplicate |= a.user() == auth.name.user && a.host() == auth.name.host;
    }
    if (duplicate) {
      if (s.if_not_exists) {
        ctx.note(3163, absl::StrCat("Authorization ID ", Quoted(auth.name), " already exists."));
      } else {
        failed.push_back(Quoted(auth.name));
      }
      continue;
    }
    AccountDef account;
    account.set_user(auth.name.user);
    account.set_host(auth.name.host);
    ORDINAL_RETURN_IF_ERROR(Identify(auth, account));
    ApplyOptions(s.resources, s.lock, account);
    created.push_back(std::move(account));
  }
  if (!failed.empty()) return OperationFailed("CREATE USER", failed);
  for (const AccountDef& account : created) {
    ORDINAL_RETURN_IF_ERROR(AccountStore::Put(ctx.txn, account));
  }
  return ResultSet{};
}

absl::StatusOr<ResultSet> RunAlterUser(const sql::AlterUser& s, AccountStatementContext& ctx) {
  std::vector<AccountDef> changed;
  std::vector<std::string> failed;
  for (const sql::AccountAuth& auth : s.accounts) {
    const sql::AccountName name = Resolve(auth.name, ctx.principal);
    ORDINAL_ASSIGN_OR_RETURN(std::optional<AccountDef> account,
                             AccountStore::ReadForUpdate(ctx.txn, name.user, name.host));
    if (!account.has_value()) {
      MissingAccount(name, s.if_exists, ctx, failed);
      continue;
    }
    ORDINAL_RETURN_IF_ERROR(Identify(auth, *account));
    ApplyOptions(s.resources, s.lock, *account);
    changed.push_back(*std::move(account));
  }
  if (!failed.empty()) return OperationFailed("ALTER USER", failed);
  for (const AccountDef& account : changed) {
    ORDINAL_RETURN_IF_ERROR(AccountStore::Put(ctx.txn, account));
  }
  return ResultSet{};
}

absl::StatusOr<ResultSet> RunRenameUser(const sql::RenameUser& s, AccountStatementContext& ctx) {
  // Applied in order in the statement's transaction (a TO b, b TO c moves a to c); any
  // failure rolls the whole statement back.
  std::vector<std::string> failed;
  for (const auto& [from, to] : s.renames) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<AccountDef> account,
                             AccountStore::ReadForUpdate(ctx.txn, from.user, from.host));
    ORDINAL_ASSIGN_OR_RETURN(std::optional<AccountDef> taken,
                             AccountStore::ReadForUpdate(ctx.txn, to.user, to.host));
    if (!account.has_value() || taken.has_value()) {
      failed.push_back(Quoted(from));
      continue;
    }
    ORDINAL_RETURN_IF_ERROR(AccountStore::Delete(ctx.txn, from.user, from.host));
    account->set_user(to.user);
    account->set_host(to.host);
    ORDINAL_RETURN_IF_ERROR(AccountStore::Put(ctx.txn, *account));
  }
  if (!failed.empty()) return OperationFailed("RENAME USER", failed);
  return ResultSet{};
}

absl::StatusOr<ResultSet> RunDropUser(const sql::DropUser& s, AccountStatementContext& ctx) {
  std::vector<sql::AccountName> dropped;
  std::vector<std::string> failed;
  for (const sql::AccountName& name : s.accounts) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<AccountDef> account,
                             AccountStore::ReadForUpdate(ctx.txn, name.user, name.host));
    if (!account.has_value()) {
      MissingAccount(name, s.if_exists, ctx, failed);
      continue;
    }
    dropped.push_back(name);
  }
  if (!failed.empty()) return OperationFailed("DROP USER", failed);
  for (const sql::AccountName& name : dropped) {
    ORDINAL_RETURN_IF_ERROR(AccountStore::Delete(ctx.txn, name.user, name.host));
  }
  return ResultSet{};
}

absl::StatusOr<ResultSet> RunGrant(const sql::GrantStatement& s, AccountStatementContext& ctx) {
  const bool every_level = s.revoke && s.table == "*" && s.database.empty() && !s.current_database;
  Target target;
  if (!every_level) {
    ORDINAL_ASSIGN_OR_RETURN(target, ResolveTarget(s, ctx));
  }
  std::vector<AccountDef> changed;
  for (const sql::AccountName& raw : s.accounts) {
    const sql::AccountName name = Resolve(raw, ctx.principal);
    ORDINAL_ASSIGN_OR_RETURN(std::optional<AccountDef> account,
                             AccountStore::ReadForUpdate(ctx.txn, name.user, name.host));
    if (!account.has_value()) {
      if (s.revoke) return NoSuchGrant(name);
      return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kCantCreateUserWithGrant,
                      "You are not allowed to create a user with GRANT");
    }
    if (s.revoke) {
      if (!RemoveGrant(*account, target, every_level)) return NoSuchGrant(name);
    } else {
      AddGrant(*account, target);
      ApplyOptions(s.resources, std::nullopt, *account);
    }
    changed.push_back(*std::move(account));
  }
  for (const AccountDef& account : changed) {
    ORDINAL_RETURN_IF_ERROR(AccountStore::Put(ctx.txn, account));
  }
  return ResultSet{};
}

absl::StatusOr<ResultSet> RunShowGrants(const sql::ShowGrants& s, const Principal& principal,
                                        const AccountSet& accounts) {
  sql::AccountName name;
  if (s.account.has_value()) {
    name = *s.account;
  } else {
    name.user = principal.account_user;
    name.host = principal.account_host;
  }
  std::vector<std::string> lines;
  const AccountDef* account = accounts.Find(name.user, name.host);
  if (account != nullptr) {
    lines = GrantLines(*account);
  } else if (!s.account.has_value() && principal.fixed_privileges.has_value()) {
    AccountDef fixed;
    fixed.set_user(name.user);
    fixed.set_host(name.host);
    fixed.add_grants()->set_privileges(*principal.fixed_privileges);
    lines = GrantLines(fixed);
  } else {
    return NoSuchGrant(name);
  }
  ResultSet result;
  result.has_rows = true;
  result.columns.push_back({absl::StrCat("Grants for ", name.user, "@", name.host),
                            ColumnType::kText});
  for (std::string& line : lines) result.rows.push_back({Value::String(std::move(line))});
  return result;
}

}  // namespace ordinal::engine::auth
