// MySQL reads a hex or bit literal (0x41, X'41', 0b101, B'101') as a binary string, and as
// an unsigned integer (its bytes, big-endian) where a number is wanted: `0x41 + 0` is 65,
// `CAST(x'41' AS UNSIGNED)` 65, `0x41 = 65` true, while `0x41 = 'A'` compares strings. The
// parser marks such literals (Expr::bit_literal); the binder turns them into their number in
// those places.
#ifndef ORDINAL_ENGINE_PLAN_BIT_LITERAL_CONTEXTS_H_
#define ORDINAL_ENGINE_PLAN_BIT_LITERAL_CONTEXTS_H_

#include <optional>

#include "absl/functional/function_ref.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::plan {

// Rewrites the hex and bit literal operands of `expr` (one node whose children are bound)
// into integers when `expr` reads them as numbers: a numeric context (IsNumericContext), or
// a comparison with an operand of a numeric type. A literal of more than 8 bytes becomes
// 18446744073709551615. `column_type` gives a bound slot's declared type.
void ApplyBitLiteralContexts(sql::Expr& expr,
                             absl::FunctionRef<std::optional<SqlType>(int)> column_type);

// Rewrites `value`, the whole value assigned to a column (INSERT ... VALUES (0x41), UPDATE
// ... SET c = 0x41, ON DUPLICATE KEY UPDATE c = 0x41), into its integer when it is a hex or
// bit literal and the column's type is numeric: MySQL stores 65 in an INT column there, and
// the bytes ('A') in a string or BIT column.
void ApplyBitLiteralAssignment(sql::Expr& value, ColumnType column);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_BIT_LITERAL_CONTEXTS_H_
