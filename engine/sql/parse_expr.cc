// Expressions, with MySQL's precedence from lowest to highest:
//   OR ||  <  AND &&  <  NOT  <  comparison, IS [NOT] NULL, [NOT] IN/BETWEEN/LIKE
//   <  + -  <  * / % MOD  <  unary - + !  <  literals, columns, calls, ( expr )
// Binary operators associate to the left. DIV (integer division) is not supported and is a
// syntax error rather than a silent real division.
#include <algorithm>
#include <charconv>
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

std::optional<BinaryOp> ComparisonOp(const Token& token) {
  if (token.kind != TokenKind::kOperator) return std::nullopt;
  const std::string_view t = token.text;
  if (t == "=") return BinaryOp::kEq;
  if (t == "<>" || t == "!=") return BinaryOp::kNotEq;
  if (t == "<") return BinaryOp::kLt;
  if (t == "<=") return BinaryOp::kLtEq;
  if (t == ">") return BinaryOp::kGt;
  if (t == ">=") return BinaryOp::kGtEq;
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

absl::StatusOr<ExprPtr> Parser::ParseOr() {
  const size_t first = pos_;
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr left, ParseAnd());
  int height = last_height_;
  while (AcceptKeyword("OR") || AcceptOp("||")) {
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr right, ParseAnd());
    ORDINAL_ASSIGN_OR_RETURN(left, MakeBinary(BinaryOp::kOr, std::move(left), height,
                                              std::move(right), last_height_, first));
    height = last_height_;
  }
  last_height_ = height;
  return left;
}

absl::StatusOr<ExprPtr> Parser::ParseAnd() {
  const size_t first = pos_;
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr left, ParseNot());
  int height = last_height_;
  while (AcceptKeyword("AND") || AcceptOp("&&")) {
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr right, ParseNot());
    ORDINAL_ASSIGN_OR_RETURN(left, MakeBinary(BinaryOp::kAnd, std::move(left), height,
                                              std::move(right), last_height_, first));
    height = last_height_;
  }
  last_height_ = height;
  return left;
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
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr left, ParseAdditive());
  int height = last_height_;
  while (true) {
    if (std::optional<BinaryOp> op = ComparisonOp(Peek())) {
      Next();
      ORDINAL_ASSIGN_OR_RETURN(ExprPtr right, ParseAdditive());
      ORDINAL_ASSIGN_OR_RETURN(left, MakeBinary(*op, std::move(left), height, std::move(right),
                                                last_height_, first));
    } else if (IsKeyword("IS") || IsKeyword("IN") || IsKeyword("BETWEEN") ||
               IsKeyword("LIKE") ||
               (IsKeyword("NOT") &&
                (IsKeyword("IN", 1) || IsKeyword("BETWEEN", 1) || IsKeyword("LIKE", 1)))) {
      ORDINAL_ASSIGN_OR_RETURN(left, ParsePredicateTail(first, std::move(left), height));
    } else {
      break;
    }
    height = last_height_;
  }
  last_height_ = height;
  return left;
}

// IS [NOT] NULL, [NOT] IN (list), [NOT] BETWEEN a AND b, [NOT] LIKE p, applied to `left`.
absl::StatusOr<ExprPtr> Parser::ParsePredicateTail(size_t first, ExprPtr left,
                                                   int left_height) {
  int height = left_height;
  if (AcceptKeyword("IS")) {
    ExprPtr node = NewExpr(ExprKind::kIsNull, first);
    node->negated = AcceptKeyword("NOT");
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("NULL"));
    node->children.push_back(std::move(left));
    return Finish(std::move(node), first, height + 1);
  }
  const bool negated = AcceptKeyword("NOT");
  ExprPtr node;
  node = NewExpr(ExprKind::kLike, first);  // kind fixed below
  node->negated = negated;
  node->children.push_back(std::move(left));
  if (AcceptKeyword("IN")) {
    node->kind = ExprKind::kIn;
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
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr low, ParseAdditive());
    height = std::max(height, last_height_);
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("AND"));
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr high, ParseAdditive());
    height = std::max(height, last_height_);
    node->children.push_back(std::move(low));
    node->children.push_back(std::move(high));
  } else if (AcceptKeyword("LIKE")) {
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr pattern, ParseAdditive());
    height = std::max(height, last_height_);
    node->children.push_back(std::move(pattern));
  } else {
    return ErrorHere();
  }
  return Finish(std::move(node), first, height + 1);
}

