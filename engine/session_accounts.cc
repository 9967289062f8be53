// The Session's side of accounts and privileges: who runs the statements (SetPrincipal),
// the check before every statement (Authorize), the account statements, and the rows of
// SHOW statements a caller may see (docs/users-and-privileges.md).
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/auth/account_statements.h"
#include "engine/auth/statement_privileges.h"
#include "engine/session_impl.h"
#include "engine/show.h"

namespace ordinal::engine {
namespace {

// "user@host" of the account a principal runs as: the key of its resource counters.
std::string AccountKey(const auth::Principal& principal) {
  return absl::StrCat(principal.account_user, "@", principal.account_host);
}

}  // namespace

absl::Status SessionImpl::SetPrincipal(const auth::Principal& principal) {
  ForgetPlans();
  std::shared_ptr<const auth::AccountSet> accounts = state_.accounts.Snapshot();
  if (!current_database_.empty() && !auth::IsPublicDatabase(current_database_) &&
      !accounts->HasAnyIn(principal, current_database_)) {
    return auth::DatabaseAccessDenied(principal, current_database_);
  }
  const std::string key = AccountKey(principal);
  if (connection_ticket_ == nullptr || connection_ticket_->account() != key) {
    uint64_t max_connections = 0;
    if (!principal.fixed_privileges.has_value()) {
      const ordinal::v1::AccountDef* account =
          accounts->Find(principal.account_user, principal.account_host);
      if (account != nullptr) max_connections = account->max_user_connections();
    }
    ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<auth::UsageLimits::Ticket> ticket,
                             state_.usage.Connect(key, max_connections));
    connection_ticket_ = std::move(ticket);
  }
  principal_ = principal;
  context_.user = principal.UserAtHost();
  context_.current_user = AccountKey(principal);
  return absl::OkStatus();
}

absl::Status SessionImpl::Authorize(const sql::Statement& statement) {
  std::shared_ptr<const auth::AccountSet> accounts = state_.accounts.Snapshot();
  if (!principal_.fixed_privileges.has_value()) {
    const ordinal::v1::AccountDef* account =
        accounts->Find(principal_.account_user, principal_.account_host);
    if (account != nullptr && account->max_queries_per_hour() > 0) {
      ORDINAL_RETURN_IF_ERROR(state_.usage.CountStatement(
          AccountKey(principal_), principal_.user, account->max_queries_per_hour(),
          absl::Now()));
    }
  }
  const auth::ColumnLookup columns = [this](std::string_view database, std::string_view table)
      -> std::optional<std::vector<std::string>> {
    absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> info =
        state_.catalog.GetTable(database, table);
    if (!info.ok()) return std::nullopt;
    std::vector<std::string> names;
    for (const ordinal::v1::ColumnDef& column : (*info)->def.columns()) {
      names.push_back(column.name());
    }
    return names;
  };
  return auth::CheckStatement(statement, principal_, *accounts, current_database_, columns);
}

absl::Status SessionImpl::CheckGlobalPrivilege(uint64_t privilege, std::string_view names) {
  return auth::CheckGlobal(principal_, *state_.accounts.Snapshot(), privilege, names);
}

absl::StatusOr<ResultSet> SessionImpl::RunAccountStatement(const sql::Statement& statement) {
  absl::StatusOr<ResultSet> result =
      RunDdl([&](kv::Transaction& txn, std::function<absl::Status()>& after_commit)
                 -> absl::StatusOr<ResultSet> {
        after_commit = [this] { return state_.accounts.Reload(); };
        auth::AccountStatementContext ctx{
            txn, principal_, current_database_,
            [this](std::string_view db, std::string_view table) {
              return state_.catalog.GetTable(db, table).status();
            },
            [this](int code, std::string message) {
              context_.Warn(code, std::move(message), functions::Diagnostic::Level::kNote);
            }};
        const sql::StatementBody& body = statement.body;
        if (const auto* s = std::get_if<sql::CreateUser>(&body)) return auth::RunCreateUser(*s, ctx);
        if (const auto* s = std::get_if<sql::AlterUser>(&body)) return auth::RunAlterUser(*s, ctx);
        if (const auto* s = std::get_if<sql::DropUser>(&body)) return auth::RunDropUser(*s, ctx);
        if (const auto* s = std::get_if<sql::RenameUser>(&body)) {
          return auth::RunRenameUser(*s, ctx);
        }
        return auth::RunGrant(std::get<sql::GrantStatement>(body), ctx);
      });
  return result;
}

catalog::SchemaVisibility SessionImpl::VisibleSchema() const {
  std::shared_ptr<const auth::AccountSet> accounts = state_.accounts.Snapshot();
  const auth::PrivilegeSet global = accounts->PrivilegesOn(principal_, "", "");
  // A global privilege shows every database (as HasAnyIn and SHOW TABLES count it).
  if ((global & ~auth::PrivilegeSet{auth::kGrantOption}) != 0) return nullptr;
  return [accounts, principal = principal_](std::string_view db, std::string_view table) {
    if (auth::IsPublicDatabase(db)) return true;
    return table.empty() ? accounts->HasAnyIn(principal, db)
                         : accounts->HasAnyOn(principal, db, table);
  };
}

bool SessionImpl::MaySeeProcess(const auth::AccountSet& accounts, std::string_view user) const {
  return user == principal_.user ||
         (accounts.PrivilegesOn(principal_, "", "") & auth::kProcess) != 0;
}

void SessionImpl::ShareSessionViews(exec::ExecContext& ctx) const {
  ctx.sink = streaming_;
  ctx.visible_schema = [this] { return VisibleSchema(); };
  ctx.processes = [this] {
    std::shared_ptr<const auth::AccountSet> accounts = state_.accounts.Snapshot();
    std::vector<std::vector<Value>> rows;
    for (std::vector<Value>& row : show::ProcessRows(state_.process_list.Rows(), true)) {
      if (MaySeeProcess(*accounts, row[1].string_value())) rows.push_back(std::move(row));
    }
    return rows;
  };
}

void SessionImpl::FilterShowResult(const sql::Statement& statement, ResultSet& result) const {
  const sql::StatementBody& body = statement.body;
  const bool databases = std::holds_alternative<sql::ShowDatabases>(body);
  const auto* tables = std::get_if<sql::ShowTables>(&body);
  const bool processes = std::holds_alternative<sql::ShowProcessList>(body);
  if (!databases && tables == nullptr && !processes) return;
  std::shared_ptr<const auth::AccountSet> accounts = state_.accounts.Snapshot();
  const auth::PrivilegeSet global = accounts->PrivilegesOn(principal_, "", "");
  std::vector<std::vector<Value>> kept;
  for (std::vector<Value>& row : result.rows) {
    if (row.empty()) continue;
    bool visible = true;
    if (databases && (global & auth::kShowDatabases) == 0) {
      const std::string& db = row[0].string_value();
      visible = auth::IsPublicDatabase(db) || accounts->HasAnyIn(principal_, db);
    } else if (tables != nullptr) {
      const std::string& db = tables->database.empty() ? current_database_ : tables->database;
      visible = auth::IsPublicDatabase(db) ||
                accounts->HasAnyOn(principal_, db, row[0].string_value());
    } else if (processes) {
      visible = row.size() > 1 && row[1].is_string() && MaySeeProcess(*accounts, row[1].string_value());
    }
    if (visible) kept.push_back(std::move(row));
  }
  result.rows = std::move(kept);
}

}  // namespace ordinal::engine
