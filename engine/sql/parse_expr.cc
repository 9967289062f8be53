// Expressions, with MySQL's precedence from lowest to highest:
//   OR ||  <  XOR  <  AND &&  <  NOT  <  comparison (= <=> <> < ...), IS [NOT] NULL|TRUE|
//   FALSE|UNKNOWN, [NOT] IN/BETWEEN/LIKE/REGEXP  <  |  <  &  <  << >>  <  + -  <
//   * / DIV % MOD  <  ^  <  unary - + ! ~  <  literals, variables, CASE, CAST, calls, ( expr )
// Binary operators associate to the left. CASE, CAST/CONVERT and string literal prefixes
// live in parse_expr_forms.cc, with function calls and variables.
#include <algorithm>
#include <charconv>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"
#include "engine/types/collation.h"

namespace ordinal::engine::sql {
namespace {

std::optional<BinaryOp> ComparisonOp(const Token& token) {
  if (token.kind != TokenKind::kOperator) return std::nullopt;
  const std::string_view t = token.text;
  if (t == "=") return BinaryOp::kEq;
  if (t == "<>" || t == "!=") return BinaryOp::kNotEq;
  if (t == "<") return BinaryOp::kLt;
  if (t == "<=") return BinaryOp::kLtEq;
  if (t == ">") return BinaryOp::kGt;
  if (t == ">=") return BinaryOp::kGtEq;
  if (t == "<=>") return BinaryOp::kNullSafeEq;
  return std::nullopt;
}

}  // namespace

// ---- node construction ----

ExprPtr Parser::NewExpr(ExprKind kind, size_t first) const {
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->loc = tokens_[first].loc;
  return expr;
}

absl::StatusOr<ExprPtr> Parser::Finish(ExprPtr expr, size_t first, int height) {
  if (height > kMaxExprTreeHeight) return ErrorHere();
  expr->text = TextOf(first, pos_ - 1);
  last_height_ = height;
  return expr;
}

absl::StatusOr<ExprPtr> Parser::MakeBinary(BinaryOp op, ExprPtr left, int left_height,
                                           ExprPtr right, int right_height, size_t first) {
  ExprPtr node = NewExpr(ExprKind::kBinary, first);
  node->binary_op = op;
  node->children.push_back(std::move(left));
  node->children.push_back(std::move(right));
  return Finish(std::move(node), first, std::max(left_height, right_height) + 1);
}

std::string Parser::TextOf(size_t first, size_t last) const {
  std::string text;
  for (size_t i = first; i <= last && i < tokens_.size(); ++i) {
    if (i > first && tokens_[i].offset > tokens_[i - 1].end()) text.push_back(' ');
    text.append(tokens_[i].text);
  }
  return text;
}

// ---- precedence levels ----

absl::StatusOr<ExprPtr> Parser::ParseExpr() {
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  return ParseOr();
}

absl::StatusOr<std::vector<ExprPtr>> Parser::ParseExprList() {
  std::vector<ExprPtr> list;
  do {
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
    list.push_back(std::move(expr));
  } while (AcceptOp(","));
  return list;
}

// One level of left-associative binary operators: `next` parses the operands and
// `accept` consumes an operator of this level, if there is one, and says which.
absl::StatusOr<ExprPtr> Parser::ParseBinaryLevel(absl::StatusOr<ExprPtr> (Parser::*next)(),
                                                 std::optional<BinaryOp> (Parser::*accept)()) {
  const size_t first = pos_;
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr left, (this->*next)());
  int height = last_height_;
  while (std::optional<BinaryOp> op = (this->*accept)()) {
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr right, (this->*next)());
    ORDINAL_ASSIGN_OR_RETURN(left, MakeBinary(*op, std::move(left), height, std::move(right),
                                              last_height_, first));
    height = last_height_;
  }
  last_height_ = height;
  return left;
}

