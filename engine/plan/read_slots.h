// Which slots of a SELECT plan's joined row the plan reads, so that a scan decodes only
// those columns of its table's rows.
#ifndef ORDINAL_ENGINE_PLAN_READ_SLOTS_H_
#define ORDINAL_ENGINE_PLAN_READ_SLOTS_H_

#include <optional>
#include <vector>

#include "engine/plan/select_plan.h"

namespace ordinal::engine::plan {

// Per slot of the row layout (plan.row_width entries): whether any expression of `plan`
// reads it: outputs, GROUP BY, HAVING, ORDER BY, aggregate arguments, GROUPING() calls,
// and every join step's conditions, filters, hash keys and access-path placeholders.
// nullopt when the plan may read slots no expression names: a subquery (it receives the
// whole row), a window function, a read FOR UPDATE, or a compound query. A slot marked
// false may hold any value while the plan runs (the executor leaves it NULL).
std::optional<std::vector<bool>> SlotsReadByPlan(const SelectPlan& plan);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_READ_SLOTS_H_
