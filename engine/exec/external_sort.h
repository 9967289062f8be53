// Sorting within a statement's memory bound (docs/memory-and-disk.md, "Spilling to disk").
//
// An ExternalSorter takes rows, charging each to the statement (query_memory.h). When a
// charge fails it sorts what it holds, writes it as a run to a temporary file (spill_file.h),
// gives the memory back and goes on; Drain merges the runs (k-way, at most kMaxFanIn at a
// time, in several passes when there are more). Without a spill directory, or when asked
// not to spill, the failed charge is the statement's error, as for any buffer.
//
// The order is the caller's `less`, and it is stable: rows that `less` calls equal come out
// in the order they were added, exactly as std::stable_sort of the same rows in memory.
// With `keep` > 0 only the first `keep` rows of that order are kept (ORDER BY ... LIMIT: a
// buffer of at most 2 * keep rows, spilling only when even that passes the bound). With
// `distinct`, of rows whose values are equal (TupleLess) only the first is kept; `less` must
// order rows with equal values next to each other.
//
// Thread safety: one statement's, on one thread.
#ifndef ORDINAL_ENGINE_EXEC_EXTERNAL_SORT_H_
#define ORDINAL_ENGINE_EXEC_EXTERNAL_SORT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/exec/query_memory.h"
#include "engine/exec/spill_file.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// A row and the values it sorts by.
struct SortRow {
  std::vector<Value> values;
  std::vector<Value> keys;
};

class ExternalSorter {
 public:
  // A strict weak order of rows.
  using Less = std::function<bool(const SortRow&, const SortRow&)>;
  // Receives the rows in order; false stops the drain.
  using Emit = std::function<absl::StatusOr<bool>(SortRow)>;

  struct Options {
    MemoryUse use = MemoryUse::kSort;  // the error when even one row cannot be held
    size_t keep = 0;                   // 0: every row
    bool distinct = false;
    bool spill = true;                 // false: a full buffer fails the statement
    // When `less` orders rows by sort keys, the first of them deciding first: how to read
    // that key, so that sorts compare its prefixes first (sort_prefix.h). Empty: `less` only.
    std::function<const Value&(const SortRow&)> first_key;
    bool first_key_descending = false;
  };

  static constexpr size_t kMaxFanIn = 16;

  // `memory` may be null (unbounded: nothing is charged, nothing spills).
  ExternalSorter(QueryMemory* memory, Less less, Options options);
  ~ExternalSorter();

  absl::Status Add(SortRow row);
  // Emits every kept row in order. Call once, after the last Add.
  absl::Status Drain(const Emit& emit);

  // Runs written to disk so far.
  size_t runs_written() const { return runs_written_; }

  // With `keep` and without `distinct`: the keep-th row of the order among the rows added so
  // far, once it is known (nullptr before). A row that does not sort before it can never be
  // among the first `keep` (the rows before it came first), so Add drops such a row, and a
  // caller may skip computing it.
  const SortRow* cutoff() const { return cutoff_.has_value() ? &*cutoff_ : nullptr; }

 private:
  struct Run {
    uint64_t begin = 0;
    uint64_t end = 0;
  };
  class Cursor;

  bool CanSpill() const;
  void SortBuffer();
  absl::Status ShrinkToKeep();
  absl::Status SpillBuffer();
  absl::Status Merge(std::vector<std::unique_ptr<Cursor>> cursors, const Emit& emit) const;
  absl::Status MergePass();

  QueryMemory* const memory_;
  const Less less_;
  const Options options_;
  MemoryCharge charge_;
  std::vector<SortRow> buffer_;
  std::unique_ptr<SpillFile> file_;
  std::vector<Run> runs_;
  size_t runs_written_ = 0;
  std::optional<SortRow> cutoff_;  // cutoff()
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_EXTERNAL_SORT_H_
