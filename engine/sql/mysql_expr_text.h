// An expression written as MySQL 8.0 prints a stored one (a CHECK constraint's clause in
// SHOW CREATE TABLE and INFORMATION_SCHEMA.CHECK_CONSTRAINTS): every operator in
// parentheses, keywords and function names in lowercase, columns in backquotes without a
// table, strings with the _utf8mb4 introducer. The text parses back (ParseExpression) into
// an expression with the same meaning, and printing that gives the same text again.
// docs/check-constraints.md lists the forms that differ from MySQL's.
#ifndef ORDINAL_ENGINE_SQL_MYSQL_EXPR_TEXT_H_
#define ORDINAL_ENGINE_SQL_MYSQL_EXPR_TEXT_H_

#include <string>

#include "engine/sql/ast.h"

namespace ordinal::engine::sql {

// `expr` must hold no subquery, variable or window call (CHECK constraints reject them
// first); such nodes print as their source text.
std::string MysqlExprText(const Expr& expr);

// Whether `expr` is the literal TRUE or FALSE (which MySQL keeps as conditions, not numbers).
bool IsTrueOrFalseLiteral(const Expr& expr);

}  // namespace ordinal::engine::sql

#endif  // ORDINAL_ENGINE_SQL_MYSQL_EXPR_TEXT_H_
