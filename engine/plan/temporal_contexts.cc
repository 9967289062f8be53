#include "engine/plan/temporal_contexts.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "engine/functions/registry.h"
#include "engine/plan/binder.h"
#include "engine/plan/temporal_literals.h"

namespace ordinal::engine::plan {
namespace {

using sql::BinaryOp;
using sql::Expr;
using sql::ExprKind;
using ColumnTypeOf = absl::FunctionRef<std::optional<SqlType>(int)>;

sql::ExprPtr Wrap(sql::ExprPtr child, std::string_view function) {
  auto call = std::make_unique<Expr>();
  call->kind = ExprKind::kFunction;
  call->function_name = std::string(function);
  call->loc = child->loc;
  call->text = child->text;
  call->children.push_back(std::move(child));
  return call;
}

ColumnType StaticType(const Expr& e, ColumnTypeOf column_type) {
  return InferSlotType(e, [&](int slot) {
    std::optional<SqlType> t = column_type(slot);
    return t ? t->type : ColumnType::kVarchar;
  });
}

std::optional<SqlType> ColumnSqlType(const Expr& e, ColumnTypeOf column_type) {
  if (e.kind != ExprKind::kColumn || e.slot < 0) return std::nullopt;
  return column_type(e.slot);
}

bool IsTimestampColumn(const Expr& e, ColumnTypeOf column_type) {
  std::optional<SqlType> t = ColumnSqlType(e, column_type);
  return t && t->type == ColumnType::kTimestamp;
}

// Functions that read their arguments as numbers (a temporal argument is its number:
// ROUND(CURDATE()) is 20241231, as in MySQL).
bool IsNumericFunction(const Expr& e) {
  static constexpr std::string_view kNames[] = {
      "ABS", "ACOS", "ASIN", "ATAN", "ATAN2", "CEIL", "CEILING", "COS", "COT", "DEGREES",
      "EXP", "FLOOR", "FORMAT", "LN", "LOG", "LOG10", "LOG2", "POW", "POWER", "RADIANS", "ROUND",
      "SIGN", "SIN", "SQRT", "TAN", "TRUNCATE",
  };
  if (e.kind != ExprKind::kFunction) return false;
  return std::find(std::begin(kNames), std::end(kNames), e.function_name) != std::end(kNames);
}

}  // namespace

bool IsNumericContext(const Expr& e) {
  if (IsNumericFunction(e)) return true;
  if (e.kind == ExprKind::kUnary) return e.unary_op != sql::UnaryOp::kNot;
  if (e.kind == ExprKind::kCast) {
    using Type = sql::CastTarget::Type;
    const Type t = e.cast.type;
    return t == Type::kSigned || t == Type::kUnsigned || t == Type::kDouble ||
           t == Type::kFloat || t == Type::kDecimal;
  }
  if (e.kind != ExprKind::kBinary) return false;
  switch (e.binary_op) {
    case BinaryOp::kAdd: case BinaryOp::kSub: case BinaryOp::kMul: case BinaryOp::kDiv:
    case BinaryOp::kMod: case BinaryOp::kIntDiv: case BinaryOp::kBitAnd: case BinaryOp::kBitOr:
    case BinaryOp::kBitXor: case BinaryOp::kShiftLeft: case BinaryOp::kShiftRight:
      return true;
    default:
      return false;
  }
}

namespace {

bool IsEquality(const Expr& e) {
  return e.kind == ExprKind::kIn ||
         (e.kind == ExprKind::kBinary &&
          (e.binary_op == BinaryOp::kEq || e.binary_op == BinaryOp::kNotEq ||
           e.binary_op == BinaryOp::kNullSafeEq));
}

bool IsInternalOrAggregate(const Expr& e) {
  return e.IsAggregate() || e.function_name == "VALUES" ||
         (!e.function_name.empty() && e.function_name[0] == '#');
}

void ApplyNumericContext(Expr& expr, ColumnTypeOf column_type) {
  for (sql::ExprPtr& child : expr.children) {
    if (IsTimestampColumn(*child, column_type)) {
      child = Wrap(std::move(child), functions::kSessionTimestamp);
    }
    if (IsTemporalType(StaticType(*child, column_type))) {
      child = Wrap(std::move(child), functions::kTemporalNumber);
    }
  }
}

// Whether text comparison already gives MySQL's answer: every operand that is not a literal
// is a column of one temporal type and precision (its constants were made canonical for
// it; TIME only for equality, as TIME text does not sort by value), or every operand is a
// DATE expression.
bool TextComparisonHolds(const Expr& expr, ColumnTypeOf column_type) {
  std::optional<SqlType> common;
  bool all_dates = true, all_columns = true;
  for (const sql::ExprPtr& child : expr.children) {
    all_dates = all_dates && child->kind != ExprKind::kLiteral &&
                StaticType(*child, column_type) == ColumnType::kDate;
    if (child->kind == ExprKind::kLiteral) continue;
    std::optional<SqlType> t = ColumnSqlType(*child, column_type);
    if (!t || !IsTemporalType(t->type) || (common && (t->type != common->type ||
                                                      t->scale != common->scale))) {
      all_columns = false;
      continue;
    }
    common = t;
  }
  if (all_dates) return true;
  if (!all_columns || !common) return false;
  return common->type != ColumnType::kTime || IsEquality(expr);
}

void ApplyComparisonContext(Expr& expr, ColumnTypeOf column_type) {
  bool any_temporal = false, any_timestamp = false, other_operand = false;
  for (const sql::ExprPtr& child : expr.children) {
    any_temporal = any_temporal || IsTemporalType(StaticType(*child, column_type));
    const bool timestamp = IsTimestampColumn(*child, column_type);
    any_timestamp = any_timestamp || timestamp;
    other_operand = other_operand || (!timestamp && child->kind != ExprKind::kLiteral);
  }
  if (!any_temporal) return;
  if (any_timestamp && other_operand) {
    for (sql::ExprPtr& child : expr.children) {
      if (IsTimestampColumn(*child, column_type)) {
        child = Wrap(std::move(child), functions::kSessionTimestamp);
      }
    }
  }
  if (TextComparisonHolds(expr, column_type)) return;
  bool dated = false;
  for (const sql::ExprPtr& child : expr.children) {
    const ColumnType t = StaticType(*child, column_type);
    dated = dated || (IsTemporalType(t) && t != ColumnType::kTime);
  }
  for (sql::ExprPtr& child : expr.children) {
    if (child->kind == ExprKind::kLiteral && child->literal.is_null()) continue;
    child = Wrap(std::move(child), dated ? functions::kDateTimeNumber : functions::kTimeNumber);
  }
}

}  // namespace

void ApplyTemporalContexts(sql::Expr& expr, ColumnTypeOf column_type) {
  if (IsNumericContext(expr)) {
    ApplyNumericContext(expr, column_type);
  } else if (IsComparison(expr)) {
    ApplyComparisonContext(expr, column_type);
  } else if (expr.kind == ExprKind::kFunction && !IsInternalOrAggregate(expr)) {
    for (sql::ExprPtr& child : expr.children) {
      if (IsTimestampColumn(*child, column_type)) {
        child = Wrap(std::move(child), functions::kSessionTimestamp);
      }
    }
  }
}

sql::ExprPtr TimeSortKey(sql::ExprPtr expr) { return Wrap(std::move(expr), functions::kTimeNumber); }

}  // namespace ordinal::engine::plan
