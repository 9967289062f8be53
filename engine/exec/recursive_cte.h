// Execution of a recursive CTE's plan (plan/recursive_cte.h, docs/recursive-cte.md).
// Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_RECURSIVE_CTE_H_
#define ORDINAL_ENGINE_EXEC_RECURSIVE_CTE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/exec/executor.h"
#include "engine/plan/select_plan.h"

namespace ordinal::engine::exec {

// The rows of the recursive CTE `plan` (plan.working set): its non-recursive blocks' rows,
// then, iteration after iteration, the rows its recursive blocks make from the rows the
// previous iteration added, until an iteration adds none. With UNION DISTINCT a row already
// in the result is not added again. The CTE's LIMIT (and `max_rows` > 0) stops the
// iterations once enough rows exist. Errors: 3636 when iterations exceed the session's
// @@cte_max_recursion_depth; the KILL's error between iterations; the blocks' errors.
absl::StatusOr<std::vector<std::vector<Value>>> RunRecursiveCte(const plan::SelectPlan& plan,
                                                                ExecContext& ctx, size_t max_rows);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_RECURSIVE_CTE_H_
