// The source side of a clone (docs/clone-protocol.md): serves one Snapshot per call from a
// fresh checkpoint of the local Database, whatever its role (a primary's copy is at its own
// newest position, a replica's at its applied position).
//
// Serve makes the checkpoint in a directory of its own under `scratch_dir`, sends the
// Manifest (every file's size; the checksum only of the table files the request already
// holds, which are skipped), then each file in chunks of at most `chunk_bytes` under the
// shared bandwidth limit followed by a FileEnd with the XXH3-64 of the bytes it read (each
// file is read once, hashed as it is read, on reader threads ahead of the sending:
// clone_chunk_reader.h; up to the request's files_in_flight files at once), then Done. The checkpoint is removed when
// Serve returns, however the transfer ended (done, receiver gone, error, Shutdown). At
// construction, checkpoints left under `scratch_dir` by an earlier process are removed.
//
// Errors (Serve's status): RESOURCE_EXHAUSTED when `max_concurrent_clones` are already being
// served; UNAVAILABLE when shutting down or when the database has nothing to copy yet (a
// replica without history); INVALID_ARGUMENT for a request with an unsafe file name;
// CANCELLED when the receiver went away; INTERNAL for checkpoint or file errors.
//
// Ownership: references the Database, which must outlive the CloneSource.
// Thread safety: thread-safe; Serve runs concurrently on gRPC's threads.
#ifndef ORDINAL_REPLICATION_CLONE_SOURCE_H_
#define ORDINAL_REPLICATION_CLONE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/roles.h"
#include "ordinal/v1/clone.pb.h"
#include "replication/chunk_wire.h"
#include "replication/clone_chunk_reader.h"
#include "replication/clone_token_bucket.h"

namespace ordinal::replication {

struct CloneSourceOptions {
  // Where checkpoints are made while they are served; created when missing. Must be a
  // directory used for nothing else (leftover "checkpoint-*" entries are deleted), outside
  // the RocksDB directory, and on its filesystem so table files are hard links, not copies.
  std::string scratch_dir;
  // Clones served at once; more get RESOURCE_EXHAUSTED.
  int max_concurrent_clones = 2;
  // Bandwidth shared by all clones, in bytes per second (--clone_rate_limit_mb); 0 means
  // unlimited.
  uint64_t rate_limit_bytes_per_second = 0;
  // Largest chunk payload; a chunk is also at most what the request accepts
  // (SnapshotRequest.max_chunk_bytes; 1 MiB for a requester that does not say). 1 MiB
  // measured better than 4 MiB: a chunk that fits the core's cache is read, hashed and
  // serialized without going to memory in between.
  size_t chunk_bytes = 1 << 20;
  // Most files read and sent at once to one requester, also when it accepts more
  // (SnapshotRequest.files_in_flight; one for a requester that does not say).
  int max_files_in_flight = 8;
  // With several files in flight, read the checkpoint's files with O_DIRECT
  // (clone_chunk_reader.h): they are mostly not in the page cache, and a direct read saves
  // the kernel's copy out of it (--clone_source_reads).
  bool direct_reads = true;
  // How often an ongoing transfer logs its progress.
  absl::Duration progress_log_interval = absl::Seconds(5);
  // Test-only fault hook: sees every chunk just before it is sent, after its bytes were
  // hashed for the file's FileEnd, and may change them (to test the target's verification).
  std::function<void(ordinal::v1::FileChunk&)> test_only_mutate_chunk;
};

// For metrics.
struct CloneSourceCounters {
  uint64_t bytes_sent = 0;       // chunk payload bytes, all clones
  uint64_t clones_served = 0;    // transfers that sent Done
  uint64_t clones_failed = 0;    // transfers that started and did not finish
  uint64_t clones_refused = 0;   // RESOURCE_EXHAUSTED answers
  int active = 0;                // transfers in progress now
};

class CloneSource {
 public:
  // Delivers one message to the receiver; false when the receiver is gone.
  using Send = std::function<bool(const ordinal::v1::SnapshotChunk&)>;
  // Delivers a SnapshotChunk holding FileChunk{file_index, offset, data}, the same bytes on
  // the wire as Send of that message, without copying `data`: the transport gives the
  // buffer back through `release` when it is done with it (chunk_wire.h). False when the
  // receiver is gone.
  using SendChunk = std::function<bool(uint32_t file_index, uint64_t offset, ChunkBuffer data,
                                       ReleaseChunkBuffer release)>;
  // Whether the receiver cancelled the call.
  using Cancelled = std::function<bool()>;

  CloneSource(engine::Snapshotter& db, CloneSourceOptions options);
  ~CloneSource();  // Shutdown()s and waits for the transfers to end

  CloneSource(const CloneSource&) = delete;
  CloneSource& operator=(const CloneSource&) = delete;

  // Serves one snapshot (see the file comment); returns when the transfer ended and its
  // checkpoint is removed. File chunks go through `send_chunk` when it is set (and no test
  // hook needs the message), everything else through `send`.
  absl::Status Serve(const ordinal::v1::SnapshotRequest& request, const Send& send,
                     const Cancelled& cancelled, const SendChunk& send_chunk = {});

  // Ends every transfer promptly and refuses new ones (UNAVAILABLE). Idempotent.
  void Shutdown();

  // Waits until no transfer is in progress; false when `deadline` passed first.
  bool WaitUntilIdle(absl::Time deadline);

  CloneSourceCounters counters() const;

 private:
  struct Transfer;

  absl::Status Admit(const ordinal::v1::SnapshotRequest& request);
  void Release(bool served);
  // Makes the checkpoint and sends everything; the caller removes the checkpoint.
  absl::Status ServeCheckpoint(Transfer& transfer, const std::string& dir);
  // Sends every file not skipped (chunks and FileEnds), read ahead by a CloneChunkReader.
  absl::Status SendFiles(Transfer& transfer, const std::string& dir);
  // Sends one chunk read by `reader` after the bandwidth limit allows it.
  absl::Status SendOneChunk(Transfer& transfer, CloneChunkReader& reader,
                            CloneChunkReader::Item& item, ordinal::v1::SnapshotChunk& message);
  // Waits `delay` unless the transfer should end; false when it should.
  bool Throttle(Transfer& transfer, absl::Duration delay);
  absl::Status CheckContinue(const Transfer& transfer) const;
  void LogProgress(Transfer& transfer, bool force);
  std::string NewCheckpointDir();
  void RemoveStaleCheckpoints();

  engine::Snapshotter& db_;
  const CloneSourceOptions options_;
  TokenBucket bucket_;

  mutable absl::Mutex mu_;
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 0;
  CloneSourceCounters counters_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_SOURCE_H_
