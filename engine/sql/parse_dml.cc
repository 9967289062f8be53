// INSERT, REPLACE, UPDATE and DELETE.
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {

// INSERT [IGNORE] [INTO] t [(cols)] VALUES|VALUE (...), ... [ON DUPLICATE KEY UPDATE ...]
// INSERT [IGNORE] [INTO] t SET c = expr, ...         (one row, MySQL's SET form)
// INSERT [IGNORE] [INTO] t [(cols)] SELECT ...       (the query's rows)
// REPLACE [INTO] t ...                               (same forms, no ON DUPLICATE KEY)
absl::StatusOr<Insert> Parser::ParseInsert() {
  Insert insert;
  if (AcceptKeyword("REPLACE")) {
    insert.replace = true;
  } else {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("INSERT"));
    insert.ignore = AcceptKeyword("IGNORE");
  }
  AcceptKeyword("INTO");
  ORDINAL_ASSIGN_OR_RETURN(insert.table, ParseTableName());
  if (AcceptKeyword("SET")) {
    ORDINAL_ASSIGN_OR_RETURN(std::vector<Assignment> assignments, ParseAssignments());
    std::vector<ExprPtr> row;
    for (Assignment& assignment : assignments) {
      insert.columns.push_back(std::move(assignment.column));
      row.push_back(std::move(assignment.value));
    }
    insert.rows.push_back(std::move(row));
  } else {
    ORDINAL_RETURN_IF_ERROR(ParseInsertRows(insert));
  }
  if (!insert.replace && AcceptKeyword("ON")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("DUPLICATE"));
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("KEY"));
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("UPDATE"));
    ORDINAL_ASSIGN_OR_RETURN(insert.on_duplicate_update, ParseAssignments());
  }
  return insert;
}

// [(cols)] VALUES|VALUE (row), (row) ... ; `()` is an empty column list or row, as in MySQL.
// [(cols)] SELECT ... | [(cols)] (SELECT ...)
absl::Status Parser::ParseInsertRows(Insert& insert) {
  if (IsOp("(") && !AtQueryStart()) {
    ORDINAL_ASSIGN_OR_RETURN(insert.columns, ParseParenthesizedNames(/*allow_empty=*/true));
  }
  if (AtQueryStart()) {
    ORDINAL_ASSIGN_OR_RETURN(Select select, ParseQueryExpression());
    insert.select = std::make_shared<Select>(std::move(select));
    return absl::OkStatus();
  }
  if (!AcceptKeyword("VALUES")) ORDINAL_RETURN_IF_ERROR(ExpectKeyword("VALUE"));
  do {
    ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
    std::vector<ExprPtr> row;
    if (!IsOp(")")) {
      ORDINAL_ASSIGN_OR_RETURN(row, ParseExprList());
    }
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    insert.rows.push_back(std::move(row));
  } while (AcceptOp(","));
  return absl::OkStatus();
}

// c = expr, t.c = expr, db.t.c = expr, ... (the qualifier is kept in the assignment).
absl::StatusOr<std::vector<Assignment>> Parser::ParseAssignments() {
  std::vector<Assignment> assignments;
  do {
    Assignment assignment;
    assignment.loc = Peek().loc;
    ORDINAL_ASSIGN_OR_RETURN(assignment.column, ParseName());
    if (AcceptOp(".")) {
      assignment.table = std::move(assignment.column);
      ORDINAL_ASSIGN_OR_RETURN(assignment.column, ParseName());
      if (AcceptOp(".")) {
        assignment.database = std::move(assignment.table);
        assignment.table = std::move(assignment.column);
        ORDINAL_ASSIGN_OR_RETURN(assignment.column, ParseName());
      }
    }
    ORDINAL_RETURN_IF_ERROR(ExpectOp("="));
    ORDINAL_ASSIGN_OR_RETURN(assignment.value, ParseExpr());
    assignments.push_back(std::move(assignment));
  } while (AcceptOp(","));
  return assignments;
}

namespace {

// A table reference that is one named table, perhaps aliased: the single-table forms.
bool IsNamedTable(const TableRef& ref) { return !ref.is_join() && ref.subquery == nullptr; }

// MySQL's 1221 for ORDER BY / LIMIT in a multiple-table UPDATE.
absl::Status WrongUsage(const char* statement, const char* clause) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongUsage,
                  absl::StrCat("Incorrect usage of ", statement, " and ", clause));
}

}  // namespace

