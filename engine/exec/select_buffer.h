// The rows of a query block between their production and its result: made distinct,
// sorted, and cut to OFFSET + LIMIT (docs/memory-and-disk.md, "Spilling to disk").
//
// A SelectBuffer holds the rows charged to the statement (query_memory.h). In memory it
// behaves as the executor always has: DISTINCT keeps each row's first occurrence, ORDER BY
// is a stable sort on the sort keys. When its charge fails and the shape allows, it moves
// to an ExternalSorter (external_sort.h) that writes sorted runs to disk:
//   - ORDER BY with LIMIT: only OFFSET + LIMIT rows are kept (a top-n buffer), and runs of
//     them spill when even those pass the bound;
//   - ORDER BY without LIMIT: sorted runs of every row spill and are merged as the buffer
//     drains; the consumer then charges what it keeps (a result holds fewer bytes than the
//     rows being sorted: no sort keys, no columns only sorted by; SQL_CALC_FOUND_ROWS
//     counts rows past the LIMIT without keeping them);
//   - DISTINCT (with or without ORDER BY): the rows are sorted by (sort keys, values) so
//     that repeated rows meet and are dropped. Spilled, an unordered DISTINCT comes out in
//     value order and ORDER BY ties in value order, rather than in first-occurrence order.
// A DISTINCT ordered by an expression over columns that are not selected does not spill
// (its sort keys are not a function of the result row): the failed charge is the
// statement's error. A DISTINCT whose sort keys name every selected column (SELECT DISTINCT
// c ... ORDER BY c) keeps its rows without looking for repeats: equal rows have equal keys,
// so after the stable sort they are neighbours and the first of each run is the first
// occurrence. When such a buffer's charge fails, it drops its repeats and goes on as any
// other DISTINCT.
//
// Thread safety: one statement's, on one thread.
#ifndef ORDINAL_ENGINE_EXEC_SELECT_BUFFER_H_
#define ORDINAL_ENGINE_EXEC_SELECT_BUFFER_H_

#include <cstddef>
#include <memory>
#include <set>
#include <vector>

#include "absl/status/status.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/external_sort.h"
#include "engine/exec/query_memory.h"
#include "engine/exec/sort_prefix.h"
#include "engine/plan/select_plan.h"

namespace ordinal::engine::exec {

class SelectBuffer {
 public:
  struct Shape {
    const std::vector<plan::OrderKey>* order = nullptr;  // null or empty: not sorted
    const std::vector<sql::ExprPtr>* outputs = nullptr;  // what the order keys may name
    bool distinct = false;
    size_t keep = 0;  // rows needed in order (OFFSET + LIMIT); 0: every row
  };

  SelectBuffer(QueryMemory* memory, Shape shape);

  absl::Status Add(SortRow row);
  // Whether a row with sort keys `keys` would be dropped by Add: ORDER BY ... LIMIT without
  // DISTINCT, and `keys` do not sort before the last of the OFFSET + LIMIT rows already
  // kept (ExternalSorter::cutoff). The caller may then skip computing the row.
  bool SortsAfterKept(const std::vector<Value>& keys) const;
  // Emits the rows in result order; the buffer gives its memory back first (the consumer
  // charges what it keeps). Call once, after the last Add.
  absl::Status Drain(const ExternalSorter::Emit& emit);

 private:
  bool sorted() const { return shape_.order != nullptr && !shape_.order->empty(); }
  // The first sort key of a row, for sorts that compare its prefixes first (sort_prefix.h);
  // empty when not sorted.
  FirstSortKey FirstKey() const;
  void SetFirstKey(ExternalSorter::Options* options) const;
  bool KeysLess(const SortRow& a, const SortRow& b) const {
    return KeysLess(a.keys, b.keys);
  }
  bool KeysLess(const std::vector<Value>& a, const std::vector<Value>& b) const;
  bool KeysEqual(const SortRow& a, const SortRow& b) const;
  // Whether every output is one of the sort keys (equal keys mean equal rows).
  bool KeysNameEveryOutput() const;
  // Sorts rows_ and drops each row equal to the one before it (giving back its charge).
  void SortAndDropRepeats();
  // Ends repeats_after_sort_: drops the repeats held, then remembers every row in seen_
  // (or moves to a sorter when their copies do not fit).
  absl::Status StopKeepingRepeats();
  // Whether equal rows have equal sort keys (each key an output column, or computed from
  // output columns alone), so that a sort by (keys, values) puts repeated rows together.
  bool KeysFollowValues() const;
  absl::Status MoveToSorter(bool distinct);

  QueryMemory* const memory_;
  const Shape shape_;
  MemoryCharge charge_;
  std::vector<SortRow> rows_;                         // in memory, in production order
  std::set<std::vector<Value>, TupleLess> seen_;      // DISTINCT in memory
  // DISTINCT by KeysNameEveryOutput: rows_ may hold repeats, dropped by the sort (seen_ is
  // not used while it is set).
  bool repeats_after_sort_ = false;
  std::unique_ptr<ExternalSorter> sorter_;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_SELECT_BUFFER_H_
