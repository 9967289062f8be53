// One Snapshot stream's messages written into the clone's staging directory
// (docs/clone-protocol.md): the target's half of the file transfer, without the network.
//
// Usage per attempt: Resume() (keeps the verified files of an interrupted attempt, or makes
// a fresh staging directory), offer the returned files to the source, then feed the stream:
// OnManifest once, OnChunk for every chunk, OnFileEnd after each file's last chunk, OnDone
// at the end; with files_in_flight > 1 the chunks of up to that many started files may be
// interleaved (each file's own chunks in offset order).
//
// The calling thread only checks each chunk's place and hands its bytes to the file's
// worker (clone_file_worker.h), which copies them into the file's O_DIRECT blocks and hashes
// them on a thread of its own; at most files_in_flight + 1 workers run at once (a file
// whose FileEnd came may still be finishing). A file is checked when its worker is done:
// exact size and XXH3-64 against the FileEnd's checksum; a mismatch is DATA_LOSS, returned
// by the next call (OnChunk, OnFileEnd, WaitDurable or OnDone), and the file is deleted.
// A verified file is then fsynced and recorded in the marker by a background thread
// (clone_file_syncer.h), so the stream never waits for the disk. OnDone checks every file
// and that every file arrived, waits until every file is durable and recorded, and fsyncs
// the directory; WaitDurable checks and waits for the files ended so far. Any protocol
// violation (an unknown file index, a gap, an overrun, an unsafe name) is DATA_LOSS: the
// attempt is abandoned and retried.
//
// Thread safety: one thread at a time.
#ifndef ORDINAL_REPLICATION_CLONE_RECEIVER_H_
#define ORDINAL_REPLICATION_CLONE_RECEIVER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ordinal/v1/clone.pb.h"
#include "replication/clone_file_syncer.h"
#include "replication/clone_install.h"
#include "replication/direct_file_writer.h"
#include "replication/snapshot_reader.h"

namespace ordinal::replication {

class CloneReceiver final : public SnapshotConsumer {
 public:
  // Called after every chunk is written (`bytes` of payload) and when a file is verified.
  using OnWritten = std::function<void(uint64_t bytes, bool file_verified)>;

  // `files_in_flight`: how many started, not yet ended files the stream may interleave
  // (what the request told the source, SnapshotRequest.files_in_flight); 1 means one file
  // at a time.
  CloneReceiver(ClonePaths paths, OnWritten on_written, int files_in_flight = 1);
  ~CloneReceiver() override;  // closes an unfinished file (it stays unverified in staging)

  CloneReceiver(const CloneReceiver&) = delete;
  CloneReceiver& operator=(const CloneReceiver&) = delete;

  // The verified files of an interrupted attempt (each re-checked on disk: size and
  // checksum), or none after creating a fresh staging directory.
  absl::StatusOr<std::vector<StagedFile>> Resume();

  absl::Status OnManifest(const ordinal::v1::Manifest& manifest) override;
  absl::Status OnChunk(const ReceivedChunk& chunk) override;
  absl::Status OnChunk(const ordinal::v1::FileChunk& chunk) { return OnChunk(ChunkView(chunk)); }
  absl::Status OnFileEnd(const ordinal::v1::FileEnd& end) override;
  absl::Status OnDone();

  // Verifies every file whose FileEnd came (DATA_LOSS on a mismatch) and waits until each
  // is fsynced and listed in the marker.
  absl::Status WaitDurable();

  const ordinal::v1::Manifest& manifest() const { return manifest_; }

 private:
  struct OpenFile;

  absl::Status ValidateManifest(const ordinal::v1::Manifest& manifest) const;
  // Deletes everything in staging but the marker and the files kept for this manifest.
  absl::Status RemoveUnwanted(const std::vector<StagedFile>& keep);
  // Opens file `index` for writing; DATA_LOSS when the stream may not start it now.
  absl::Status StartFile(uint32_t index);
  // Verifies the ended files whose workers are done (with `wait`: at least the oldest,
  // waiting for it); a failed one is deleted and its error returned.
  absl::Status VerifyEnded(bool wait);
  absl::Status VerifyAllEnded();
  // Waits for an ended file's worker, checks its checksum, hands it to the syncer.
  absl::Status FinishFile(OpenFile& open);
  // Closes and deletes an unverified file.
  void AbandonFile(uint32_t index);

  const ClonePaths paths_;
  const OnWritten on_written_;
  std::vector<StagedFile> resumed_;
  ordinal::v1::Manifest manifest_;
  bool have_manifest_ = false;
  const int files_in_flight_;
  std::vector<bool> started_;  // per manifest file: its first chunk arrived (or skipped)
  uint32_t next_index_ = 0;  // with one file in flight: the next file the stream must start
  uint32_t files_left_ = 0;  // files to be sent that have not ended yet
  // The blocks of the files' writers, reused from file to file (direct_file_writer.h).
  DirectBlockPool blocks_;
  std::map<uint32_t, std::unique_ptr<OpenFile>> open_;  // files being received, by index
  std::deque<std::unique_ptr<OpenFile>> ending_;  // FileEnd came, not verified yet, in order
  CloneFileSyncer syncer_;  // declared last: destroyed (drained) first
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_RECEIVER_H_