absl::StatusOr<ExprPtr> Parser::ParseAdditive() {
  const size_t first = pos_;
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr left, ParseMultiplicative());
  int height = last_height_;
  while (IsOp("+") || IsOp("-")) {
    const BinaryOp op = Next().text == "+" ? BinaryOp::kAdd : BinaryOp::kSub;
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr right, ParseMultiplicative());
    ORDINAL_ASSIGN_OR_RETURN(left, MakeBinary(op, std::move(left), height, std::move(right),
                                              last_height_, first));
    height = last_height_;
  }
  last_height_ = height;
  return left;
}

absl::StatusOr<ExprPtr> Parser::ParseMultiplicative() {
  const size_t first = pos_;
  ORDINAL_ASSIGN_OR_RETURN(ExprPtr left, ParseUnary());
  int height = last_height_;
  while (true) {
    BinaryOp op;
    if (AcceptOp("*")) {
      op = BinaryOp::kMul;
    } else if (AcceptOp("/")) {
      op = BinaryOp::kDiv;
    } else if (AcceptOp("%") || AcceptKeyword("MOD")) {
      op = BinaryOp::kMod;
    } else {
      break;
    }
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr right, ParseUnary());
    ORDINAL_ASSIGN_OR_RETURN(left, MakeBinary(op, std::move(left), height, std::move(right),
                                              last_height_, first));
    height = last_height_;
  }
  last_height_ = height;
  return left;
}

absl::StatusOr<ExprPtr> Parser::ParseUnary() {
  UnaryOp op;
  if (IsOp("-")) {
    op = UnaryOp::kNegate;
  } else if (IsOp("+")) {
    op = UnaryOp::kPlus;
  } else if (IsOp("!")) {
    op = UnaryOp::kNot;
  } else {
    return ParsePrimary();
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

absl::StatusOr<ExprPtr> Parser::ParsePrimary() {
  const Token& token = Peek();
  if (IsOp("(")) {
    const size_t first = pos_;
    Next();
    ORDINAL_ASSIGN_OR_RETURN(ExprPtr inner, ParseExpr());
    ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
    // MySQL names the result column `(a+b)`, parentheses included.
    return Finish(std::move(inner), first, last_height_);
  }
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
      if (AtFunctionCall()) return ParseFunctionCall();
      if (token.kind == TokenKind::kIdent && IsNiladicFunctionName(token.text) && !IsOp(".", 1)) {
        const size_t first = pos_;
        ExprPtr call = NewExpr(ExprKind::kFunction, first);
        call->function_name = Uppercase(Next().text);
        return Finish(std::move(call), first, 1);
      }
      return ParseColumnRef();
    default:
      return ErrorHere();
  }
}

absl::StatusOr<Value> Parser::NumberValue(const Token& token) const {
  const char* begin = token.text.data();
  const char* end = begin + token.text.size();
  if (token.kind == TokenKind::kInteger) {
    int64_t i = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, i);
    if (ec == std::errc() && ptr == end) return Value::Int(i);
    // Out of the 64-bit range: MySQL reads it as a (decimal) number; ours is a double.
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
    std::string value = token.value;
    while (Peek().kind == TokenKind::kString) value += Next().value;  // 'a' 'b' is 'ab'
    node->literal = Value::String(std::move(value));
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
  return Finish(std::move(node), first, 1);
}

bool Parser::AtFunctionCall() const {
  const Token& token = Peek();
  if (token.kind != TokenKind::kIdent || !IsOp("(", 1)) return false;
  return !token.reserved || IsReservedFunctionName(token.text);
}

absl::StatusOr<ExprPtr> Parser::ParseFunctionCall() {
  const size_t first = pos_;
  ExprPtr call = NewExpr(ExprKind::kFunction, first);
  call->function_name = Uppercase(Next().text);
  Next();  // (
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  return ParseFunctionArguments(std::move(call));
}

// The arguments after `name(`, through the closing parenthesis.
absl::StatusOr<ExprPtr> Parser::ParseFunctionArguments(ExprPtr call) {
  const size_t first = pos_ - 2;
  const Token& name_token = tokens_[first];
  int height = 0;
  if (call->function_name == "COUNT" && AcceptOp("*")) {
    call->star = true;
  } else if (!IsOp(")")) {
    call->distinct = AcceptKeyword("DISTINCT");
    do {
      ORDINAL_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
      call->children.push_back(std::move(arg));
      height = std::max(height, last_height_);
    } while (AcceptOp(","));
  }
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
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

}  // namespace ordinal::engine::sql
