// Helpers shared by the parser tests: parse-or-fail, and a compact S-expression rendering
// of expression trees so precedence tests read as one line each.
#ifndef ORDINAL_TESTS_UNIT_SQL_PARSER_TEST_UTIL_H_
#define ORDINAL_TESTS_UNIT_SQL_PARSER_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "common/sql_error.h"
#include "engine/sql/parser.h"
#include "gtest/gtest.h"

namespace ordinal::engine::sql::testing {

// The statement body of `sql` as a T; records a test failure (and returns T{}) otherwise.
template <typename T>
T ParseAs(std::string_view sql) {
  absl::StatusOr<Statement> parsed = ParseStatement(sql);
  if (!parsed.ok()) {
    ADD_FAILURE() << sql << ": " << parsed.status();
    return T{};
  }
  if (!std::holds_alternative<T>(parsed->body)) {
    ADD_FAILURE() << sql << ": parsed as " << StatementKindName(*parsed);
    return T{};
  }
  return std::get<T>(std::move(parsed->body));
}

// The error message of parsing `sql`, or "OK".
inline std::string ErrorOf(std::string_view sql) {
  absl::StatusOr<Statement> parsed = ParseStatement(sql);
  return parsed.ok() ? "OK" : std::string(parsed.status().message());
}

inline std::string LiteralString(const Value& v) {
  if (v.is_null()) return "NULL";
  if (v.is_int()) return std::to_string(v.int_value());
  if (v.is_double()) return "d" + std::to_string(v.double_value());
  if (v.is_uint()) return "u" + std::to_string(v.uint_value());
  if (v.is_decimal()) return "m" + v.decimal_value().ToString();
  return "'" + v.string_value() + "'";
}

inline std::string_view BinaryName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNotEq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kOr: return "or";
    case BinaryOp::kXor: return "xor";
    case BinaryOp::kIntDiv: return "div";
    case BinaryOp::kNullSafeEq: return "<=>";
    case BinaryOp::kBitAnd: return "&";
    case BinaryOp::kBitOr: return "|";
    case BinaryOp::kBitXor: return "^";
    case BinaryOp::kShiftLeft: return "<<";
    case BinaryOp::kShiftRight: return ">>";
  }
  return "?";
}

// (op a b), (neg a), (in a b c), (not-like a b), f(x), t.c, 'str', 1, NULL ...
inline std::string Sexpr(const Expr& e) {
  std::string out;
  const auto children = [&](size_t from) {
    for (size_t i = from; i < e.children.size(); ++i) out += " " + Sexpr(*e.children[i]);
  };
  const std::string neg = e.negated ? "not-" : "";
  switch (e.kind) {
    case ExprKind::kLiteral: return LiteralString(e.literal);
    case ExprKind::kColumn:
      return e.table_name.empty() ? e.column_name : e.table_name + "." + e.column_name;
    case ExprKind::kUnary:
      out = e.unary_op == UnaryOp::kNegate   ? "(neg"
            : e.unary_op == UnaryOp::kPlus   ? "(plus"
            : e.unary_op == UnaryOp::kBitNot ? "(bitnot"
                                             : "(not";
      children(0);
      return out + ")";
    case ExprKind::kBinary:
      out = "(" + std::string(BinaryName(e.binary_op));
      children(0);
      return out + ")";
    case ExprKind::kIn: out = "(" + neg + "in"; children(0); return out + ")";
    case ExprKind::kBetween: out = "(" + neg + "between"; children(0); return out + ")";
    case ExprKind::kLike: out = "(" + neg + "like"; children(0); return out + ")";
    case ExprKind::kIsNull: out = "(is-" + neg + "null"; children(0); return out + ")";
    case ExprKind::kIsTruth:
      out = "(is-" + neg + (e.truth ? "true" : "false");
      children(0);
      return out + ")";
    case ExprKind::kRegexp: out = "(" + neg + "regexp"; children(0); return out + ")";
    case ExprKind::kCase:
      out = std::string("(case") + (e.case_operand ? "-op" : "") + (e.case_else ? "-else" : "");
      children(0);
      return out + ")";
    case ExprKind::kCast:
      out = "(cast" + std::to_string(static_cast<int>(e.cast.type));
      children(0);
      return out + ")";
    case ExprKind::kFunction:
      out = e.function_name + "(" + (e.distinct ? "distinct " : "") + (e.star ? "*" : "");
      for (size_t i = 0; i < e.children.size(); ++i) {
        out += (i ? " " : "") + Sexpr(*e.children[i]);
      }
      return out + ")";
    case ExprKind::kVariable:
    case ExprKind::kAssign: {
      static constexpr std::string_view kPrefix[] = {"@", "@@", "@@session.", "@@global."};
      out = std::string(kPrefix[static_cast<int>(e.variable.scope)]) + e.variable.name;
      if (e.kind == ExprKind::kVariable) return out;
      return "(:= " + out + " " + Sexpr(*e.children[0]) + ")";
    }
  }
  return "?";
}

// The first select item's expression of `SELECT <expr>`, as an S-expression.
inline std::string ExprOf(std::string_view expr) {
  Select select = ParseAs<Select>("SELECT " + std::string(expr));
  if (select.items.empty() || select.items[0].expr == nullptr) return "<none>";
  return Sexpr(*select.items[0].expr);
}

}  // namespace ordinal::engine::sql::testing

#endif  // ORDINAL_TESTS_UNIT_SQL_PARSER_TEST_UTIL_H_