std::optional<BinaryOp> Parser::AcceptOrOp() {
  if (AcceptKeyword("OR") || AcceptOp("||")) return BinaryOp::kOr;
  return std::nullopt;
}
std::optional<BinaryOp> Parser::AcceptXorOp() {
  if (AcceptKeyword("XOR")) return BinaryOp::kXor;
  return std::nullopt;
}
std::optional<BinaryOp> Parser::AcceptAndOp() {
  if (AcceptKeyword("AND") || AcceptOp("&&")) return BinaryOp::kAnd;
  return std::nullopt;
}
std::optional<BinaryOp> Parser::AcceptBitOrOp() {
  if (AcceptOp("|")) return BinaryOp::kBitOr;
  return std::nullopt;
}
std::optional<BinaryOp> Parser::AcceptBitAndOp() {
  if (AcceptOp("&")) return BinaryOp::kBitAnd;
  return std::nullopt;
}
std::optional<BinaryOp> Parser::AcceptShiftOp() {
  if (AcceptOp("<<")) return BinaryOp::kShiftLeft;
  if (AcceptOp(">>")) return BinaryOp::kShiftRight;
  return std::nullopt;
}
std::optional<BinaryOp> Parser::AcceptAdditiveOp() {
  if (AcceptOp("+")) return BinaryOp::kAdd;
  if (AcceptOp("-")) return BinaryOp::kSub;
  return std::nullopt;
}
std::optional<BinaryOp> Parser::AcceptMultiplicativeOp() {
  if (AcceptOp("*")) return BinaryOp::kMul;
  if (AcceptOp("/")) return BinaryOp::kDiv;
  if (AcceptOp("%") || AcceptKeyword("MOD")) return BinaryOp::kMod;
  if (AcceptKeyword("DIV")) return BinaryOp::kIntDiv;
  return std::nullopt;
}
std::optional<BinaryOp> Parser::AcceptBitXorOp() {
  if (AcceptOp("^")) return BinaryOp::kBitXor;
  return std::nullopt;
}

absl::StatusOr<ExprPtr> Parser::ParseOr() {
  return ParseBinaryLevel(&Parser::ParseXor, &Parser::AcceptOrOp);
}
absl::StatusOr<ExprPtr> Parser::ParseXor() {
  return ParseBinaryLevel(&Parser::ParseAnd, &Parser::AcceptXorOp);
}
absl::StatusOr<ExprPtr> Parser::ParseAnd() {
  return ParseBinaryLevel(&Parser::ParseNot, &Parser::AcceptAndOp);
}
absl::StatusOr<ExprPtr> Parser::ParseBitOr() {
  return ParseBinaryLevel(&Parser::ParseBitAnd, &Parser::AcceptBitOrOp);
}
absl::StatusOr<ExprPtr> Parser::ParseBitAnd() {
  return ParseBinaryLevel(&Parser::ParseShift, &Parser::AcceptBitAndOp);
}
absl::StatusOr<ExprPtr> Parser::ParseShift() {
  return ParseBinaryLevel(&Parser::ParseAdditive, &Parser::AcceptShiftOp);
}
// Like ParseBinaryLevel, and `x + INTERVAL n unit` / `x - INTERVAL n unit` are date
// arithmetic (DATE_ADD / DATE_SUB).
absl::StatusOr<ExprPtr> Parser::ParseAdditive() {
  const size_t first = pos_;
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr left, ParseMultiplicative());
  int height = last_height_;
  while (std::optional<BinaryOp> op = AcceptAdditiveOp()) {
    if (IsKeyword("INTERVAL")) {
      ORDINAL_ASSIGN_OR_RETURN(left, MakeIntervalCall(*op, std::move(left), first));
      height = last_height_;
      continue;
    }
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr right, ParseMultiplicative());
    ORDINAL_ASSIGN_OR_RETURN(left, MakeBinary(*op, std::move(left), height, std::move(right),
                                              last_height_, first));
    height = last_height_;
  }
  last_height_ = height;
  return left;
}
absl::StatusOr<ExprPtr> Parser::ParseMultiplicative() {
  return ParseBinaryLevel(&Parser::ParseBitXor, &Parser::AcceptMultiplicativeOp);
}
absl::StatusOr<ExprPtr> Parser::ParseBitXor() {
  return ParseBinaryLevel(&Parser::ParseUnary, &Parser::AcceptBitXorOp);
}

absl::StatusOr<ExprPtr> Parser::ParseNot() {
  if (!IsKeyword("NOT")) return ParseComparison();
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  const size_t first = pos_;
  Next();
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr operand, ParseNot());
  ExprPtr node = NewExpr(ExprKind::kUnary, first);
  node->unary_op = UnaryOp::kNot;
  node->children.push_back(std::move(operand));
  return Finish(std::move(node), first, last_height_ + 1);
}

