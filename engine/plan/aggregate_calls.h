// How the binder prepares aggregate calls (Scope::Bind; engine/exec/aggregate.h runs them):
// - MySQL's grammar for their arguments: one argument (COUNT also `*` and, with DISTINCT,
//   several; GROUP_CONCAT several; JSON_OBJECTAGG two), and no DISTINCT on BIT_*, the
//   statistics and the JSON aggregates. Anything else is 1064, as MySQL's parser says;
// - GROUP_CONCAT(... ORDER BY n): a position names the n-th concatenated value (1054
//   "Unknown column 'n' in 'order clause'" past them);
// - a TIME sorts by value, not by its text (negative and 100+ hour values): GROUP_CONCAT's
//   ORDER BY keys of type TIME sort by the TIME number, and MIN/MAX of a TIME get the TIME
//   number as a comparison key (an extra child, counted in `order_descending`), as ORDER BY
//   does (temporal_contexts.h TimeSortKey).
#ifndef ORDINAL_ENGINE_PLAN_AGGREGATE_CALLS_H_
#define ORDINAL_ENGINE_PLAN_AGGREGATE_CALLS_H_

#include <cstdint>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::plan {

// @@group_concat_max_len of the running statement's session (MySQL's default, 1024,
// outside one).
uint64_t GroupConcatMaxLength();

// GROUP_CONCAT's result type: VARCHAR up to 512 characters of group_concat_max_len, TEXT
// beyond (MySQL's rule).
ColumnType GroupConcatType();

// Whether `expr` calls an aggregate function, with or without OVER.
bool IsAggregateFunctionCall(const sql::Expr& expr);

// Before the call's arguments are bound: checks them and resolves GROUP_CONCAT's ORDER BY
// positions. Idempotent.
absl::Status PrepareAggregateCall(sql::Expr& call);

// After they are bound: the TIME comparison keys. `type_of` gives a bound expression's
// type. Idempotent.
void AddAggregateSortKeys(sql::Expr& call, absl::FunctionRef<ColumnType(const sql::Expr&)> type_of);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_AGGREGATE_CALLS_H_
