// Disk full, for one RocksDB instance (private to engine/kv; docs/memory-and-disk.md).
//
// When a write finds the volume full (a WAL append, or a memtable flush behind it), RocksDB
// records a background error with subcode NoSpace and refuses every later write until it
// resumes: by itself, through its SstFileManager's recovery (which polls the free space),
// or when asked with DB::Resume(). Reads continue throughout. This class turns that into
// the project's vocabulary: the failed write returns DiskFullError (common/disk_full.h),
// and the first write after a disk-full first asks RocksDB to resume, so writes succeed
// again as soon as space is freed, without a restart. A write that failed left nothing
// behind: RocksDB inserts a batch into the memtable only after its WAL append succeeded,
// and on resume it flushes the memtables and starts a new WAL file, so a torn WAL record
// is never followed by another.
//
// Thread safety: thread-safe. `db` must outlive this object.
#ifndef ORDINAL_ENGINE_KV_NO_SPACE_RECOVERY_H_
#define ORDINAL_ENGINE_KV_NO_SPACE_RECOVERY_H_

#include <atomic>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"

namespace ordinal::engine::kv {

class NoSpaceRecovery {
 public:
  explicit NoSpaceRecovery(rocksdb::DB* db) : db_(db) {}

  // Call before a write. OK when the store accepts writes. After a disk-full, asks RocksDB
  // to resume; DiskFullError (naming `context`) while it cannot (still no space, or its own
  // recovery is under way).
  absl::Status BeforeWrite(std::string_view context);

  // Converts a write's status (FromRocksStatus) and remembers a disk-full for BeforeWrite.
  absl::Status AfterWrite(const rocksdb::Status& status, std::string_view context);

  // Whether the last write found the volume full and no resume has succeeded since.
  bool full() const { return full_.load(std::memory_order_acquire); }

 private:
  rocksdb::DB* const db_;
  std::atomic<bool> full_{false};
  absl::Mutex resume_mu_;  // one DB::Resume at a time
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_NO_SPACE_RECOVERY_H_
