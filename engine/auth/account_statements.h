// CREATE USER, ALTER USER, DROP USER, GRANT, REVOKE and SHOW GRANTS
// (docs/users-and-privileges.md). The changes are written through the caller's transaction
// (the session runs them as DDL: implicit commit, then one transaction of their own, then
// AccountStore::Reload), so they replicate like data. Each statement is all or nothing: a
// failure for any account leaves every account unchanged. CheckStatement
// (statement_privileges.h) has already checked that the caller may run it.
//
// Thread safety: functions over the caller's objects.
#ifndef ORDINAL_ENGINE_AUTH_ACCOUNT_STATEMENTS_H_
#define ORDINAL_ENGINE_AUTH_ACCOUNT_STATEMENTS_H_

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/auth/accounts.h"
#include "engine/database.h"
#include "engine/kv/store.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::auth {

struct AccountStatementContext {
  kv::Transaction& txn;
  const Principal& principal;
  std::string_view current_database;
  // Whether db.table exists (GRANT on a table that does not: 1146).
  std::function<absl::Status(std::string_view db, std::string_view table)> check_table;
  // Leaves a note on the statement (IF [NOT] EXISTS that skipped an account).
  std::function<void(int code, std::string message)> note;
};

absl::StatusOr<ResultSet> RunCreateUser(const sql::CreateUser& s, AccountStatementContext& ctx);
absl::StatusOr<ResultSet> RunAlterUser(const sql::AlterUser& s, AccountStatementContext& ctx);
absl::StatusOr<ResultSet> RunDropUser(const sql::DropUser& s, AccountStatementContext& ctx);
// Each account keeps its password, plugin, limits and grants under the new name. 1396
// naming every pair whose old account does not exist or whose new one does.
absl::StatusOr<ResultSet> RunRenameUser(const sql::RenameUser& s, AccountStatementContext& ctx);
absl::StatusOr<ResultSet> RunGrant(const sql::GrantStatement& s, AccountStatementContext& ctx);

// SHOW GRANTS [FOR account] from `accounts` (no transaction needed).
absl::StatusOr<ResultSet> RunShowGrants(const sql::ShowGrants& s, const Principal& principal,
                                        const AccountSet& accounts);

// The lines of SHOW GRANTS for one account, as MySQL 8 writes them.
std::vector<std::string> GrantLines(const ordinal::v1::AccountDef& account);

// The account a new cluster starts with: 'user'@'%' identified by `password` with
// caching_sha2_password, holding `privileges` globally.
ordinal::v1::AccountDef BootstrapAccount(std::string_view user, std::string_view password,
                                         PrivilegeSet privileges);

}  // namespace ordinal::engine::auth

#endif  // ORDINAL_ENGINE_AUTH_ACCOUNT_STATEMENTS_H_
