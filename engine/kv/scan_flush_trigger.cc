#include "engine/kv/scan_flush_trigger.h"

#include <pthread.h>

#include <string>
#include <vector>

#include "rocksdb/metadata.h"
#include "rocksdb/options.h"

namespace ordinal::engine::kv {

ScanFlushTrigger::ScanFlushTrigger(rocksdb::DB* db, DiskFullGuard& disk_full,
                                   ScanFlushOptions options)
    : db_(db),
      disk_full_(disk_full),
      options_(options),
      policy_(options),
      worker_([this] { Run(); }) {}

ScanFlushTrigger::~ScanFlushTrigger() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  worker_.join();
}

void ScanFlushTrigger::Report(uint64_t rows, uint64_t memtable_steps) {
  absl::MutexLock lock(&mu_);
  if (policy_.Add(rows, memtable_steps, absl::Now())) requested_ = true;
}

bool ScanFlushTrigger::MayFlush() {
  uint64_t unflushed = 0;
  if (db_->GetIntProperty(rocksdb::DB::Properties::kNumImmutableMemTable, &unflushed) &&
      unflushed > 0) {
    return false;
  }
  uint64_t bytes = 0;  // stays 0 should RocksDB not know it
  db_->GetIntProperty(rocksdb::DB::Properties::kCurSizeActiveMemTable, &bytes);
  return disk_full_.BeforeWrite("flush for range reads", bytes).ok();
}

void ScanFlushTrigger::Run() {
  pthread_setname_np(pthread_self(), "ordinald-flush");  // as seen in top and profiles
  auto has_work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return requested_ || stopping_; };
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(&has_work));
      if (stopping_) return;
      requested_ = false;
    }
    if (!MayFlush()) continue;
    rocksdb::FlushOptions flush;
    flush.wait = true;                // one flush at a time, and none left at shutdown
    flush.allow_write_stall = true;   // a flush asked for by reads never waits for writes
    // A failed flush leaves its memtable unflushed: reads stay as slow as before, and the
    // background error it raised reaches the next write (kv/disk_full_guard.h).
    db_->Flush(flush).PermitUncheckedError();
    MergeLevel0();
  }
}

void ScanFlushTrigger::MergeLevel0() {
  rocksdb::ColumnFamilyMetaData meta;
  db_->GetColumnFamilyMetaData(&meta);
  if (meta.levels.empty()) return;
  const rocksdb::LevelMetaData& level0 = meta.levels[0];
  uint64_t base_bytes = 0;  // level 0 compacts into the first level below that is not empty
  for (size_t level = 1; level < meta.levels.size() && base_bytes == 0; ++level) {
    base_bytes = meta.levels[level].size;
  }
  if (!ShouldMergeLevel0(level0.files.size(), level0.size, base_bytes, options_)) return;
  std::vector<std::string> names;
  for (const rocksdb::SstFileMetaData& file : level0.files) {
    if (file.being_compacted) return;  // RocksDB's own compaction has them
    names.push_back(file.name);
  }
  if (!disk_full_.BeforeWrite("merge level 0", level0.size).ok()) return;
  rocksdb::CompactionOptions merge;
  merge.compression = rocksdb::kDisableCompressionOption;  // the column family's, as flushes
  // A merge that fails leaves its input files as they were: RocksDB's compaction picked
  // them meanwhile, or the write failed (a background error that reaches the next write).
  db_->CompactFiles(merge, names, /*output_level=*/0).PermitUncheckedError();
}

}  // namespace ordinal::engine::kv
