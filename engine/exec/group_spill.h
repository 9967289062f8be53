// GROUP BY over a statement's memory bound (docs/memory-and-disk.md, "Spilling to disk").
//
// The executor aggregates groups in memory while they fit. Once a new group does not, the
// groups it holds go on taking their own rows, and every row of any other group goes to a
// GroupSpill instead: an ExternalSorter (external_sort.h) ordered by group key, which writes
// sorted runs to disk. At the end the spilled rows come back in key order and are aggregated
// one group at a time, so the two sets of groups are disjoint and each is in key order; the
// caller merges them. Aggregates see each group's rows in the order they were produced, as
// in memory (the sort is stable).
//
// Thread safety: one statement's, on one thread.
#ifndef ORDINAL_ENGINE_EXEC_GROUP_SPILL_H_
#define ORDINAL_ENGINE_EXEC_GROUP_SPILL_H_

#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/external_sort.h"
#include "engine/exec/query_memory.h"

namespace ordinal::engine::exec {

class GroupSpill {
 public:
  // One finished group: its key, its first row and its aggregate state.
  using Emit = std::function<absl::Status(std::vector<Value> key, std::vector<Value> first_row,
                                          Aggregator::State state)>;

  // `memory` must have a spill directory (QueryMemory::spill_dir).
  explicit GroupSpill(QueryMemory* memory);

  absl::Status Add(std::vector<Value> key, std::vector<Value> row);
  // Aggregates the spilled rows with `aggregator`, one group at a time in key order.
  absl::Status Drain(const Aggregator& aggregator, const Emit& emit);

 private:
  ExternalSorter sorter_;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_GROUP_SPILL_H_
