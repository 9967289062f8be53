// Flushing the active memtable when range reads step over many versions in it (private to
// engine/kv; docs/memory-and-disk.md "Flushes for range reads").
//
// Every update of a key adds a version to the memtable, and the memtable keeps them all
// until it is flushed: a row updated a hundred times since the last flush has a hundred
// entries there. A range read returns the newest visible version of each key and steps
// over the older ones (after 8 steps RocksDB seeks past the rest, which seeks every level
// of the tree). A flush writes one version per key (more only where a live snapshot needs
// them), so after it the same reads step over nothing. The size-triggered flush comes only
// once the memtable is full (64 MiB by default), which for a few hot rows is far too late.
//
// Iterators measure this on a sample (kv/rocks_reads.cc): per row returned, how many
// memtable entries the step to it visited (memtable Next and Seek calls; about 1 for a row
// stored once, 0 for a row not in the memtables). ScanFlushTrigger hands these reports to
// its policy (kv/scan_flush_policy.h: enough entries per row over a window of rows, at most
// once per interval) and, when a flush is due, its worker thread flushes the active
// memtable, unless an earlier memtable still waits for its flush, or the data volume is
// under the disk-full reserve (kv/disk_full_guard.h: the flush is a write too). The
// optimistic commit's conflict check keeps reading flushed memtables as before
// (max_write_buffer_size_to_maintain), so conflicts are found over the same history.
//
// Each such flush makes a table file in level 0, and each file there is one more sorted run
// that range reads merge and step over (a hot row has a version in each). After a flush the
// worker merges level 0's files into one while they are small against the level below
// (ShouldMergeLevel0 in kv/scan_flush_policy.h): cheaper than the compaction into that level
// that RocksDB would start at 4 files, and reads step over one version fewer per file.
//
// Thread safety: Report from any thread. `db` and `disk_full` must outlive the trigger; the
// destructor stops the worker (waiting for a flush or merge under way), so destroy the trigger
// before closing the database.
#ifndef ORDINAL_ENGINE_KV_SCAN_FLUSH_TRIGGER_H_
#define ORDINAL_ENGINE_KV_SCAN_FLUSH_TRIGGER_H_

#include <cstdint>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "engine/kv/disk_full_guard.h"
#include "engine/kv/scan_flush_policy.h"
#include "rocksdb/db.h"

namespace ordinal::engine::kv {

class ScanFlushTrigger {
 public:
  ScanFlushTrigger(rocksdb::DB* db, DiskFullGuard& disk_full, ScanFlushOptions options);
  ~ScanFlushTrigger();
  ScanFlushTrigger(const ScanFlushTrigger&) = delete;
  ScanFlushTrigger& operator=(const ScanFlushTrigger&) = delete;

  // One sampled iterator's figures: `rows` returned by its Next calls, which visited
  // `memtable_steps` memtable entries. Cheap: a lock held for a few additions.
  void Report(uint64_t rows, uint64_t memtable_steps);

 private:
  void Run();

  // Whether the active memtable may be flushed now: no earlier one still waits for its
  // flush (which would hold the steps too), and the volume has room for it.
  bool MayFlush();

  // Merges level 0's table files into one when ShouldMergeLevel0 says so, none of them is
  // being compacted, and the volume has room for the merged file. Runs on the worker.
  void MergeLevel0();

  rocksdb::DB* const db_;
  DiskFullGuard& disk_full_;
  const ScanFlushOptions options_;
  absl::Mutex mu_;
  ScanFlushPolicy policy_ ABSL_GUARDED_BY(mu_);
  bool requested_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread worker_;  // last: started once every other member is ready
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_SCAN_FLUSH_TRIGGER_H_
