// MySQL treats a temporal value by its context; OrdinalDB holds temporal values as canonical
// text (engine/types/temporal.h), so the binder makes the context explicit by wrapping
// operands in the internal conversions of engine/functions/temporal_contexts.cc:
//   - numeric context (+ - * / DIV % and bit operators, unary minus, CAST to a number, the
//     arguments of numeric functions such as ROUND, ABS, FLOOR):
//     a temporal operand becomes its number (DATE 20240131, DATETIME 20240131123456, TIME
//     123456), as MySQL's `d + 0`;
//   - comparisons (= <> < <= > >= <=> IN BETWEEN) that text cannot decide: temporal values of
//     different types or precisions, temporal expressions against strings or numbers, and
//     TIME ranges (negative or 100+ hour values) compare as DATETIME numbers (a TIME on the
//     statement's date) or TIME numbers. Column-against-constant comparisons that
//     temporal_literals.h already made canonical stay as they are, so indexes still serve
//     them;
//   - a TIMESTAMP column (stored in UTC) read by a function, in arithmetic, or compared with
//     anything but a constant or another TIMESTAMP column is first shown in the session's
//     time zone, as MySQL's functions see it.
#ifndef ORDINAL_ENGINE_PLAN_TEMPORAL_CONTEXTS_H_
#define ORDINAL_ENGINE_PLAN_TEMPORAL_CONTEXTS_H_

#include <optional>

#include "absl/functional/function_ref.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::plan {

// Rewrites the operands of `expr` (one node whose children are bound and whose constants
// CanonicalizeTemporalConstants already saw) for the contexts above. `column_type` gives a
// bound slot's declared type (nullopt when unknown). Idempotent: a wrapped operand is no
// longer temporal text.
void ApplyTemporalContexts(sql::Expr& expr,
                           absl::FunctionRef<std::optional<SqlType>(int)> column_type);

// Whether `expr` reads its operands as numbers: arithmetic and bit operators, unary minus,
// CAST to a number, and numeric functions such as ROUND and ABS.
bool IsNumericContext(const sql::Expr& expr);

// `expr` wrapped so that it sorts TIME values by value (ORDER BY a TIME expression).
sql::ExprPtr TimeSortKey(sql::ExprPtr expr);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_TEMPORAL_CONTEXTS_H_
