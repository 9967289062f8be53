#include "engine/kv/scan_flush_trigger.h"

#include <pthread.h>

#include "rocksdb/options.h"

namespace ordinal::engine::kv {

ScanFlushTrigger::ScanFlushTrigger(rocksdb::DB* db, ScanFlushOptions options)
    : db_(db), policy_(options), worker_([this] { Run(); }) {}

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

bool ScanFlushTrigger::FlushPending() const {
  uint64_t unflushed = 0;
  return db_->GetIntProperty(rocksdb::DB::Properties::kNumImmutableMemTable, &unflushed) &&
         unflushed > 0;
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
    // A memtable that still waits for its flush holds the steps too; switching the
    // active one as well would only make a smaller table file.
    if (FlushPending()) continue;
    rocksdb::FlushOptions flush;
    flush.wait = true;                // one flush at a time, and none left at shutdown
    flush.allow_write_stall = true;   // a flush asked for by reads never waits for writes
    // A failed flush leaves the memtable as it was: reads stay as slow as before, and a
    // background error it raised reaches the next write (kv/disk_full_guard.h).
    db_->Flush(flush).PermitUncheckedError();
  }
}

}  // namespace ordinal::engine::kv
