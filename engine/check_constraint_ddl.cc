#include "engine/check_constraint_ddl.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/sql/mysql_expr_text.h"
#include "engine/sql/parser.h"
#include "engine/table_def_builder.h"

namespace ordinal::engine::ddl {
namespace {

using ordinal::v1::CheckDef;
using ordinal::v1::TableDef;
using sql::Expr;
using sql::ExprKind;

absl::Status Error(MysqlErrno code, std::string message) {
  return SqlError(absl::StatusCode::kInvalidArgument, code, message);
}

// MySQL's name for a function a check may not call (its func_name()), or "" when allowed.
std::string DisallowedFunction(const std::string& upper) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"NOW", "now"}, {"CURRENT_TIMESTAMP", "now"}, {"LOCALTIME", "now"},
      {"LOCALTIMESTAMP", "now"}, {"SYSDATE", "sysdate"}, {"CURDATE", "curdate"},
      {"CURRENT_DATE", "curdate"}, {"CURTIME", "curtime"}, {"CURRENT_TIME", "curtime"},
      {"UTC_DATE", "utc_date"}, {"UTC_TIME", "utc_time"}, {"UTC_TIMESTAMP", "utc_timestamp"},
      {"UNIX_TIMESTAMP", "unix_timestamp"}, {"RAND", "rand"}, {"UUID", "uuid"},
      {"UUID_SHORT", "uuid_short"}, {"SLEEP", "sleep"}, {"CONNECTION_ID", "connection_id"},
      {"CURRENT_USER", "current_user"}, {"USER", "user"}, {"SESSION_USER", "user"},
      {"SYSTEM_USER", "user"}, {"DATABASE", "database"}, {"SCHEMA", "database"},
      {"FOUND_ROWS", "found_rows"}, {"LAST_INSERT_ID", "last_insert_id"},
      {"ROW_COUNT", "row_count"}, {"VERSION", "version"}, {"BENCHMARK", "benchmark"},
      {"GET_LOCK", "get_lock"}, {"RELEASE_LOCK", "release_lock"},
  };
  for (const auto& [name, shown] : kNames) {
    if (upper == name) return shown;
  }
  return "";
}

// The aggregates (sql::IsAggregateName) and GROUPING, which a check may not call.
bool IsAggregateName(const std::string& upper) {
  return sql::IsAggregateName(upper) || upper == "GROUPING";
}

// 3814, 3815, 3816 for the first node a check may not hold.
absl::Status CheckAllowed(const Expr& e, const std::string& name) {
  switch (e.kind) {
    case ExprKind::kSubquery:
    case ExprKind::kExists:
    case ExprKind::kInSubquery:
    case ExprKind::kQuantified:
      return Error(MysqlErrno::kCheckFunction,
                   absl::StrCat("An expression of a check constraint '", name,
                                "' contains disallowed function."));
    case ExprKind::kVariable:
    case ExprKind::kAssign:
      return Error(MysqlErrno::kCheckVariables,
                   absl::StrCat("An expression of a check constraint '", name,
                                "' cannot refer to a user or system variable."));
    case ExprKind::kFunction: {
      if (e.over != nullptr || e.star || IsAggregateName(e.function_name)) {
        return Error(MysqlErrno::kCheckFunction,
                     absl::StrCat("An expression of a check constraint '", name,
                                  "' contains disallowed function."));
      }
      const std::string shown = DisallowedFunction(e.function_name);
      if (!shown.empty()) {
        return Error(MysqlErrno::kCheckNamedFunction,
                     absl::StrCat("An expression of a check constraint '", name,
                                  "' contains disallowed function: ", shown, "."));
      }
      break;
    }
    default:
      break;
  }
  for (const sql::ExprPtr& child : e.children) {
    ORDINAL_RETURN_IF_ERROR(CheckAllowed(*child, name));
  }
  return absl::OkStatus();
}

// MySQL's is_bool_func(): a condition, not a value.
bool IsCondition(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kIn:
    case ExprKind::kBetween:
    case ExprKind::kLike:
    case ExprKind::kIsNull:
    case ExprKind::kIsTruth:
    case ExprKind::kRegexp:
    case ExprKind::kExists:
    case ExprKind::kInSubquery:
    case ExprKind::kQuantified:
      return true;
    case ExprKind::kUnary:
      return e.unary_op == sql::UnaryOp::kNot ||
             (e.unary_op == sql::UnaryOp::kPlus && IsCondition(*e.children[0]));
    case ExprKind::kBinary:
      switch (e.binary_op) {
        case sql::BinaryOp::kEq: case sql::BinaryOp::kNotEq: case sql::BinaryOp::kLt:
        case sql::BinaryOp::kLtEq: case sql::BinaryOp::kGt: case sql::BinaryOp::kGtEq:
        case sql::BinaryOp::kNullSafeEq: case sql::BinaryOp::kAnd: case sql::BinaryOp::kOr:
        case sql::BinaryOp::kXor:
          return true;
        default:
          return false;
      }
    case ExprKind::kLiteral:
      return sql::IsTrueOrFalseLiteral(e);
    case ExprKind::kFunction:
      return e.function_name == "JSON_VALID" || e.function_name == "JSON_CONTAINS" ||
             e.function_name == "JSON_CONTAINS_PATH" || e.function_name == "JSON_OVERLAPS" ||
             e.function_name == "ISNULL" || e.function_name == sql::kMemberOfFunction;
    default:
      return false;
  }
}

