// Makes the verified files of a clone durable off the receiving thread
// (docs/clone-protocol.md, "Target steps"): a file whose checksum matched is handed over
// with its open descriptor; a background thread fsyncs it (its writeback was started while
// it was written, so this mostly waits for the disk), closes it, and then records it in the
// staging marker, several files per marker write and fsync. The receiving thread never
// waits for the disk, and the marker still lists only files that are durable, so a
// resumed clone keeps exactly those.
//
// Errors: the first fsync or marker error is kept; Drain returns it (INTERNAL), and files
// added after it are closed without being recorded (they are sent again by a later attempt).
//
// Ownership: owns the descriptors it is given and its thread; the destructor drains (every
// file already added is synced and recorded, so an interrupted attempt keeps them).
// Thread safety: Add and Drain from one thread at a time (the receiver's).
#ifndef ORDINAL_REPLICATION_CLONE_FILE_SYNCER_H_
#define ORDINAL_REPLICATION_CLONE_FILE_SYNCER_H_

#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "replication/clone_install.h"

namespace ordinal::replication {

class CloneFileSyncer {
 public:
  explicit CloneFileSyncer(ClonePaths paths);
  ~CloneFileSyncer();

  CloneFileSyncer(const CloneFileSyncer&) = delete;
  CloneFileSyncer& operator=(const CloneFileSyncer&) = delete;

  // Takes `fd` (the complete, verified file described by `file`): fsync, close, record.
  void Add(int fd, StagedFile file);

  // Waits until every file added so far is durable and recorded; the first error, if any.
  absl::Status Drain();

 private:
  using Pending = std::vector<std::pair<int, StagedFile>>;
  void Run();
  // Fsyncs, closes and records one batch (on the thread, without the lock).
  absl::Status SyncBatch(Pending& batch);

  const ClonePaths paths_;
  absl::Mutex mu_;
  Pending queue_ ABSL_GUARDED_BY(mu_);
  bool busy_ ABSL_GUARDED_BY(mu_) = false;  // the thread holds a batch
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_FILE_SYNCER_H_
