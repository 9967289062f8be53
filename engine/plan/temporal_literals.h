// MySQL compares a temporal column with a constant as a temporal value: '2024-1-5' equals the
// DATE 2024-01-05, 20240105 too, and '2024-01-05' the DATETIME 2024-01-05 00:00:00. Temporal
// values are held as canonical text (engine/types/temporal.h), so the binder rewrites a
// constant compared with a temporal column (=, <>, <, <=, >, >=, <=>, IN, BETWEEN) into the
// canonical text of the column's type, when it reads as one; other constants stay as they
// are and compare as strings.
#ifndef ORDINAL_ENGINE_PLAN_TEMPORAL_LITERALS_H_
#define ORDINAL_ENGINE_PLAN_TEMPORAL_LITERALS_H_

#include <optional>

#include "absl/functional/function_ref.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::plan {

// Rewrites the constant operands of `expr` (one node, whose children are bound) when it
// compares a temporal column with them. `column_type` gives a bound slot's declared type
// (nullopt when unknown). A TIMESTAMP constant is read in the session's time zone and
// becomes UTC text, as TIMESTAMP columns hold it.
void CanonicalizeTemporalConstants(sql::Expr& expr,
                                   absl::FunctionRef<std::optional<SqlType>(int)> column_type);

// Whether `expr` compares values: = <> < <= > >= <=>, IN (a list) or BETWEEN.
bool IsComparison(const sql::Expr& expr);

// The canonical text of a typed literal or CAST of a constant to a temporal type
// (DATE '2024-01-05', CAST('2024-1-5' AS DATE)), or nullopt for any other node.
std::optional<Value> TemporalConstant(const sql::Expr& expr);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_TEMPORAL_LITERALS_H_
