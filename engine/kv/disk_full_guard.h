// Disk full, for one RocksDB instance (private to engine/kv; docs/memory-and-disk.md).
//
// Every write of the store passes BeforeWrite, which refuses it with DiskFullError
// (common/disk_full.h) while the data volume has less free space than the reserve:
// min(64 MiB, 5% of the volume); kv/free_space_check.h says when a write reuses a recent
// reading of the volume instead of asking it. So a filling volume stops our writes before RocksDB's
// own: the write-ahead log never fails mid-record, and RocksDB keeps room for the flushes
// and compactions it has under way. Reads continue. Writes are accepted again as soon as
// the free space is back over the reserve; nothing needs a restart.
//
// Should RocksDB itself still find the volume full (something else filled it between the
// check and the write, or a background flush), it records a background error with subcode
// NoSpace and refuses writes until it resumes. AfterWrite converts that status to
// DiskFullError too, and once the free space is back over the reserve the next write first
// asks RocksDB to resume (DB::Resume). Known limit: Debian's RocksDB is built with
// assertions, and resuming after a failed WAL append aborts the process in
// WritableFileWriter; the server then restarts and recovers from its WAL, whose torn last
// record is dropped (point-in-time recovery), so nothing acknowledged is lost.
//
// Thread safety: thread-safe. `db` must outlive this object.
#ifndef ORDINAL_ENGINE_KV_DISK_FULL_GUARD_H_
#define ORDINAL_ENGINE_KV_DISK_FULL_GUARD_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "engine/kv/free_space_check.h"
#include "rocksdb/db.h"

namespace ordinal::engine::kv {

class DiskFullGuard {
 public:
  // `data_dir` is on the volume whose free space is checked.
  DiskFullGuard(rocksdb::DB* db, std::string data_dir)
      : db_(db), free_space_(std::move(data_dir)) {}

  // Call before a write of about `write_bytes`. OK when the store accepts writes;
  // DiskFullError (naming `context`) while the volume's free space is under the reserve
  // or RocksDB cannot resume.
  absl::Status BeforeWrite(std::string_view context, uint64_t write_bytes);

  // Converts a write's status (FromRocksStatus) and remembers RocksDB's disk-full.
  absl::Status AfterWrite(const rocksdb::Status& status, std::string_view context);

  // The reserve for a volume of `total_bytes`: min(64 MiB, 5%).
  static uint64_t ReserveBytes(uint64_t total_bytes) {
    return FreeSpaceCheck::ReserveBytes(total_bytes);
  }

 private:
  // Clears RocksDB's background error after a disk-full; DiskFullError while it cannot.
  absl::Status Resume(std::string_view context);

  rocksdb::DB* const db_;
  FreeSpaceCheck free_space_;
  std::atomic<bool> rocks_full_{false};  // RocksDB reported NoSpace, not resumed since
  absl::Mutex resume_mu_;                // one DB::Resume at a time
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_DISK_FULL_GUARD_H_
