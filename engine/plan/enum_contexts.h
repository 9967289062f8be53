// MySQL reads an ENUM value as its 1-based member index in numeric context (`e + 0`,
// ROUND(e), CAST(e AS SIGNED)) and ORDER BY sorts ENUM values by that index, while
// comparisons and functions see the member's text. OrdinalDB holds ENUM values as their
// member text, so the binder makes the index explicit: a bound ENUM column in those places
// becomes the internal #ENUM INDEX(column, 'member1', 'member2', ...) (0 for the empty error
// value, NULL stays NULL; engine/functions/enum_index.cc).
#ifndef ORDINAL_ENGINE_PLAN_ENUM_CONTEXTS_H_
#define ORDINAL_ENGINE_PLAN_ENUM_CONTEXTS_H_

#include <optional>

#include "absl/functional/function_ref.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::plan {

// Rewrites the ENUM column operands of `expr` (one node whose children are bound) when
// `expr` reads them as numbers. `column_type` gives a bound slot's declared type.
void ApplyEnumContexts(sql::Expr& expr,
                       absl::FunctionRef<std::optional<SqlType>(int)> column_type);

// `expr` as an ORDER BY key: an ENUM column sorts by its member index; anything else is
// returned as it is.
sql::ExprPtr EnumSortKey(sql::ExprPtr expr,
                         absl::FunctionRef<std::optional<SqlType>(int)> column_type);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_ENUM_CONTEXTS_H_