absl::StatusOr<ExprPtr> Parser::ParseComparison() {
  const size_t first = pos_;
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr left, ParseBitOr());
  int height = last_height_;
  while (true) {
    if (std::optional<BinaryOp> op = ComparisonOp(Peek())) {
      Next();
      if ((IsKeyword("ANY") || IsKeyword("SOME") || IsKeyword("ALL")) && IsOp("(", 1)) {
        ORDINAL_ASSIGN_OR_RETURN(left, ParseQuantified(first, *op, std::move(left), height));
        height = last_height_;
        continue;
      }
      ORDINAL_ASSIGN_OR_RETURN(ExprPtr right, ParseBitOr());
      ORDINAL_ASSIGN_OR_RETURN(left, MakeBinary(*op, std::move(left), height, std::move(right),
                                                last_height_, first));
    } else if (AtPredicate(0) || (IsKeyword("NOT") && AtPredicate(1) && !IsKeyword("IS", 1))) {
      ORDINAL_ASSIGN_OR_RETURN(left, ParsePredicateTail(first, std::move(left), height));
    } else if (IsKeyword("MEMBER") && IsKeyword("OF", 1) && IsOp("(", 2)) {
      ORDINAL_ASSIGN_OR_RETURN(left, ParseMemberOf(first, std::move(left), height));
    } else {
      break;
    }
    height = last_height_;
  }
  last_height_ = height;
  return left;
}

// `value MEMBER OF (json_array)`: a call of the registry's kMemberOfFunction.
absl::StatusOr<ExprPtr> Parser::ParseMemberOf(size_t first, ExprPtr left, int left_height) {
  Next();  // MEMBER
  Next();  // OF
  ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr array, ParseExpr());
  const int height = std::max(left_height, last_height_);
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  ExprPtr node = NewExpr(ExprKind::kFunction, first);
  node->function_name = std::string(kMemberOfFunction);
  node->children.push_back(std::move(left));
  node->children.push_back(std::move(array));
  return Finish(std::move(node), first, height + 1);
}

bool Parser::AtPredicate(size_t ahead) const {
  return IsKeyword("IS", ahead) || IsKeyword("IN", ahead) || IsKeyword("BETWEEN", ahead) ||
         IsKeyword("LIKE", ahead) || IsKeyword("REGEXP", ahead) || IsKeyword("RLIKE", ahead);
}

// IS [NOT] NULL|UNKNOWN|TRUE|FALSE, [NOT] IN (list), [NOT] BETWEEN a AND b,
// [NOT] LIKE p [ESCAPE e], [NOT] REGEXP|RLIKE p, applied to `left`.
absl::StatusOr<ExprPtr> Parser::ParsePredicateTail(size_t first, ExprPtr left,
                                                   int left_height) {
  int height = left_height;
  if (AcceptKeyword("IS")) {
    const bool negated = AcceptKeyword("NOT");
    ExprPtr node;
    if (AcceptKeyword("NULL") || AcceptKeyword("UNKNOWN")) {
      node = NewExpr(ExprKind::kIsNull, first);
    } else if (IsKeyword("TRUE") || IsKeyword("FALSE")) {
      node = NewExpr(ExprKind::kIsTruth, first);
      node->truth = KeywordEquals(Next().text, "TRUE");
    } else {
      return ErrorHere();
    }
    node->negated = negated;
    node->children.push_back(std::move(left));
    return Finish(std::move(node), first, height + 1);
  }
  const bool negated = AcceptKeyword("NOT");
  ExprPtr node = NewExpr(ExprKind::kLike, first);  // kind fixed below
  node->negated = negated;
  node->children.push_back(std::move(left));
  auto operand = [&]() -> absl::Status {
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr e, ParseBitOr());
    height = std::max(height, last_height_);
    node->children.push_back(std::move(e));
    return absl::OkStatus();
  };
  if (AcceptKeyword("IN")) {
    node->kind = ExprKind::kIn;
    if (IsOp("(") && (IsKeyword("SELECT", 1) || IsKeyword("WITH", 1))) {
      node->kind = ExprKind::kInSubquery;
      ORDINAL_ASSIGN_OR_RETURN(node->subquery, ParseParenthesizedQuery());
      return Finish(std::move(node), first, height + 1);
    }
    ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
    DepthGuard guard(*this);
    if (guard.exceeded()) return ErrorHere();
    do {
      ORDINAL_ASSIGN_OR_RETURN(ExprPtr item, ParseExpr());
      node->children.push_back(std::move(item));
      height = std::max(height, last_height_);
    } while (AcceptOp(","));
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  } else if (AcceptKeyword("BETWEEN")) {
    node->kind = ExprKind::kBetween;
    ORDINAL_RETURN_IF_ERROR(operand());
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("AND"));
    ORDINAL_RETURN_IF_ERROR(operand());
  } else if (AcceptKeyword("LIKE")) {
    ORDINAL_RETURN_IF_ERROR(operand());
    if (AcceptKeyword("ESCAPE")) ORDINAL_RETURN_IF_ERROR(operand());
  } else if (AcceptKeyword("REGEXP") || AcceptKeyword("RLIKE")) {
    node->kind = ExprKind::kRegexp;
    ORDINAL_RETURN_IF_ERROR(operand());
  } else {
    return ErrorHere();
  }
  return Finish(std::move(node), first, height + 1);
}