void CollectColumns(const Expr& e, std::vector<std::string>* out) {
  if (e.kind == ExprKind::kColumn) out->push_back(e.column_name);
  for (const sql::ExprPtr& child : e.children) CollectColumns(*child, out);
}

int ColumnIndex(const TableDef& def, const std::string& name) {
  for (int i = 0; i < def.columns_size(); ++i) {
    if (def.columns(i).name() == name) return i;
  }
  return -1;
}

// The n of a name <table>_chk_<n>, or 0.
int GeneratedNumber(const std::string& table, const std::string& name) {
  const std::string prefix = absl::StrCat(table, "_chk_");
  if (name.size() <= prefix.size() || !absl::StartsWithIgnoreCase(name, prefix)) return 0;
  int n = 0;
  const char* begin = name.data() + prefix.size();
  const char* end = name.data() + name.size();
  const auto [ptr, ec] = std::from_chars(begin, end, n);
  return ec == std::errc() && ptr == end ? n : 0;
}

absl::Status Validate(const sql::CheckDefinition& clause, const std::string& name,
                      const TableDef& def) {
  ORDINAL_RETURN_IF_ERROR(CheckIdentifier(name));
  std::vector<std::string> columns;
  CollectColumns(*clause.expr, &columns);
  if (!clause.column.empty()) {
    const bool only_own = !columns.empty() &&
                          std::all_of(columns.begin(), columns.end(),
                                      [&](const std::string& c) { return c == clause.column; });
    if (!only_own) {
      return Error(MysqlErrno::kColumnCheckOtherColumn,
                   absl::StrCat("Column check constraint '", name, "' references other column."));
    }
  }
  if (!IsCondition(*clause.expr)) {
    return Error(MysqlErrno::kNonBooleanCheck,
                 absl::StrCat("An expression of non-boolean type specified to a check "
                              "constraint '", name, "'."));
  }
  ORDINAL_RETURN_IF_ERROR(CheckAllowed(*clause.expr, name));
  for (const std::string& column : columns) {
    const int index = ColumnIndex(def, column);
    if (index < 0 || (def.hidden_primary_key() && index == def.columns_size() - 1)) {
      return Error(MysqlErrno::kCheckUnknownColumn,
                   absl::StrCat("Check constraint '", name, "' refers to non-existing column '",
                                column, "'."));
    }
    if (def.columns(index).auto_increment()) {
      return Error(MysqlErrno::kCheckAutoIncrement,
                   absl::StrCat("Check constraint '", name,
                                "' cannot refer to an auto-increment column."));
    }
  }
  return absl::OkStatus();
}

absl::Status DuplicateName(const std::string& name) {
  return SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kCheckDupName,
                  absl::StrCat("Duplicate check constraint name '", name, "'."));
}

}  // namespace

int FindCheck(const TableDef& def, std::string_view name) {
  for (int i = 0; i < def.checks_size(); ++i) {
    if (absl::EqualsIgnoreCase(def.checks(i).name(), absl::string_view(name.data(), name.size()))) {
      return i;
    }
  }
  return -1;
}

absl::StatusOr<std::vector<std::string>> AddChecks(
    const std::vector<sql::CheckDefinition>& clauses, TableDef& def) {
  int next = 0;
  for (const CheckDef& check : def.checks()) {
    next = std::max(next, GeneratedNumber(def.name(), check.name()));
  }
  std::vector<std::string> added;
  for (const sql::CheckDefinition& clause : clauses) {
    const std::string name =
        clause.name.empty() ? absl::StrCat(def.name(), "_chk_", ++next) : clause.name;
    ORDINAL_RETURN_IF_ERROR(Validate(clause, name, def));
    if (FindCheck(def, name) >= 0) return DuplicateName(name);
    CheckDef* record = def.add_checks();
    record->set_name(name);
    record->set_expression(sql::MysqlExprText(*clause.expr));
    record->set_enforced(clause.enforced);
    added.push_back(name);
  }
  return added;
}

absl::Status CheckCheckNamesUnique(kv::Transaction& txn, const TableDef& def) {
  if (def.checks_size() == 0) return absl::OkStatus();
  ORDINAL_ASSIGN_OR_RETURN(std::vector<TableDef> tables, catalog::ReadTables(txn, def.database()));
  for (const TableDef& other : tables) {
    if (other.name() == def.name()) continue;
    for (const CheckDef& check : def.checks()) {
      if (FindCheck(other, check.name()) >= 0) return DuplicateName(check.name());
    }
  }
  return absl::OkStatus();
}

bool CheckUsesColumn(const CheckDef& check, std::string_view column) {
  absl::StatusOr<sql::ExprPtr> expr = sql::ParseExpression(check.expression());
  if (!expr.ok()) return false;
  std::vector<std::string> columns;
  CollectColumns(**expr, &columns);
  return std::find(columns.begin(), columns.end(), std::string(column)) != columns.end();
}

absl::Status CheckColumnNotInChecks(const TableDef& def, std::string_view column) {
  for (const CheckDef& check : def.checks()) {
    if (!CheckUsesColumn(check, column)) continue;
    return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kDependentByCheck,
                    absl::StrCat("Check constraint '", check.name(), "' uses column '",
                                 std::string(column),
                                 "', hence column cannot be dropped or renamed."));
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::ddl
