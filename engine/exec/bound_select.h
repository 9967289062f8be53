// Running a SELECT whose plan the caller already holds: a prepared statement's plan kept
// between executions (engine/plan/prepared_plan.h). ExecuteSelect binds and then does the
// same.
#ifndef ORDINAL_ENGINE_EXEC_BOUND_SELECT_H_
#define ORDINAL_ENGINE_EXEC_BOUND_SELECT_H_

#include "absl/status/statusor.h"
#include "engine/database.h"
#include "engine/exec/executor.h"
#include "engine/plan/select_plan.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::exec {

// Runs `plan`, bound from `select` against the current catalog and session settings, as
// ExecuteSelect would run its own binding of `select`: rows to ctx.sink when it is set,
// else into the result. The plan is only read, so it may be run again.
absl::StatusOr<ResultSet> ExecuteBoundSelect(const sql::Select& select,
                                             const plan::SelectPlan& plan, ExecContext& ctx);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_BOUND_SELECT_H_
