// Sort before join: the plan MySQL uses for ORDER BY ... LIMIT over a join whose first
// table decides the order. The rows of the first step (its own conditions applied) are
// sorted on the ORDER BY keys, then the later steps look up their rows in that order; the
// join stops once OFFSET + LIMIT joined rows are out, so no hash table of a later table is
// built and few of its rows are read.
//
// Conditions (each is needed for the joined rows to come in ORDER BY order, and none to be
// lost or repeated):
//   - a query block with FROM over at least two sources, ORDER BY and LIMIT, without
//     grouping, aggregates, window functions, DISTINCT, HAVING or FOR UPDATE, its order not
//     already given by an access path;
//   - every ORDER BY key is a column of the first step's source, or a column of a later
//     source that a join condition equates to a column of the first source of the same
//     integer type (the joined row then holds equal values in both: e.emp_no = s.emp_no);
//   - every later step is an inner join whose conditions equate its table's whole primary
//     key to values of the rows before it (MakeUniqueLookup, join_plan.h): each row of the
//     first step yields at most one joined row, in its place in the order. A row that finds
//     no match yields none, which is why every row of the first step is sorted before any
//     is joined.
// The later steps become primary-key lookups even where the cost model chose a hash join,
// when the lookups expected (OFFSET + LIMIT, over the fraction of the first step's rows that
// find their matches) cost less than the later steps as planned (cost_model.h).
#ifndef ORDINAL_ENGINE_PLAN_SORT_BEFORE_JOIN_H_
#define ORDINAL_ENGINE_PLAN_SORT_BEFORE_JOIN_H_

#include "engine/plan/select_plan.h"

namespace ordinal::engine::plan {

// Sets plan.sort_before_join (and turns its later steps into lookups) when the conditions
// above hold; otherwise leaves the plan as it is.
void PlanSortBeforeJoin(SelectPlan& plan);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_SORT_BEFORE_JOIN_H_
