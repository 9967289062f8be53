// Evaluation of window functions (plan/window_plan.h, docs/window-functions.md) over the
// rows a query would project. Each window's rows are ordered by its PARTITION BY and ORDER
// BY (stable: rows equal on both keep their order), split into partitions, and every call
// over the window gets one value per row from its partition (and frame). The rows given are
// held in memory whole; a query over its memory bound may give one partition at a time
// (window_spill.h). Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_WINDOW_H_
#define ORDINAL_ENGINE_EXEC_WINDOW_H_

#include <vector>

#include "absl/status/status.h"
#include "engine/plan/window_plan.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// Appends the value of each call of `plan`, in order, to every row of `rows` (which have
// plan.input_width values and keep their order). Stops with the KILL's error when the
// running statement is killed (checked between rows); errors of the argument expressions
// are returned as they are.
absl::Status ComputeWindows(const plan::WindowPlan& plan, std::vector<std::vector<Value>>* rows);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_WINDOW_H_