absl::StatusOr<ExprPtr> Parser::ParseUnary() {
  UnaryOp op;
  if (IsOp("-")) {
    op = UnaryOp::kNegate;
  } else if (IsOp("+")) {
    op = UnaryOp::kPlus;
  } else if (IsOp("!")) {
    op = UnaryOp::kNot;
  } else if (IsOp("~")) {
    op = UnaryOp::kBitNot;
  } else {
    const size_t first = pos_;
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr primary, ParsePrimary());
    return ParseCollateTail(first, std::move(primary));
  }
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  const size_t first = pos_;
  Next();
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr operand, ParseUnary());
  ExprPtr node = NewExpr(ExprKind::kUnary, first);
  node->unary_op = op;
  node->children.push_back(std::move(operand));
  return Finish(std::move(node), first, last_height_ + 1);
}

// `operand COLLATE name [COLLATE name ...]`: a call of kCollateFunction. COLLATE binds
// tighter than the unary operators, as in MySQL. 1273 for a collation the server does not
// know.
absl::StatusOr<ExprPtr> Parser::ParseCollateTail(size_t first, ExprPtr operand) {
  while (IsKeyword("COLLATE")) {
    Next();
    ORDINAL_ASSIGN_OR_RETURN(std::string name, ParseOptionName());
    if (FindCollation(name) == nullptr) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kUnknownCollation,
                      absl::StrCat("Unknown collation: '", name, "'"));
    }
    ExprPtr literal = NewExpr(ExprKind::kLiteral, pos_ - 1);
    literal->literal = Value::String(std::move(name));
    ExprPtr node = NewExpr(ExprKind::kFunction, first);
    node->function_name = std::string(kCollateFunction);
    node->children.push_back(std::move(operand));
    node->children.push_back(std::move(literal));
    ORDINAL_ASSIGN_OR_RETURN(operand, Finish(std::move(node), first, last_height_ + 1));
  }
  return operand;
}

absl::StatusOr<ExprPtr> Parser::ParsePrimary() {
  const Token& token = Peek();
  if ((IsOp("(") && (IsKeyword("SELECT", 1) || IsKeyword("WITH", 1))) ||
      (IsKeyword("EXISTS") && IsOp("(", 1))) {
    return ParseSubqueryOperand();
  }
  if (IsOp("(")) {
    const size_t first = pos_;
    Next();
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr inner, ParseExpr());
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    // MySQL names the result column `(a+b)`, parentheses included.
    return Finish(std::move(inner), first, last_height_);
  }
  if (parameters_ != nullptr && IsOp("?")) return ParseParameter();
  switch (token.kind) {
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kString:
      return ParseLiteral();
    case TokenKind::kUserVar:
    case TokenKind::kSystemVar:
      return ParseVariable();
    case TokenKind::kIdent:
    case TokenKind::kQuotedIdent:
      if (IsKeyword("NULL") || IsKeyword("TRUE") || IsKeyword("FALSE")) return ParseLiteral();
      if (IsKeyword("CASE")) return ParseCase();
      if ((IsKeyword("CAST") || IsKeyword("CONVERT")) && IsOp("(", 1)) return ParseCast();
      if (AtTemporalLiteral()) return ParseTemporalLiteral();
      if (AtIntroducedString()) return ParseIntroducedString();
      if (AtFunctionCall() || AtNiladicFunction()) return ParseFunctionCall();
      return ParseColumnRef();
    default:
      return ErrorHere();
  }
}

absl::StatusOr<Value> Parser::NumberValue(const Token& token) const {
  const char* begin = token.text.data();
  const char* end = begin + token.text.size();
  if (token.kind == TokenKind::kInteger) {
    uint64_t i = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, i);
    if (ec == std::errc() && ptr == end) return Value::UInt(i);  // BIGINT [UNSIGNED]
  }
  // As MySQL: a number with a point, or an integer beyond 64 bits, is an exact DECIMAL (up
  // to 65 digits); one with an exponent is a DOUBLE.
  const std::string_view text = token.text;
  if (text.find_first_of("eE") == std::string_view::npos) {
    std::optional<Decimal> exact = Decimal::Parse(text);
    if (exact && exact->Precision() <= Decimal::kMaxPrecision) {
      return Value::FromDecimal(std::move(*exact));
    }
  }
  double d = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, d);
  if (ec != std::errc() || ptr != end) return ErrorAt(token);
  return Value::Double(d);
}

