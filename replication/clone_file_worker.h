// Writes one file of a clone's stream on a thread of its own (docs/clone-protocol.md,
// "Target steps"): the thread that reads the stream only checks each chunk's place in the
// file and queues its bytes here; the worker copies them into the file's O_DIRECT blocks
// (direct_file_writer.h) and hashes them (XXH3-64) in the same pass, a slice at a time while
// the slice is in the core's cache. With several files in flight their workers run side by
// side, and the stream's thread goes back to reading while they copy.
//
// Usage: Add the file's bytes in order, End after the last, then Wait for the checksum of
// every byte added (the file is then written, Finish'ed, and its descriptor can be taken
// with Release). The caller compares the checksum with the FileEnd's: a file counts only
// after that.
//
// Memory: Add waits while `max_queued_bytes` or more of received bytes are queued or being
// written (so they stay under that plus one chunk), which slows the stream's reading, and
// so the sender, through gRPC's flow control.
//
// Errors: a write error (INTERNAL, from the writer) is kept; Add returns it from then on,
// the rest of the queue is dropped, and Wait returns it.
// Ownership: owns the writer (and so the file's descriptor until Release) and its thread.
// The destructor drops what is still queued and waits for the thread; the file stays as far
// as it was written (the caller deletes an unverified file).
// Thread safety: Add, End, Wait, done and Release from one thread at a time.
#ifndef ORDINAL_REPLICATION_CLONE_FILE_WORKER_H_
#define ORDINAL_REPLICATION_CLONE_FILE_WORKER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "replication/direct_file_writer.h"
#include "replication/snapshot_reader.h"

namespace ordinal::replication {

class CloneFileWorker {
 public:
  CloneFileWorker(std::unique_ptr<DirectFileWriter> writer, size_t max_queued_bytes);
  ~CloneFileWorker();

  CloneFileWorker(const CloneFileWorker&) = delete;
  CloneFileWorker& operator=(const CloneFileWorker&) = delete;

  // Queues `data`, the file's next bytes. Its pieces are kept valid by holding `data.owner`;
  // without an owner they are copied first. Returns the first write error, if any.
  absl::Status Add(const ChunkData& data);
  // The last byte was added: the worker writes what is left and sets the file's size.
  void End();
  // True when End's work is over (Wait then returns at once).
  bool done();
  // Waits for End's work: the XXH3-64 of every byte added, or the first error.
  absl::StatusOr<uint64_t> Wait();
  // The file's descriptor, owned by the caller from now on (after a successful Wait).
  int Release() { return writer_->Release(); }

 private:
  void Run();
  // Copies and hashes one queued chunk (on the worker's thread, without the lock).
  absl::Status Write(const ChunkData& data);

  const std::unique_ptr<DirectFileWriter> writer_;
  const size_t max_queued_bytes_;
  struct HashState;
  const std::unique_ptr<HashState> hash_;  // used by the worker's thread only

  absl::Mutex mu_;
  std::deque<ChunkData> queue_ ABSL_GUARDED_BY(mu_);
  size_t queued_bytes_ ABSL_GUARDED_BY(mu_) = 0;  // in queue_ and in the chunk being written
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  uint64_t checksum_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;  // last: started when everything above is ready
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_FILE_WORKER_H_
