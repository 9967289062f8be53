// The string functions whose arguments have a syntax of their own, turned into plain calls
// of the function registry (engine/functions):
//   TRIM([[LEADING|TRAILING|BOTH] [x] FROM] s)  ->  TRIM(s) or TRIM(s, x, mode)
//   POSITION(a IN b)                            ->  LOCATE(a, b)
//   SUBSTRING|SUBSTR(s FROM p [FOR n])          ->  SUBSTRING(s, p[, n])
//   CHAR(n, ... USING charset)                  ->  CHAR(n, ...)
// The TRIM mode is a literal third argument: 0 BOTH, 1 LEADING, 2 TRAILING. Only this file
// builds TRIM calls with more than one argument (`TRIM(a, b)` is a syntax error, as in MySQL).
#include <algorithm>
#include <utility>

#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {

bool Parser::HasStringArguments(const Expr& call) const {
  const std::string& name = call.function_name;
  return name == "TRIM" || name == "POSITION" || name == "SUBSTRING" || name == "SUBSTR" ||
         name == "CHAR";
}

absl::StatusOr<ExprPtr> Parser::ParseStringArguments(ExprPtr call) {
  const size_t first = pos_ - 2;
  int height = 0;
  // Parses one argument with `parse` (a precedence level) and appends it.
  auto argument = [&](absl::StatusOr<ExprPtr> (Parser::*parse)()) -> absl::Status {
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr arg, (this->*parse)());
    height = std::max(height, last_height_);
    call->children.push_back(std::move(arg));
    return absl::OkStatus();
  };
  std::string& name = call->function_name;
  if (name == "TRIM") {
    ORDINAL_RETURN_IF_ERROR(ParseTrimArguments(*call, &height));
  } else if (name == "POSITION") {
    ORDINAL_RETURN_IF_ERROR(argument(&Parser::ParseBitOr));
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("IN"));
    ORDINAL_RETURN_IF_ERROR(argument(&Parser::ParseExpr));
    name = "LOCATE";
  } else if (name == "CHAR") {
    do {
      ORDINAL_RETURN_IF_ERROR(argument(&Parser::ParseExpr));
    } while (AcceptOp(","));
    if (AcceptKeyword("USING")) {
      if (Peek().kind != TokenKind::kIdent) return ErrorHere();
      Next();  // the result is a binary string whatever the character set
    }
  } else {  // SUBSTRING, SUBSTR
    ORDINAL_RETURN_IF_ERROR(argument(&Parser::ParseExpr));
    const bool from = AcceptKeyword("FROM");
    if (!from) ORDINAL_RETURN_IF_ERROR(ExpectOp(","));
    ORDINAL_RETURN_IF_ERROR(argument(&Parser::ParseExpr));
    if (from ? AcceptKeyword("FOR") : AcceptOp(",")) {
      ORDINAL_RETURN_IF_ERROR(argument(&Parser::ParseExpr));
    }
    name = "SUBSTRING";
  }
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  return Finish(std::move(call), first, height + 1);
}

// After `TRIM(`: [LEADING|TRAILING|BOTH] [x] FROM s, x FROM s, or s.
absl::Status Parser::ParseTrimArguments(Expr& call, int* height) {
  int mode = -1;
  if (AcceptKeyword("BOTH")) {
    mode = 0;
  } else if (AcceptKeyword("LEADING")) {
    mode = 1;
  } else if (AcceptKeyword("TRAILING")) {
    mode = 2;
  }
  ExprPtr remove;
  if (mode < 0 || !IsKeyword("FROM")) {
    ORDINAL_ASSIGN_OR_RETURN(remove, ParseExpr());
    *height = std::max(*height, last_height_);
  }
  if (mode < 0 && !IsKeyword("FROM")) {  // TRIM(s)
    call.children.push_back(std::move(remove));
    return absl::OkStatus();
  }
  const size_t from = pos_;
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("FROM"));
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr text, ParseExpr());
  *height = std::max(*height, last_height_);
  if (remove == nullptr) {
    remove = NewExpr(ExprKind::kLiteral, from);
    remove->literal = Value::String(" ");
    remove->text = "' '";
  }
  ExprPtr mode_literal = NewExpr(ExprKind::kLiteral, from);
  mode_literal->literal = Value::Int(std::max(mode, 0));
  mode_literal->text = std::to_string(std::max(mode, 0));
  call.children.push_back(std::move(text));
  call.children.push_back(std::move(remove));
  call.children.push_back(std::move(mode_literal));
  return absl::OkStatus();
}

}  // namespace ordinal::engine::sql
