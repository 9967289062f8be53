// When range reads ask for a flush of the active memtable (private to engine/kv; used by
// kv/scan_flush_trigger.h, which says why).
//
// Sampled iterators report how many rows their Next calls returned and how many memtable
// entries those calls visited. The policy sums the reports; once the sums hold
// `window_rows` rows it decides and starts a new window: a flush is due when the entries
// visited reach `steps_per_row` per row and no flush was due in the last interval. The
// interval is `min_interval` while flushes help: a window below the mark since the last
// flush was due shows that it did. Otherwise (an old snapshot still needs the versions, so
// a flush keeps them) the interval doubles, up to `max_interval`.
//
// Thread safety: none; the caller serializes calls.
#ifndef ORDINAL_ENGINE_KV_SCAN_FLUSH_POLICY_H_
#define ORDINAL_ENGINE_KV_SCAN_FLUSH_POLICY_H_

#include <algorithm>
#include <cstdint>

#include "absl/time/time.h"

namespace ordinal::engine::kv {

struct ScanFlushOptions {
  // Rows summed before each decision.
  uint64_t window_rows = 1024;
  // Memtable entries visited per row returned at which a flush is due. A row stored once
  // in the memtables costs about one; one not in them, none.
  double steps_per_row = 3.0;
  // Least time between two flushes due (each makes a table file in level 0, and every
  // few of them a compaction into the level below).
  absl::Duration min_interval = absl::Seconds(2);
  // The longest interval, after flushes that did not help.
  absl::Duration max_interval = absl::Minutes(1);
  // After such a flush, the table files of level 0 are merged into one while they hold at
  // most 1 / level0_merge_ratio of the bytes of the level they compact into, and at most
  // level0_merge_max_bytes (ShouldMergeLevel0).
  uint64_t level0_merge_ratio = 8;
  uint64_t level0_merge_max_bytes = 8ull << 20;
};

// Whether level 0's table files (`level0_files` of them, `level0_bytes` in all, none being
// compacted) should be merged into one file of level 0, with `base_bytes` in the level below
// that level 0 compacts into (the first one not empty). Every file of level 0 is a sorted run
// of its own, so a range read over a row written between flushes steps over one version of
// it per file; merged, one. While level 0 is small against the base level, the merge
// rewrites far fewer bytes than the compaction into the base level that RocksDB starts at 4
// files (which rewrites the base files the rows overlap: for rows spread over the key space,
// all of them). Once it is not, or past `options.level0_merge_max_bytes` (each merge rewrites
// all of level 0), files gather again and that compaction takes them.
inline bool ShouldMergeLevel0(uint64_t level0_files, uint64_t level0_bytes, uint64_t base_bytes,
                              const ScanFlushOptions& options) {
  if (level0_files < 2 || options.level0_merge_ratio == 0) return false;
  return level0_bytes <= base_bytes / options.level0_merge_ratio &&
         level0_bytes <= options.level0_merge_max_bytes;
}

class ScanFlushPolicy {
 public:
  explicit ScanFlushPolicy(ScanFlushOptions options)
      : options_(options), interval_(options.min_interval) {}

  // Adds one sampled iterator's figures, at time `now`. True: a flush is due now.
  bool Add(uint64_t rows, uint64_t memtable_steps, absl::Time now) {
    rows_ += rows;
    steps_ += memtable_steps;
    if (rows_ < options_.window_rows) return false;
    const bool crowded =
        static_cast<double>(steps_) >= options_.steps_per_row * static_cast<double>(rows_);
    rows_ = 0;
    steps_ = 0;
    if (!crowded) {
      calm_since_due_ = true;
      return false;
    }
    if (now - last_due_ < interval_) return false;
    interval_ = calm_since_due_ ? options_.min_interval
                                : std::min(interval_ * 2, options_.max_interval);
    calm_since_due_ = false;
    last_due_ = now;
    return true;
  }

 private:
  const ScanFlushOptions options_;
  uint64_t rows_ = 0;   // in the current window
  uint64_t steps_ = 0;  // in the current window
  absl::Time last_due_ = absl::InfinitePast();
  absl::Duration interval_;       // least time from last_due_ to the next flush due
  bool calm_since_due_ = true;    // a window below the mark since last_due_
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_SCAN_FLUSH_POLICY_H_
