#include "engine/exec/recursive_cte.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/join.h"
#include "engine/exec/query_memory.h"
#include "engine/exec/table_access.h"
#include "engine/functions/session_context.h"

namespace ordinal::engine::exec {
namespace {

using Row = std::vector<Value>;
using Rows = std::vector<Row>;

constexpr MysqlErrno kMaxRecursionDepth = static_cast<MysqlErrno>(3636);

absl::StatusOr<uint64_t> MaxRecursionDepth() {
  const sql::VariableRef ref{sql::VariableScope::kDefault, "cte_max_recursion_depth"};
  ORDINAL_ASSIGN_OR_RETURN(Value depth,
                           functions::ReadSystemVariable(ref, functions::CurrentSessionContext()));
  if (!depth.is_integer() || depth.integer_value() < 0) return uint64_t{1000};
  return static_cast<uint64_t>(depth.integer_value());
}

// The CTE's rows so far, and the rows the last step added.
class RecursionResult {
 public:
  explicit RecursionResult(bool distinct) : distinct_(distinct) {}

  // Adds `rows` (skipping rows already present when distinct) to the result and to added(),
  // charging them to `charge` (the statement's working memory).
  absl::Status Add(Rows rows, MemoryCharge& charge) {
    for (Row& row : rows) {
      if (distinct_ && !seen_.insert(row).second) continue;
      // Held in rows_, added_ and, when distinct, seen_.
      ORDINAL_RETURN_IF_ERROR(charge.Add(RowBytes(row) * (distinct_ ? 3 : 2)));
      added_.push_back(row);
      rows_.push_back(std::move(row));
    }
    return absl::OkStatus();
  }
  Rows TakeAdded() { return std::exchange(added_, {}); }
  bool added_any() const { return !added_.empty(); }
  size_t size() const { return rows_.size(); }
  Rows TakeRows() { return std::move(rows_); }

 private:
  const bool distinct_;
  std::set<Row, TupleLess> seen_;
  Rows rows_;
  Rows added_;
};

absl::Status TooDeep(uint64_t iteration) {
  return SqlError(absl::StatusCode::kResourceExhausted, kMaxRecursionDepth,
                  absl::StrCat("Recursive query aborted after ", iteration,
                               " iterations. Try increasing @@cte_max_recursion_depth to a "
                               "larger value."));
}

}  // namespace

absl::StatusOr<Rows> RunRecursiveCte(const plan::SelectPlan& plan, ExecContext& ctx,
                                     size_t max_rows) {
  ORDINAL_ASSIGN_OR_RETURN(const uint64_t max_depth, MaxRecursionDepth());
  const StatementInterrupt* interrupt = RunningInterrupt();
  const size_t offset = static_cast<size_t>(plan.offset);
  size_t cap = 0;  // rows enough to answer (0: all)
  if (plan.limit.has_value()) cap = offset + static_cast<size_t>(std::max<int64_t>(*plan.limit, 0));
  if (max_rows > 0) cap = cap == 0 ? offset + max_rows : std::min(cap, offset + max_rows);
  const auto enough = [&](const RecursionResult& r) { return cap > 0 && r.size() >= cap; };

  RecursionResult result(plan.recursive_distinct);
  MemoryCharge charge(ctx.memory, MemoryUse::kTemporaryTable);
  for (size_t i = 0; i < plan.anchors; ++i) {
    ORDINAL_ASSIGN_OR_RETURN(Rows rows, RunSelectPlan(*plan.operands[i], ctx, {}));
    ORDINAL_RETURN_IF_ERROR(result.Add(std::move(rows), charge));
  }
  for (uint64_t iteration = 1; result.added_any() && !enough(result); ++iteration) {
    if (iteration > max_depth) {
      plan.working->rows.clear();
      return TooDeep(iteration);
    }
    ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
    plan.working->rows = result.TakeAdded();
    for (size_t i = plan.anchors; i < plan.operands.size(); ++i) {
      absl::StatusOr<Rows> rows = RunSelectPlan(*plan.operands[i], ctx, {});
      if (!rows.ok()) {
        plan.working->rows.clear();
        return rows.status();
      }
      if (absl::Status added = result.Add(*std::move(rows), charge); !added.ok()) {
        plan.working->rows.clear();
        return added;
      }
    }
  }
  plan.working->rows.clear();
  Rows rows = result.TakeRows();
  const size_t begin = std::min(offset, rows.size());
  const size_t end = cap > 0 ? std::min(cap, rows.size()) : rows.size();
  return Rows(std::make_move_iterator(rows.begin() + begin),
              std::make_move_iterator(rows.begin() + std::max(begin, end)));
}

}  // namespace ordinal::engine::exec
