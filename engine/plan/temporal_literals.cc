#include "engine/plan/temporal_literals.h"

#include <string>
#include <utility>

#include "engine/types/temporal.h"

namespace ordinal::engine::plan {
namespace {

// Drops a fraction's trailing zeros beyond `fsp` digits (and the point when nothing is
// left), so that a constant equal to a column value has the same text.
void TrimFraction(uint32_t fsp, std::string* text) {
  const size_t dot = text->find('.');
  if (dot == std::string::npos) return;
  const size_t keep = dot + 1 + fsp;
  size_t end = text->size();
  while (end > keep && (*text)[end - 1] == '0') --end;
  if (end == dot + 1) end = dot;
  text->resize(end);
}

// `constant` as canonical text for a comparison with a column of `type`, or nullopt when it
// does not read as one. A DATE column compared with a datetime that has a time of day keeps
// the time (MySQL compares them as DATETIMEs).
std::optional<Value> Canonical(const Value& constant, const SqlType& type) {
  if (constant.is_null() ||
      !(constant.is_string() || constant.is_integer() || constant.is_decimal())) {
    return std::nullopt;
  }
  ColumnType as = type.type;
  if (as == ColumnType::kDate) {
    absl::StatusOr<Value> datetime = CoerceToTemporal(constant, ColumnType::kDateTime, kMaxFsp, "");
    if (!datetime.ok()) return std::nullopt;
    std::string text = datetime->string_value();
    if (text.compare(10, std::string::npos, " 00:00:00.000000") == 0) {
      return Value::String(text.substr(0, 10));
    }
    TrimFraction(0, &text);
    return Value::String(std::move(text));
  }
  absl::StatusOr<Value> canonical = CoerceToTemporal(constant, as, kMaxFsp, "");
  if (!canonical.ok()) return std::nullopt;
  std::string text = canonical->string_value();
  TrimFraction(type.scale, &text);
  return Value::String(std::move(text));
}

}  // namespace

bool IsComparison(const sql::Expr& expr) {
  using sql::BinaryOp;
  if (expr.kind == sql::ExprKind::kIn || expr.kind == sql::ExprKind::kBetween) return true;
  if (expr.kind != sql::ExprKind::kBinary) return false;
  switch (expr.binary_op) {
    case BinaryOp::kEq:
    case BinaryOp::kNotEq:
    case BinaryOp::kLt:
    case BinaryOp::kLtEq:
    case BinaryOp::kGt:
    case BinaryOp::kGtEq:
    case BinaryOp::kNullSafeEq:
      return true;
    default:
      return false;
  }
}

std::optional<Value> TemporalConstant(const sql::Expr& expr) {
  if (expr.kind != sql::ExprKind::kCast || expr.children.size() != 1 ||
      expr.children[0]->kind != sql::ExprKind::kLiteral) {
    return std::nullopt;
  }
  using Type = sql::CastTarget::Type;
  ColumnType type;
  switch (expr.cast.type) {
    case Type::kDate:
      type = ColumnType::kDate;
      break;
    case Type::kDateTime:
      type = ColumnType::kDateTime;
      break;
    case Type::kTime:
      type = ColumnType::kTime;
      break;
    default:
      return std::nullopt;
  }
  const uint32_t fsp = expr.cast.scale > 0 ? static_cast<uint32_t>(expr.cast.scale) : 0;
  absl::StatusOr<Value> v = CoerceToTemporal(expr.children[0]->literal, type, fsp, "");
  if (!v.ok()) return std::nullopt;
  return *std::move(v);
}

void CanonicalizeTemporalConstants(sql::Expr& expr,
                                   absl::FunctionRef<std::optional<SqlType>(int)> column_type) {
  if (!IsComparison(expr) || expr.children.size() < 2) return;
  std::optional<SqlType> type;
  for (size_t i = 0; i < expr.children.size() && !type; ++i) {
    // IN and BETWEEN compare their first operand with the others.
    if (i > 0 && expr.kind != sql::ExprKind::kBinary) break;
    const sql::Expr& child = *expr.children[i];
    if (child.kind != sql::ExprKind::kColumn || child.slot < 0) continue;
    std::optional<SqlType> t = column_type(child.slot);
    if (t && IsTemporalType(t->type)) type = t;
  }
  if (!type) return;
  for (sql::ExprPtr& child : expr.children) {
    std::optional<Value> constant;
    if (child->kind == sql::ExprKind::kLiteral) {
      constant = child->literal;
    } else {
      constant = TemporalConstant(*child);
    }
    if (!constant) continue;
    std::optional<Value> canonical = Canonical(*constant, *type);
    if (!canonical) continue;
    auto literal = std::make_unique<sql::Expr>();
    literal->kind = sql::ExprKind::kLiteral;
    literal->loc = child->loc;
    literal->text = child->text;
    literal->literal = *std::move(canonical);
    child = std::move(literal);
  }
}

}  // namespace ordinal::engine::plan
