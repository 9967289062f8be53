// INSERT, REPLACE, UPDATE and DELETE.
#include <utility>

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

// c = expr, t.c = expr, ... (a qualifier is accepted and dropped).
absl::StatusOr<std::vector<Assignment>> Parser::ParseAssignments() {
  std::vector<Assignment> assignments;
  do {
    Assignment assignment;
    assignment.loc = Peek().loc;
    ORDINAL_ASSIGN_OR_RETURN(assignment.column, ParseName());
    if (AcceptOp(".")) {
      ORDINAL_ASSIGN_OR_RETURN(assignment.column, ParseName());
    }
    ORDINAL_RETURN_IF_ERROR(ExpectOp("="));
    ORDINAL_ASSIGN_OR_RETURN(assignment.value, ParseExpr());
    assignments.push_back(std::move(assignment));
  } while (AcceptOp(","));
  return assignments;
}

// UPDATE t SET c = expr, ... [WHERE expr] [ORDER BY ...] [LIMIT n]
absl::StatusOr<Update> Parser::ParseUpdate() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("UPDATE"));
  Update update;
  ORDINAL_ASSIGN_OR_RETURN(update.table, ParseTableName());
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SET"));
  ORDINAL_ASSIGN_OR_RETURN(update.assignments, ParseAssignments());
  ORDINAL_ASSIGN_OR_RETURN(update.where, ParseOptionalWhere());
  ORDINAL_ASSIGN_OR_RETURN(update.order_by, ParseOrderBy());
  ORDINAL_RETURN_IF_ERROR(ParseLimit(update.limit, nullptr));
  return update;
}

// DELETE FROM t [WHERE expr] [ORDER BY ...] [LIMIT n]
absl::StatusOr<Delete> Parser::ParseDelete() {
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("DELETE"));
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("FROM"));
  Delete del;
  ORDINAL_ASSIGN_OR_RETURN(del.table, ParseTableName());
  ORDINAL_ASSIGN_OR_RETURN(del.where, ParseOptionalWhere());
  ORDINAL_ASSIGN_OR_RETURN(del.order_by, ParseOrderBy());
  ORDINAL_RETURN_IF_ERROR(ParseLimit(del.limit, nullptr));
  return del;
}

}  // namespace ordinal::engine::sql
