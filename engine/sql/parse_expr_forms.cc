// The expression forms with a syntax of their own: function calls (including those MySQL
// allows without parentheses, COUNT(*), COUNT(ALL x), COUNT(DISTINCT x, ...) and
// GROUP_CONCAT's ORDER BY and SEPARATOR), variables
// (@user, @@[scope.]system, @user := expr), CASE, CAST/CONVERT, and string literals after a
// character set introducer (_utf8mb4'x', N'x').
#include <algorithm>
#include <utility>

#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {
namespace {

// Reserved words that MySQL also accepts as the name of a built-in function.
constexpr std::string_view kReservedFunctionNames[] = {
    "CHAR", "DATABASE", "IF", "INSERT", "LEFT", "MOD", "REPEAT", "REPLACE", "RIGHT", "SCHEMA",
    "VALUES",
};

// Functions MySQL also calls without parentheses: `CURRENT_USER` is `CURRENT_USER()`.
constexpr std::string_view kNiladicFunctionNames[] = {
    "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "LOCALTIME",
    "LOCALTIMESTAMP", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP",
};

bool IsNiladicFunctionName(std::string_view word) {
  for (std::string_view name : kNiladicFunctionNames) {
    if (KeywordEquals(word, name)) return true;
  }
  return false;
}

bool IsReservedFunctionName(std::string_view word) {
  for (std::string_view name : kReservedFunctionNames) {
    if (KeywordEquals(word, name)) return true;
  }
  return false;
}

}  // namespace

bool Parser::AtFunctionCall() const {
  const Token& token = Peek();
  if (token.kind != TokenKind::kIdent || !IsOp("(", 1)) return false;
  return !token.reserved || IsReservedFunctionName(token.text);
}

bool Parser::AtNiladicFunction() const {
  const Token& token = Peek();
  return token.kind == TokenKind::kIdent && IsNiladicFunctionName(token.text) && !IsOp(".", 1);
}

absl::StatusOr<ExprPtr> Parser::ParseFunctionCall() {
  const size_t first = pos_;
  ExprPtr call = NewExpr(ExprKind::kFunction, first);
  call->function_name = Uppercase(Next().text);
  if (!AcceptOp("(")) return Finish(std::move(call), first, 1);  // CURRENT_USER
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  return ParseFunctionArguments(std::move(call));
}

// The arguments after `name(`, through the closing parenthesis.
absl::StatusOr<ExprPtr> Parser::ParseFunctionArguments(ExprPtr call) {
  const size_t first = pos_ - 2;
  const Token& name_token = tokens_[first];
  if (HasTemporalArguments(*call)) return ParseTemporalArguments(std::move(call));
  if (HasStringArguments(*call)) return ParseStringArguments(std::move(call));
  int height = 0;
  if (call->function_name == "COUNT" && AcceptOp("*")) {
    call->star = true;
  } else if (!IsOp(")")) {
    call->distinct = AcceptKeyword("DISTINCT");
    if (!call->distinct) AcceptKeyword("ALL");  // COUNT(ALL x) is COUNT(x)
    do {
      ORDINAL_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
      call->children.push_back(std::move(arg));
      height = std::max(height, last_height_);
    } while (AcceptOp(","));
    if (call->function_name == "GROUP_CONCAT") {
      ORDINAL_RETURN_IF_ERROR(ParseGroupConcatTail(*call, &height));
    }
  }
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  ORDINAL_RETURN_IF_ERROR(ParseWindowTail(*call, name_token));
  if (call->function_name == "VALUES" &&
      (call->distinct || call->children.size() != 1 ||
       call->children[0]->kind != ExprKind::kColumn)) {
    return ErrorAt(name_token);  // VALUES(col) names exactly one column
  }
  if (call->function_name == "MOD" && call->children.size() == 2 && !call->distinct) {
    ExprPtr right = std::move(call->children[1]);
    ExprPtr left = std::move(call->children[0]);
    ExprPtr node = NewExpr(ExprKind::kBinary, first);
    node->binary_op = BinaryOp::kMod;
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return Finish(std::move(node), first, height + 1);
  }
  return Finish(std::move(call), first, height + 1);
}