absl::StatusOr<ExprPtr> Parser::ParseLiteral() {
  const size_t first = pos_;
  const Token& token = Next();
  ExprPtr node = NewExpr(ExprKind::kLiteral, first);
  if (token.kind == TokenKind::kString) {
    // A string token not written in quotes is a hex or bit literal: a binary string.
    node->bit_literal = !token.text.empty() && token.text[0] != '\'' && token.text[0] != '"';
    std::string value = token.value;
    while (Peek().kind == TokenKind::kString) value += Next().value;  // 'a' 'b' is 'ab'
    node->literal = Value::String(std::move(value));
    if (node->bit_literal) {
      node->literal.set_collation(kBinaryCollationId, CollationDerivation::kCoercible);
    }
  } else if (token.kind == TokenKind::kInteger || token.kind == TokenKind::kDecimal) {
    ORDINAL_ASSIGN_OR_RETURN(node->literal, NumberValue(token));
  } else if (KeywordEquals(token.text, "NULL")) {
    node->literal = Value::Null();
  } else if (KeywordEquals(token.text, "TRUE")) {
    node->literal = Value::Int(1);
  } else if (KeywordEquals(token.text, "FALSE")) {
    node->literal = Value::Int(0);
  } else {
    return ErrorAt(token);
  }
  return Finish(std::move(node), first, 1);
}

// _charset'text' (and N'text'): the string, with the character set's default collation
// (coercible, as a literal's); _binary'x' is a binary string. The bytes are kept as written.
absl::StatusOr<ExprPtr> Parser::ParseIntroducedString() {
  const std::string introducer(Next().text);
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr literal, ParseLiteral());
  if (introducer.size() > 1 && introducer[0] == '_') {
    const Collation* collation = DefaultCollationOf(std::string_view(introducer).substr(1));
    if (collation == nullptr) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kUnknownCharacterSet,
                      absl::StrCat("Unknown character set: '", introducer.substr(1), "'"));
    }
    literal->literal.set_collation(collation->id(), CollationDerivation::kCoercible);
  }
  return literal;
}

// `?` of a prepared statement: a NULL literal until the caller binds a value to it.
absl::StatusOr<ExprPtr> Parser::ParseParameter() {
  const size_t first = pos_;
  Next();
  ExprPtr node = NewExpr(ExprKind::kLiteral, first);
  node->literal = Value::Null();
  parameters_->push_back(node.get());
  return Finish(std::move(node), first, 1);
}

// col, t.col or db.t.col; only the table qualifier is kept. After a dot any word is a name.
absl::StatusOr<ExprPtr> Parser::ParseColumnRef() {
  const size_t first = pos_;
  std::vector<std::string> parts;
  ORDINAL_ASSIGN_OR_RETURN(std::string name, ParseName());
  parts.push_back(std::move(name));
  while (parts.size() < 3 && IsOp(".") &&
         (Peek(1).kind == TokenKind::kIdent || Peek(1).kind == TokenKind::kQuotedIdent)) {
    Next();
    const Token& part = Next();
    parts.push_back(Lowercase(part.kind == TokenKind::kQuotedIdent ? part.value : part.text));
  }
  ExprPtr node = NewExpr(ExprKind::kColumn, first);
  node->column_name = std::move(parts.back());
  if (parts.size() >= 2) node->table_name = std::move(parts[parts.size() - 2]);
  ORDINAL_ASSIGN_OR_RETURN(node, Finish(std::move(node), first, 1));
  if (IsOp("->") || IsOp("->>")) return ParseJsonPathOperator(std::move(node), first);
  return node;
}

// col->'path' is JSON_EXTRACT(col, 'path'); col->>'path' is
// JSON_UNQUOTE(JSON_EXTRACT(col, 'path')). MySQL allows them after a column only, with a
// string literal path.
absl::StatusOr<ExprPtr> Parser::ParseJsonPathOperator(ExprPtr column, size_t first) {
  const bool unquote = IsOp("->>");
  Next();
  if (Peek().kind != TokenKind::kString) return ErrorHere();
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr path, ParseLiteral());
  ExprPtr extract = NewExpr(ExprKind::kFunction, first);
  extract->function_name = "JSON_EXTRACT";
  extract->children.push_back(std::move(column));
  extract->children.push_back(std::move(path));
  ORDINAL_ASSIGN_OR_RETURN(extract, Finish(std::move(extract), first, 2));
  if (!unquote) return extract;
  ExprPtr node = NewExpr(ExprKind::kFunction, first);
  node->function_name = "JSON_UNQUOTE";
  node->children.push_back(std::move(extract));
  return Finish(std::move(node), first, 3);
}

}  // namespace ordinal::engine::sql
