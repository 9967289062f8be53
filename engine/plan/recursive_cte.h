// Binding of recursive common table expressions (WITH RECURSIVE, docs/recursive-cte.md).
//
// A CTE of a WITH RECURSIVE clause that names itself must be a UNION of one or more
// non-recursive query blocks (the anchors, which give the columns and their types) followed
// by one or more recursive blocks, each reading the CTE exactly once in its FROM clause.
// The plan is a compound SelectPlan with `working` set; exec/recursive_cte.cc runs it.
#ifndef ORDINAL_ENGINE_PLAN_RECURSIVE_CTE_H_
#define ORDINAL_ENGINE_PLAN_RECURSIVE_CTE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "engine/plan/select_plan.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

// Whether `cte`'s query names the CTE itself anywhere (FROM, derived tables, subqueries).
bool ReferencesItself(const sql::CommonTable& cte);

// Binds `cte`, which ReferencesItself; `ctx.ctes` holds the CTEs it may read besides itself.
// Errors (MySQL's): 3573 not a UNION, 3574 no non-recursive block first (or one after a
// recursive block), 3575 aggregation, GROUP BY or window functions in a recursive block,
// 3576 the CTE on the inner side of an outer join, 3577 the CTE read more than once or in
// a subquery, 1235 ORDER BY or DISTINCT in a recursive block and ORDER BY over the UNION,
// 1353 a column list of the wrong length; and those of binding each block.
absl::StatusOr<std::shared_ptr<SelectPlan>> BindRecursiveCte(const sql::CommonTable& cte,
                                                             const BindContext& ctx);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_RECURSIVE_CTE_H_