// UPDATE t [[AS] a] SET c = expr, ... [WHERE expr] [ORDER BY ...] [LIMIT n]
// UPDATE table_references SET [t.]c = expr, ... [WHERE expr]: more than one table, or a
// join; its ORDER BY or LIMIT is error 1221, as in MySQL.
absl::StatusOr<Update> Parser::ParseUpdate() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("UPDATE"));
  Update update;
  std::vector<TableRef> refs;
  do {
    ORDINAL_ASSIGN_OR_RETURN(TableRef ref, ParseTableReference());
    refs.push_back(std::move(ref));
  } while (AcceptOp(","));
  if (refs.size() == 1 && IsNamedTable(refs[0])) {
    update.table = std::move(refs[0].name);
    update.alias = std::move(refs[0].alias);
  } else {
    update.from = std::move(refs);
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SET"));
  ORDINAL_ASSIGN_OR_RETURN(update.assignments, ParseAssignments());
  ORDINAL_ASSIGN_OR_RETURN(update.where, ParseOptionalWhere());
  ORDINAL_ASSIGN_OR_RETURN(update.order_by, ParseOrderBy());
  ORDINAL_RETURN_IF_ERROR(ParseLimit(update.limit, nullptr));
  if (update.multi_table() && !update.order_by.empty()) return WrongUsage("UPDATE", "ORDER BY");
  if (update.multi_table() && update.limit.has_value()) return WrongUsage("UPDATE", "LIMIT");
  return update;
}

// One table of a multiple-table DELETE's list: t, t.*, db.t or db.t.*.
absl::StatusOr<TableName> Parser::ParseDeleteTarget(bool* star) {
  TableName name;
  if (AtName() && IsOp(".", 1) && IsOp("*", 2)) {
    name.loc = Peek().loc;
    ORDINAL_ASSIGN_OR_RETURN(name.table, ParseName());
  } else {
    ORDINAL_ASSIGN_OR_RETURN(name, ParseTableName());
  }
  *star = IsOp(".") && IsOp("*", 1);
  if (*star) {
    Next();
    Next();
  }
  return name;
}

// DELETE FROM t [[AS] a] [WHERE expr] [ORDER BY ...] [LIMIT n]
// DELETE t1[.*], ... FROM table_references [WHERE expr]
// DELETE FROM t1[.*], ... USING table_references [WHERE expr]
// The multiple-table forms take no ORDER BY or LIMIT: a syntax error, as in MySQL 8.
absl::StatusOr<Delete> Parser::ParseDelete() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("DELETE"));
  Delete del;
  const bool from_first = AcceptKeyword("FROM");
  bool star = false;
  ORDINAL_ASSIGN_OR_RETURN(TableName first, ParseDeleteTarget(&star));
  if (from_first && !star && !IsOp(",") && !IsKeyword("USING")) {
    del.table = std::move(first);
    if (AcceptKeyword("AS") || (AtName() && AtImplicitAlias())) {
      ORDINAL_ASSIGN_OR_RETURN(del.alias, ParseName());
    }
    ORDINAL_ASSIGN_OR_RETURN(del.where, ParseOptionalWhere());
    ORDINAL_ASSIGN_OR_RETURN(del.order_by, ParseOrderBy());
    ORDINAL_RETURN_IF_ERROR(ParseLimit(del.limit, nullptr));
    return del;
  }
  del.targets.push_back(std::move(first));
  while (AcceptOp(",")) {
    ORDINAL_ASSIGN_OR_RETURN(TableName target, ParseDeleteTarget(&star));
    del.targets.push_back(std::move(target));
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword(from_first ? "USING" : "FROM"));
  do {
    ORDINAL_ASSIGN_OR_RETURN(TableRef ref, ParseTableReference());
    del.from.push_back(std::move(ref));
  } while (AcceptOp(","));
  ORDINAL_ASSIGN_OR_RETURN(del.where, ParseOptionalWhere());
  return del;
}

}  // namespace ordinal::engine::sql
