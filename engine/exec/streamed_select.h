// The rows of a query block that go to their consumer as they are produced: nothing to
// group, sort (no ORDER BY, or one its access path satisfies), make distinct or compute
// over windows. Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_STREAMED_SELECT_H_
#define ORDINAL_ENGINE_EXEC_STREAMED_SELECT_H_

#include <cstddef>
#include <vector>

#include "absl/status/status.h"
#include "engine/exec/executor.h"
#include "engine/exec/set_operation.h"
#include "engine/plan/select_plan.h"

namespace ordinal::engine::exec {

// The rows of the result that go out: from `offset` on, and at most `limit` of them when
// `capped`.
struct StreamWindow {
  size_t offset = 0;
  size_t limit = 0;
  bool capped = false;
};

// Produces the rows of `plan` (not aggregated, without window functions or DISTINCT, in the
// order its joined rows come) that HAVING accepts, and gives those in `window` to `emit`.
// Each is projected into one row of values written over row after row (a string into the
// buffer the previous row's string held), so a row that is only read costs no allocation.
// The outputs are computed for every row HAVING accepts, their warnings and errors included,
// as a buffered projection does, except under plan.defer_projection, which computes them
// only for the rows that go out. Reading stops once a capped window's last row went out.
absl::Status StreamSelect(const plan::SelectPlan& plan, ExecContext& ctx,
                          const std::vector<Value>& outer, const StreamWindow& window,
                          const RowCallback& emit);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_STREAMED_SELECT_H_
