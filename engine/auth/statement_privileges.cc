#include "engine/auth/statement_privileges.h"

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"

namespace ordinal::engine::auth {
namespace {

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// The checks of one statement, made as its parts are visited.
class Checker {
 public:
  Checker(const Principal& principal, const AccountSet& accounts, std::string_view current,
          const ColumnLookup& columns)
      : principal_(principal), accounts_(accounts), current_(current), columns_(columns) {}

  // Needs every privilege of `needed` on table `name`; `command` names the first in errors.
  absl::Status Table(const sql::TableName& name, PrivilegeSet needed) {
    const std::string& db = name.database.empty() ? current_ : name.database;
    if (db.empty() || IsPublicDatabase(db)) return absl::OkStatus();
    const PrivilegeSet held = accounts_.PrivilegesOn(principal_, db, name.table);
    const PrivilegeSet missing = needed & ~held;
    if (missing == 0) return absl::OkStatus();
    return TableAccessDenied(PrivilegeName(missing & (~missing + 1)), principal_, name.table);
  }

  // Needs some privilege on the table (DESCRIBE, SHOW CREATE TABLE).
  absl::Status AnyOnTable(const sql::TableName& name) {
    const std::string& db = name.database.empty() ? current_ : name.database;
    if (db.empty() || IsPublicDatabase(db)) return absl::OkStatus();
    if (accounts_.HasAnyOn(principal_, db, name.table)) return absl::OkStatus();
    return TableAccessDenied("SELECT", principal_, name.table);
  }

  absl::Status Database(std::string_view db, PrivilegeSet needed) {
    if (db.empty() || IsPublicDatabase(db)) return absl::OkStatus();
    if ((needed & ~accounts_.PrivilegesOn(principal_, db, "")) == 0) return absl::OkStatus();
    return DatabaseAccessDenied(principal_, db);
  }

  absl::Status AnyInDatabase(std::string_view db) {
    if (db.empty() || IsPublicDatabase(db)) return absl::OkStatus();
    if (accounts_.HasAnyIn(principal_, db)) return absl::OkStatus();
    return DatabaseAccessDenied(principal_, db);
  }

  absl::Status Global(PrivilegeSet needed, std::string_view names) {
    return CheckGlobal(principal_, accounts_, needed, names);
  }

  // SELECT on every table `select` reads; `ctes` are the common tables in scope.
  absl::Status Select(const sql::Select& select, std::set<std::string> ctes) {
    for (const sql::CommonTable& cte : select.with) ctes.insert(cte.name);
    for (const sql::CommonTable& cte : select.with) {
      if (cte.query) ORDINAL_RETURN_IF_ERROR(Select(*cte.query, ctes));
    }
    for (const sql::SetOperand& operand : select.compound) {
      if (operand.query) ORDINAL_RETURN_IF_ERROR(Select(*operand.query, ctes));
    }
    for (const sql::TableRef& ref : select.from) ORDINAL_RETURN_IF_ERROR(From(ref, ctes));
    for (const sql::SelectItem& item : select.items) {
      ORDINAL_RETURN_IF_ERROR(Expr(item.expr.get(), ctes));
    }
    ORDINAL_RETURN_IF_ERROR(Expr(select.where.get(), ctes));
    for (const sql::ExprPtr& e : select.group_by) ORDINAL_RETURN_IF_ERROR(Expr(e.get(), ctes));
    ORDINAL_RETURN_IF_ERROR(Expr(select.having.get(), ctes));
    for (const sql::OrderItem& o : select.order_by) {
      ORDINAL_RETURN_IF_ERROR(Expr(o.expr.get(), ctes));
    }
    return absl::OkStatus();
  }

  absl::Status From(const sql::TableRef& ref, const std::set<std::string>& ctes) {
    if (ref.is_join()) {
      ORDINAL_RETURN_IF_ERROR(From(*ref.left, ctes));
      ORDINAL_RETURN_IF_ERROR(From(*ref.right, ctes));
      return Expr(ref.on.get(), ctes);
    }
    if (ref.subquery) return Select(*ref.subquery, ctes);
    if (ref.name.database.empty() && ctes.count(ref.name.table) > 0) return absl::OkStatus();
    return Table(ref.name, kSelect);
  }

