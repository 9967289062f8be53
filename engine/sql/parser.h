// The SQL parser: text in, one Statement out. A hand-written recursive-descent parser over a
// lexer; it never throws and never crashes on any input (it is fuzzed).
//
// Errors are INVALID_ARGUMENT with MySQL errno 1064 and a message of the form
//   You have an error in your SQL syntax near 'FORM t' at line 1, column 10
// naming the line, the column (1-based, bytes) and the offending token (up to 40 bytes of
// the text from it). Statements longer than kMaxStatementBytes fail with RESOURCE_EXHAUSTED
// (errno 1153) before parsing; nesting deeper than kMaxExprDepth is a syntax error.
#ifndef ORDINAL_ENGINE_SQL_PARSER_H_
#define ORDINAL_ENGINE_SQL_PARSER_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::sql {

inline constexpr size_t kMaxStatementBytes = 4 << 20;  // 4 MiB
inline constexpr int kMaxExprDepth = 200;

// Parses exactly one statement; a trailing `;` and whitespace/comments are allowed.
// An empty statement or a second statement is a syntax error, and so is a `?` parameter
// marker.
absl::StatusOr<Statement> ParseStatement(std::string_view sql);

// A statement with `?` parameter markers, as a prepared statement keeps it: each marker is
// a literal node (NULL, text "?") that the caller sets (its `literal`) before each run.
// `parameters` point into `statement`'s nodes, in the order of the markers in the text;
// they stay valid when the value is moved (the nodes live on the heap).
struct ParameterizedStatement {
  Statement statement;
  std::vector<Expr*> parameters;
};

// One expression and nothing after it (a stored CHECK constraint's text); errors as
// ParseStatement's.
absl::StatusOr<ExprPtr> ParseExpression(std::string_view text);

// As ParseStatement, with `?` allowed wherever an expression is.
absl::StatusOr<ParameterizedStatement> ParseWithParameters(std::string_view sql);

}  // namespace ordinal::engine::sql

#endif  // ORDINAL_ENGINE_SQL_PARSER_H_