// GROUP_CONCAT's [ORDER BY k [ASC|DESC], ...] [SEPARATOR 'text'] before its `)`: the keys
// follow the values among the children (a position, ORDER BY 2, names a value: the planner
// resolves it).
absl::Status Parser::ParseGroupConcatTail(Expr& call, int* height) {
  if (AcceptKeyword("ORDER")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("BY"));
    do {
      ORDINAL_ASSIGN_OR_RETURN(ExprPtr key, ParseExpr());
      *height = std::max(*height, last_height_);
      bool descending = false;
      if (AcceptKeyword("DESC")) {
        descending = true;
      } else {
        AcceptKeyword("ASC");
      }
      call.children.push_back(std::move(key));
      call.order_descending.push_back(descending);
    } while (AcceptOp(","));
  }
  if (AcceptKeyword("SEPARATOR")) {
    if (Peek().kind != TokenKind::kString) return ErrorHere();
    call.separator = Next().value;
  }
  return absl::OkStatus();
}

absl::StatusOr<VariableRef> Parser::VariableOf(const Token& token) const {
  VariableRef ref;
  if (token.kind == TokenKind::kUserVar) {
    ref.scope = VariableScope::kUser;
    ref.name = Lowercase(token.value);
    return ref;
  }
  std::string_view text = token.value;
  ref.scope = VariableScope::kDefault;
  if (const size_t dot = text.find('.'); dot != std::string_view::npos) {
    const std::string scope = Lowercase(text.substr(0, dot));
    if (scope == "global") {
      ref.scope = VariableScope::kGlobal;
    } else if (scope == "session" || scope == "local") {
      ref.scope = VariableScope::kSession;
    } else {
      return ErrorAt(token);
    }
    text.remove_prefix(dot + 1);
  }
  if (text.empty() || text.find('.') != std::string_view::npos) return ErrorAt(token);
  ref.name = Lowercase(text);
  return ref;
}

// @name, @@[scope.]name, and `@name := expr`.
absl::StatusOr<ExprPtr> Parser::ParseVariable() {
  const size_t first = pos_;
  const Token& token = Next();
  ORDINAL_ASSIGN_OR_RETURN(VariableRef ref, VariableOf(token));
  if (ref.scope == VariableScope::kUser && AcceptOp(":=")) {
    DepthGuard guard(*this);
    if (guard.exceeded()) return ErrorHere();
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr value, ParseExpr());
    ExprPtr node = NewExpr(ExprKind::kAssign, first);
    node->variable = std::move(ref);
    node->children.push_back(std::move(value));
    return Finish(std::move(node), first, last_height_ + 1);
  }
  ExprPtr node = NewExpr(ExprKind::kVariable, first);
  node->variable = std::move(ref);
  return Finish(std::move(node), first, 1);
}

// CASE [operand] WHEN w THEN t [WHEN ...] [ELSE e] END
absl::StatusOr<ExprPtr> Parser::ParseCase() {
  const size_t first = pos_;
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("CASE"));
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  ExprPtr node = NewExpr(ExprKind::kCase, first);
  int height = 0;
  auto operand = [&]() -> absl::Status {
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
    height = std::max(height, last_height_);
    node->children.push_back(std::move(e));
    return absl::OkStatus();
  };
  if (!IsKeyword("WHEN")) {
    node->case_operand = true;
    ORDINAL_RETURN_IF_ERROR(operand());
  }
  if (!IsKeyword("WHEN")) return ErrorHere();
  while (AcceptKeyword("WHEN")) {
    ORDINAL_RETURN_IF_ERROR(operand());
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("THEN"));
    ORDINAL_RETURN_IF_ERROR(operand());
  }
  if (AcceptKeyword("ELSE")) {
    node->case_else = true;
    ORDINAL_RETURN_IF_ERROR(operand());
  }
  ORDINAL_RETURN_IF_ERROR(ExpectKeyword("END"));
  return Finish(std::move(node), first, height + 1);
}

