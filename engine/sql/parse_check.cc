// CHECK constraints in CREATE TABLE and ALTER TABLE (docs/check-constraints.md), and
// ParseExpression, which reads a stored constraint's expression back.
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/sql/lexer.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {

// CHECK (expr) [[NOT] ENFORCED], after [CONSTRAINT [name]].
absl::StatusOr<CheckDefinition> Parser::ParseCheck(std::string name) {
  CheckDefinition check;
  check.loc = Peek().loc;
  check.name = std::move(name);
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("CHECK"));
  ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
  ORDINAL_ASSIGN_OR_RETURN(check.expr, ParseExpr());
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  ORDINAL_ASSIGN_OR_RETURN(check.enforced, ParseEnforcement());
  return check;
}

// [NOT] ENFORCED; nothing is ENFORCED.
absl::StatusOr<bool> Parser::ParseEnforcement() {
  if (IsKeyword("NOT") && IsKeyword("ENFORCED", 1)) {
    Next();
    Next();
    return false;
  }
  AcceptKeyword("ENFORCED");
  return true;
}

// After CONSTRAINT: the optional symbol, as written (check names keep their case).
absl::StatusOr<std::string> Parser::ParseConstraintSymbol() {
  std::string display;
  if (AtName() && !IsKeyword("FOREIGN")) {
    ORDINAL_RETURN_IF_ERROR(ParseName(&display).status());
  }
  return display;
}

// ALTER {CHECK | CONSTRAINT} name [NOT] ENFORCED, after ALTER.
absl::Status Parser::ParseAlterCheck(AlterSpec& spec) {
  spec.action = IsKeyword("CHECK") ? AlterAction::kAlterCheck : AlterAction::kAlterConstraint;
  Next();
  ORDINAL_ASSIGN_OR_RETURN(spec.name, ParseName());
  if (!IsKeyword("ENFORCED") && !(IsKeyword("NOT") && IsKeyword("ENFORCED", 1))) {
    return ErrorHere();
  }
  ORDINAL_ASSIGN_OR_RETURN(spec.check.enforced, ParseEnforcement());
  return absl::OkStatus();
}

absl::StatusOr<ExprPtr> Parser::ParseSingleExpression() {
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
  if (Peek().kind != TokenKind::kEnd) return ErrorHere();
  return expr;
}

absl::StatusOr<ExprPtr> ParseExpression(std::string_view text) {
  if (text.size() > kMaxStatementBytes) return ParseStatement(text).status();
  Parser parser(text, Tokenize(text));
  return parser.ParseSingleExpression();
}

}  // namespace ordinal::engine::sql
