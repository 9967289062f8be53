// Binding of a FROM clause: its table references become sources of the query's scope,
// its joins SourceJoin entries, its ON and USING conditions conjuncts. Internal to
// engine/plan (used by select_plan.cc).
#ifndef ORDINAL_ENGINE_PLAN_FROM_BINDER_H_
#define ORDINAL_ENGINE_PLAN_FROM_BINDER_H_

#include <vector>

#include "absl/status/status.h"
#include "engine/plan/join_plan.h"
#include "engine/plan/select_plan.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

struct BoundFrom {
  std::vector<SourceJoin> joins;   // one per source of the scope
  std::vector<Conjunct> conjuncts; // ON and USING conditions, bound
};

// Adds the sources of `from` to `plan.scope` and binds their join conditions. Errors: 1146,
// 1066, 1054/1052 in ON, 1235 for an outer join whose inner side is itself a join.
absl::StatusOr<BoundFrom> BindFrom(const std::vector<sql::TableRef>& from, SelectPlan& plan,
                                   const BindContext& ctx);

// Binds the subqueries inside `expr` (a copy the plan owns) with `scope` as their enclosing
// scope, giving each node its runner. 1241 when a subquery used as a value has more than
// one column.
absl::Status BindSubqueries(sql::Expr& expr, const Scope& scope, const BindContext& ctx);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_FROM_BINDER_H_