// CAST(expr AS type), CONVERT(expr, type), CONVERT(expr USING charset) (the bytes unchanged).
absl::StatusOr<ExprPtr> Parser::ParseCast() {
  const size_t first = pos_;
  const bool convert = KeywordEquals(Next().text, "CONVERT");
  Next();  // (
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr value, ParseExpr());
  const int height = last_height_;
  if (convert && AcceptKeyword("USING")) {
    if (Peek().kind != TokenKind::kIdent && Peek().kind != TokenKind::kString) return ErrorHere();
    Next();
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    return Finish(std::move(value), first, height);
  }
  if (convert) {
    ORDINAL_RETURN_IF_ERROR(ExpectOp(","));
  } else {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("AS"));
  }
  ExprPtr node = NewExpr(ExprKind::kCast, first);
  ORDINAL_ASSIGN_OR_RETURN(node->cast, ParseCastTarget());
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  node->children.push_back(std::move(value));
  return Finish(std::move(node), first, height + 1);
}

absl::StatusOr<CastTarget> Parser::ParseCastTarget() {
  using Type = CastTarget::Type;
  CastTarget target;
  // `(n)` or `(p, s)` after the type name, when present.
  auto lengths = [&](bool allow_scale) -> absl::Status {
    if (!AcceptOp("(")) return absl::OkStatus();
    ORDINAL_ASSIGN_OR_RETURN(int64_t n, ParseNonNegativeInteger());
    target.length = static_cast<int>(std::min<int64_t>(n, 1 << 30));
    if (allow_scale && AcceptOp(",")) {
      ORDINAL_ASSIGN_OR_RETURN(int64_t s, ParseNonNegativeInteger());
      target.scale = static_cast<int>(std::min<int64_t>(s, 1 << 30));
    }
    return ExpectOp(")");
  };
  if (AcceptKeyword("SIGNED") || AcceptKeyword("UNSIGNED")) {
    target.type = KeywordEquals(tokens_[pos_ - 1].text, "SIGNED") ? Type::kSigned : Type::kUnsigned;
    if (!AcceptKeyword("INTEGER")) AcceptKeyword("INT");
  } else if (AcceptKeyword("CHAR") || AcceptKeyword("NCHAR") || AcceptKeyword("VARCHAR")) {
    target.type = Type::kChar;
    ORDINAL_RETURN_IF_ERROR(lengths(false));
    if (AcceptKeyword("CHARACTER")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("SET"));
      Next();
    } else if (AcceptKeyword("CHARSET")) {
      Next();
    }
  } else if (AcceptKeyword("BINARY")) {
    target.type = Type::kBinary;
    ORDINAL_RETURN_IF_ERROR(lengths(false));
  } else if (AcceptKeyword("DOUBLE") || AcceptKeyword("REAL")) {
    target.type = Type::kDouble;
    AcceptKeyword("PRECISION");
  } else if (AcceptKeyword("FLOAT")) {
    target.type = Type::kFloat;
    ORDINAL_RETURN_IF_ERROR(lengths(false));
  } else if (AcceptKeyword("DECIMAL") || AcceptKeyword("DEC") || AcceptKeyword("NUMERIC")) {
    target.type = Type::kDecimal;
    ORDINAL_RETURN_IF_ERROR(lengths(true));
  } else if (AcceptKeyword("DATE")) {
    target.type = Type::kDate;
  } else if (AcceptKeyword("DATETIME") || AcceptKeyword("TIME")) {
    target.type = KeywordEquals(tokens_[pos_ - 1].text, "TIME") ? Type::kTime : Type::kDateTime;
    if (AcceptOp("(")) {
      ORDINAL_ASSIGN_OR_RETURN(int64_t fsp, ParseNonNegativeInteger());
      target.scale = static_cast<int>(std::min<int64_t>(fsp, 1 << 30));
      ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    }
  } else if (AcceptKeyword("YEAR")) {
    target.type = Type::kYear;
  } else if (AcceptKeyword("JSON")) {
    target.type = Type::kJson;
  } else {
    return ErrorHere();
  }
  return target;
}

bool Parser::AtIntroducedString() const {
  const Token& token = Peek();
  if (token.kind != TokenKind::kIdent || Peek(1).kind != TokenKind::kString) return false;
  return (token.text.size() > 1 && token.text[0] == '_') || KeywordEquals(token.text, "N");
}

}  // namespace ordinal::engine::sql
