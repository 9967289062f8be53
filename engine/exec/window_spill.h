// Window functions over a statement's memory bound (docs/memory-and-disk.md, "Spilling to
// disk").
//
// Window functions see one partition at a time, so when every window a query uses has the
// same PARTITION BY, the partitions can be computed one after another. A WindowSpill takes
// the rows the windows read, sorted on disk by their partition key (an ExternalSorter,
// external_sort.h; stable, so each partition keeps the order in which its rows were added),
// and hands them back one partition at a time, held in memory and charged to the statement
// while the caller computes the windows over it. A single partition over the bound fails
// with 1114, as the whole set of rows did before.
//
// Thread safety: one statement's, on one thread.
#ifndef ORDINAL_ENGINE_EXEC_WINDOW_SPILL_H_
#define ORDINAL_ENGINE_EXEC_WINDOW_SPILL_H_

#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "engine/exec/external_sort.h"
#include "engine/exec/query_memory.h"
#include "engine/plan/window_plan.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

class WindowSpill {
 public:
  using Rows = std::vector<std::vector<Value>>;

  // The PARTITION BY that every window used by `plan` shares (the same window, or lists of
  // the same columns); null when the windows are partitioned differently or not at all.
  static const std::vector<sql::ExprPtr>* SharedPartitioning(const plan::WindowPlan& plan);

  // `memory` must have a spill directory; `partition_by` (bound to the rows' layout) must
  // outlive the WindowSpill.
  WindowSpill(QueryMemory* memory, const std::vector<sql::ExprPtr>& partition_by);

  absl::Status Add(std::vector<Value> row);
  // Hands `emit` the rows one partition at a time, in partition key order. Call once, after
  // the last Add.
  absl::Status Drain(absl::FunctionRef<absl::Status(Rows partition)> emit);

 private:
  QueryMemory* const memory_;
  const std::vector<sql::ExprPtr>& partition_by_;
  ExternalSorter sorter_;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_WINDOW_SPILL_H_