  // SELECT on the tables of the derived tables and ON subqueries of `ref` (not on its
  // named tables: a multiple-table UPDATE or DELETE checks those itself).
  absl::Status FromQueries(const sql::TableRef& ref) {
    if (ref.is_join()) {
      ORDINAL_RETURN_IF_ERROR(FromQueries(*ref.left));
      ORDINAL_RETURN_IF_ERROR(FromQueries(*ref.right));
      return Expr(ref.on.get(), {});
    }
    if (ref.subquery) return Select(*ref.subquery, {});
    return absl::OkStatus();
  }

  // SELECT on the tables of every subquery inside `expr`.
  absl::Status Expr(const sql::Expr* expr, const std::set<std::string>& ctes) {
    if (expr == nullptr) return absl::OkStatus();
    if (expr->subquery) ORDINAL_RETURN_IF_ERROR(Select(*expr->subquery, ctes));
    for (const sql::ExprPtr& child : expr->children) {
      ORDINAL_RETURN_IF_ERROR(Expr(child.get(), ctes));
    }
    return absl::OkStatus();
  }

  absl::Status Exprs(const std::vector<sql::Assignment>& assignments) {
    for (const sql::Assignment& a : assignments) ORDINAL_RETURN_IF_ERROR(Expr(a.value.get(), {}));
    return absl::OkStatus();
  }

  const Principal& principal() const { return principal_; }
  const AccountSet& accounts() const { return accounts_; }
  const std::string& current() const { return current_; }
  const ColumnLookup& columns() const { return columns_; }

