#include "engine/plan/bit_literal_contexts.h"

#include <cstdint>
#include <string>

#include "engine/plan/binder.h"
#include "engine/plan/temporal_contexts.h"
#include "engine/plan/temporal_literals.h"

namespace ordinal::engine::plan {
namespace {

bool IsBitLiteral(const sql::Expr& e) {
  return e.kind == sql::ExprKind::kLiteral && e.bit_literal && e.literal.is_string();
}

void MakeNumber(sql::Expr& literal) {
  const std::string& bytes = literal.literal.string_value();
  uint64_t n = 0;
  bool overflow = false;
  for (unsigned char byte : bytes) {
    overflow = overflow || (n >> 56) != 0;
    n = (n << 8) | byte;
  }
  if (overflow) n = UINT64_MAX;
  literal.literal = n <= INT64_MAX ? Value::Int(static_cast<int64_t>(n)) : Value::UInt(n);
  literal.bit_literal = false;
}

bool IsNumericType(ColumnType type) {
  return HoldsInteger(type) || type == ColumnType::kDecimal || type == ColumnType::kDouble ||
         type == ColumnType::kFloat;
}

}  // namespace

void ApplyBitLiteralContexts(sql::Expr& expr,
                             absl::FunctionRef<std::optional<SqlType>(int)> column_type) {
  bool numeric = IsNumericContext(expr);
  if (!numeric && IsComparison(expr)) {
    for (const sql::ExprPtr& child : expr.children) {
      if (IsBitLiteral(*child)) continue;
      const ColumnType type = InferSlotType(*child, [&](int slot) {
        std::optional<SqlType> t = column_type(slot);
        return t ? t->type : ColumnType::kVarchar;
      });
      numeric = numeric || IsNumericType(type);
    }
  }
  if (!numeric) return;
  for (sql::ExprPtr& child : expr.children) {
    if (IsBitLiteral(*child)) MakeNumber(*child);
  }
}

void ApplyBitLiteralAssignment(sql::Expr& value, ColumnType column) {
  if (IsBitLiteral(value) && IsNumericType(column)) MakeNumber(value);
}

}  // namespace ordinal::engine::plan
