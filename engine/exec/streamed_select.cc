#include "engine/exec/streamed_select.h"

#include <cstdint>

#include "common/status_macros.h"
#include "engine/exec/eval_internal.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/join.h"

namespace ordinal::engine::exec {

absl::Status StreamSelect(const plan::SelectPlan& plan, ExecContext& ctx,
                          const std::vector<Value>& outer, const StreamWindow& window,
                          const RowCallback& emit) {
  if (window.capped && window.limit == 0) return absl::OkStatus();
  const size_t end = !window.capped || window.offset > SIZE_MAX - window.limit
                         ? SIZE_MAX
                         : window.offset + window.limit;
  // Sorting before the join, the join counts the rows itself (they are in order only while
  // its sort fits in memory).
  const bool join_stops = !plan.sort_before_join.empty();
  const size_t width = plan.outputs.size();
  std::vector<Value> values(width);
  size_t produced = 0;
  return ForEachJoinedRow(
      plan, ctx, outer,
      [&](const std::vector<Value>& row) -> absl::StatusOr<bool> {
        if (plan.having != nullptr) {
          ORDINAL_ASSIGN_OR_RETURN(bool match, EvaluatePredicate(*plan.having, row));
          if (!match) return true;
        }
        const size_t index = produced++;
        const bool out = index >= window.offset && index < end;
        if (out || !plan.defer_projection) {
          // The consumer may have moved the previous row's values out.
          if (values.size() != width) {
            values.clear();
            values.resize(width);
          }
          for (size_t i = 0; i < width; ++i) {
            internal::Operand operand;
            ORDINAL_RETURN_IF_ERROR(internal::Eval(*plan.outputs[i], row, &operand));
            std::move(operand).AssignTo(values[i]);
          }
        }
        if (out) ORDINAL_RETURN_IF_ERROR(emit(values));
        return join_stops || produced < end;
      },
      JoinedColumns::kReadByPlan, join_stops && end != SIZE_MAX ? end : 0);
}

}  // namespace ordinal::engine::exec