 private:
  const Principal& principal_;
  const AccountSet& accounts_;
  const std::string current_;
  const ColumnLookup& columns_;
};

absl::Status CheckInsert(Checker& c, const sql::Insert& s) {
  PrivilegeSet needed = kInsert;
  if (s.replace) needed |= kDelete;
  if (!s.on_duplicate_update.empty()) needed |= kUpdate;
  ORDINAL_RETURN_IF_ERROR(c.Table(s.table, needed));
  if (s.select) ORDINAL_RETURN_IF_ERROR(c.Select(*s.select, {}));
  for (const auto& row : s.rows) {
    for (const sql::ExprPtr& e : row) ORDINAL_RETURN_IF_ERROR(c.Expr(e.get(), {}));
  }
  return c.Exprs(s.on_duplicate_update);
}

// The multiple-table forms: each named table's needs (multi_table_privileges.h), and
// SELECT on the tables of derived tables and subqueries.
absl::Status CheckTableNeeds(Checker& c, const std::vector<TableNeed>& needs,
                             const std::vector<sql::TableRef>& from, const sql::Expr* where) {
  for (const TableNeed& need : needs) ORDINAL_RETURN_IF_ERROR(c.Table(need.name, need.needed));
  for (const sql::TableRef& ref : from) ORDINAL_RETURN_IF_ERROR(c.FromQueries(ref));
  return c.Expr(where, {});
}

absl::Status CheckUpdate(Checker& c, const sql::Update& s) {
  if (s.multi_table()) {
    ORDINAL_RETURN_IF_ERROR(CheckTableNeeds(
        c, MultiTableUpdateNeeds(s, c.current(), c.columns()), s.from, s.where.get()));
    return c.Exprs(s.assignments);
  }
  // Reading columns (WHERE, ORDER BY, the assignments' values) also needs SELECT, as in MySQL.
  ORDINAL_RETURN_IF_ERROR(c.Table(s.table, kUpdate));
  if (s.where != nullptr || !s.order_by.empty()) ORDINAL_RETURN_IF_ERROR(c.Table(s.table, kSelect));
  ORDINAL_RETURN_IF_ERROR(c.Expr(s.where.get(), {}));
  return c.Exprs(s.assignments);
}

absl::Status CheckDelete(Checker& c, const sql::Delete& s) {
  if (s.multi_table()) {
    return CheckTableNeeds(c, MultiTableDeleteNeeds(s, c.current(), c.columns()), s.from,
                           s.where.get());
  }
  ORDINAL_RETURN_IF_ERROR(c.Table(s.table, kDelete));
  if (s.where != nullptr || !s.order_by.empty()) ORDINAL_RETURN_IF_ERROR(c.Table(s.table, kSelect));
  return c.Expr(s.where.get(), {});
}

absl::Status CheckCreateTable(Checker& c, const sql::CreateTable& s) {
  ORDINAL_RETURN_IF_ERROR(c.Table(s.table, kCreate));
  if (s.as_select) {
    ORDINAL_RETURN_IF_ERROR(c.Table(s.table, kInsert));
    ORDINAL_RETURN_IF_ERROR(c.Select(*s.as_select, {}));
  }
  if (s.like.has_value()) ORDINAL_RETURN_IF_ERROR(c.Table(*s.like, kSelect));
  return absl::OkStatus();
}

absl::Status CheckAlterTable(Checker& c, const sql::AlterTable& s) {
  ORDINAL_RETURN_IF_ERROR(c.Table(s.table, kAlter));
  for (const sql::AlterSpec& spec : s.specs) {
    if (spec.action != sql::AlterAction::kRenameTable) continue;
    ORDINAL_RETURN_IF_ERROR(c.Table(s.table, kDrop));
    ORDINAL_RETURN_IF_ERROR(c.Table(spec.rename_to, kCreate | kInsert));
  }
  return absl::OkStatus();
}

absl::Status CheckSet(Checker& c, const sql::SetStatement& s) {
  for (const sql::SetAssignment& a : s.assignments) {
    if (a.kind == sql::SetAssignment::Kind::kVariable &&
        a.target.scope == sql::VariableScope::kGlobal) {
      ORDINAL_RETURN_IF_ERROR(c.Global(kSuper, "SUPER or SYSTEM_VARIABLES_ADMIN"));
    }
    ORDINAL_RETURN_IF_ERROR(c.Expr(a.value.get(), {}));
  }
  return absl::OkStatus();
}

// Whether `account` names the caller (ALTER USER of one's own password needs nothing).
bool IsSelf(const Checker& c, const sql::AccountName& account) {
  return account.current || (account.user == c.principal().account_user &&
                             account.host == c.principal().account_host);
}

absl::Status CheckAlterUser(Checker& c, const sql::AlterUser& s) {
  bool only_own_password = !s.resources.max_queries_per_hour.has_value() &&
                           !s.resources.max_user_connections.has_value() && !s.lock.has_value();
  for (const sql::AccountAuth& a : s.accounts) only_own_password &= IsSelf(c, a.name);
  if (only_own_password) return absl::OkStatus();
  return c.Global(kCreateUser, "CREATE USER");
}

absl::Status CheckGrant(Checker& c, const sql::GrantStatement& s) {
  if (s.revoke && s.table == "*" && s.database.empty() && !s.current_database) {
    return c.Global(kCreateUser, "CREATE USER");  // REVOKE ALL PRIVILEGES, GRANT OPTION FROM
  }
  std::string db = s.current_database ? c.current() : s.database;
  const bool global = db.empty() && s.table.empty() && !s.current_database;
  const GrantLevel level =
      global ? GrantLevel::kGlobal : (s.table.empty() ? GrantLevel::kDatabase : GrantLevel::kTable);
  const PrivilegeSet wanted = (s.all ? AllAt(level) : s.privileges) | kGrantOption;
  const PrivilegeSet held = c.accounts().PrivilegesOn(c.principal(), db, s.table);
  if ((wanted & ~held) == 0) return absl::OkStatus();
  const std::string_view command = s.revoke ? "REVOKE" : "GRANT";
  switch (level) {
    case GrantLevel::kGlobal:
      return GlobalAccessDenied("GRANT OPTION");
    case GrantLevel::kDatabase:
      return DatabaseAccessDenied(c.principal(), db);
    case GrantLevel::kTable:
      return TableAccessDenied(command, c.principal(), s.table);
  }
  return absl::OkStatus();
}

absl::Status CheckShowGrants(Checker& c, const sql::ShowGrants& s) {
  if (!s.account.has_value() || IsSelf(c, *s.account)) return absl::OkStatus();
  // MySQL asks for SELECT on the mysql database; ours has none, so global SELECT.
  if ((c.accounts().PrivilegesOn(c.principal(), "mysql", "") & kSelect) != 0) {
    return absl::OkStatus();
  }
  return DatabaseAccessDenied(c.principal(), "mysql");
}

struct Visit {
  Checker& c;
  absl::Status operator()(const sql::CreateDatabase& s) { return c.Database(s.name, kCreate); }
  absl::Status operator()(const sql::DropDatabase& s) { return c.Database(s.name, kDrop); }
  absl::Status operator()(const sql::AlterDatabase& s) {
    return c.Database(s.name.empty() ? c.current() : s.name, kAlter);
  }
  absl::Status operator()(const sql::UseDatabase& s) { return c.AnyInDatabase(s.name); }
  absl::Status operator()(const sql::ShowDatabases&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::ShowTables& s) {
    return c.AnyInDatabase(s.database.empty() ? c.current() : s.database);
  }
  absl::Status operator()(const sql::CreateTable& s) { return CheckCreateTable(c, s); }
  absl::Status operator()(const sql::CreateIndex& s) { return c.Table(s.table, kIndex); }
  absl::Status operator()(const sql::DropTable& s) {
    for (const sql::TableName& t : s.tables) ORDINAL_RETURN_IF_ERROR(c.Table(t, kDrop));
    return absl::OkStatus();
  }
  absl::Status operator()(const sql::TruncateTable& s) { return c.Table(s.table, kDrop); }
  absl::Status operator()(const sql::RenameTable& s) {
    for (const auto& [from, to] : s.renames) {
      ORDINAL_RETURN_IF_ERROR(c.Table(from, kAlter | kDrop));
      ORDINAL_RETURN_IF_ERROR(c.Table(to, kCreate | kInsert));
    }
    return absl::OkStatus();
  }
  absl::Status operator()(const sql::DescribeTable& s) { return c.AnyOnTable(s.table); }
  absl::Status operator()(const sql::ShowCreateTable& s) { return c.AnyOnTable(s.table); }
  absl::Status operator()(const sql::CreateView& s) {
    ORDINAL_RETURN_IF_ERROR(c.Table(s.view, kCreateView | (s.or_replace ? kDrop : 0)));
    return s.query ? c.Select(*s.query, {}) : absl::OkStatus();
  }
  absl::Status operator()(const sql::DropView& s) {
    for (const sql::TableName& t : s.views) ORDINAL_RETURN_IF_ERROR(c.Table(t, kDrop));
    return absl::OkStatus();
  }
  absl::Status operator()(const sql::ShowCreateView& s) { return c.AnyOnTable(s.view); }
  absl::Status operator()(const sql::Insert& s) { return CheckInsert(c, s); }
  absl::Status operator()(const sql::Update& s) { return CheckUpdate(c, s); }
  absl::Status operator()(const sql::Delete& s) { return CheckDelete(c, s); }
  absl::Status operator()(const sql::Select& s) { return c.Select(s, {}); }
  absl::Status operator()(const sql::Explain& s) { return c.Select(s.select, {}); }
  absl::Status operator()(const sql::ChecksumTable& s) {
    for (const sql::TableName& t : s.tables) ORDINAL_RETURN_IF_ERROR(c.Table(t, kSelect));
    return absl::OkStatus();
  }
  absl::Status operator()(const sql::AnalyzeTable& s) {
    // As MySQL: SELECT and INSERT on each table.
    for (const sql::TableName& t : s.tables) ORDINAL_RETURN_IF_ERROR(c.Table(t, kSelect | kInsert));
    return absl::OkStatus();
  }
  absl::Status operator()(const sql::Begin&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::Commit&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::Rollback&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::Savepoint&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::ShowReplicaStatus&) {
    if ((c.accounts().PrivilegesOn(c.principal(), "", "") & (kSuper | kReplicationClient)) != 0) {
      return absl::OkStatus();
    }
    return GlobalAccessDenied("SUPER, REPLICATION CLIENT");
  }
  absl::Status operator()(const sql::ShowReplicas&) {
    return c.Global(kReplicationSlave, "REPLICATION SLAVE");
  }
  absl::Status operator()(const sql::SetStatement& s) { return CheckSet(c, s); }
  absl::Status operator()(const sql::SetTransaction& s) {
    if (s.scope != sql::VariableScope::kGlobal) return absl::OkStatus();
    return c.Global(kSuper, "SUPER or SYSTEM_VARIABLES_ADMIN");
  }
  absl::Status operator()(const sql::ShowVariables&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::ShowWarnings&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::AlterTableKeys& s) { return c.Table(s.table, kAlter); }
  // KILL of another connection needs SUPER: checked where the target is known.
  absl::Status operator()(const sql::Kill&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::AlterTable& s) { return CheckAlterTable(c, s); }
  // Without PROCESS the list shows only the caller's own connections (filtered, not refused).
  absl::Status operator()(const sql::ShowProcessList&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::CreateUser&) {
    return c.Global(kCreateUser, "CREATE USER");
  }
  absl::Status operator()(const sql::AlterUser& s) { return CheckAlterUser(c, s); }
  absl::Status operator()(const sql::DropUser&) { return c.Global(kCreateUser, "CREATE USER"); }
  absl::Status operator()(const sql::RenameUser&) {
    return c.Global(kCreateUser, "CREATE USER");
  }
  absl::Status operator()(const sql::GrantStatement& s) { return CheckGrant(c, s); }
  absl::Status operator()(const sql::ShowGrants& s) { return CheckShowGrants(c, s); }
  absl::Status operator()(const sql::ShowQuery& s) {
    switch (s.kind) {
      case sql::ShowQueryKind::kColumns:
      case sql::ShowQueryKind::kIndex:
        return c.AnyOnTable(s.table);
      case sql::ShowQueryKind::kTableStatus:
        return c.AnyInDatabase(s.database.empty() ? c.current() : s.database);
      default:
        return absl::OkStatus();  // the server's character sets, collations and engines
    }
  }
  absl::Status operator()(const sql::ShowCreateDatabase& s) { return c.AnyInDatabase(s.name); }
  absl::Status operator()(const sql::LockTables& s) {
    for (const sql::LockedTable& t : s.tables) {
      ORDINAL_RETURN_IF_ERROR(c.Table(t.table, kSelect | kLockTables));
    }
    return absl::OkStatus();
  }
  absl::Status operator()(const sql::UnlockTables&) { return absl::OkStatus(); }
  absl::Status operator()(const sql::Flush&) { return c.Global(kReload, "RELOAD"); }
  // No stored program exists: the statement changes and reveals nothing.
  absl::Status operator()(const sql::StoredProgramStatement&) { return absl::OkStatus(); }
};

}  // namespace

bool IsPublicDatabase(std::string_view database) { return database == "information_schema"; }

absl::Status TableAccessDenied(std::string_view command, const Principal& principal,
                               std::string_view table) {
  return SqlError(absl::StatusCode::kPermissionDenied, MysqlErrno::kTableAccessDenied,
                  absl::StrCat(View(command), " command denied to user ",
                               principal.QuotedAccount(), " for table '", View(table), "'"));
}

absl::Status DatabaseAccessDenied(const Principal& principal, std::string_view database) {
  return SqlError(absl::StatusCode::kPermissionDenied, MysqlErrno::kDbAccessDenied,
                  absl::StrCat("Access denied for user ", principal.QuotedAccount(),
                               " to database '", View(database), "'"));
}

absl::Status GlobalAccessDenied(std::string_view privileges) {
  return SqlError(absl::StatusCode::kPermissionDenied, MysqlErrno::kSpecificAccessDenied,
                  absl::StrCat("Access denied; you need (at least one of) the ",
                               View(privileges), " privilege(s) for this operation"));
}

absl::Status CheckGlobal(const Principal& principal, const AccountSet& accounts,
                         PrivilegeSet needed, std::string_view names) {
  if ((needed & ~accounts.PrivilegesOn(principal, "", "")) == 0) return absl::OkStatus();
  return GlobalAccessDenied(names);
}

absl::Status CheckStatement(const sql::Statement& statement, const Principal& principal,
                            const AccountSet& accounts, std::string_view current_database,
                            const ColumnLookup& columns) {
  if (principal.fixed_privileges.has_value() &&
      (*principal.fixed_privileges & AllAt(GrantLevel::kGlobal)) == AllAt(GrantLevel::kGlobal)) {
    return absl::OkStatus();  // the superuser: nothing to look up
  }
  Checker checker(principal, accounts, current_database, columns);
  return std::visit(Visit{checker}, statement.body);
}

}  // namespace ordinal::engine::auth
