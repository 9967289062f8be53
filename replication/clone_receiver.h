// One Snapshot stream's messages written into the clone's staging directory
// (docs/clone-protocol.md): the target's half of the file transfer, without the network.
//
// Usage per attempt: Resume() (keeps the verified files of an interrupted attempt, or makes
// a fresh staging directory), offer the returned files to the source, then feed the stream:
// OnManifest once, OnChunk for every chunk, OnFileEnd after each file's last chunk, OnDone
// at the end. Each file is hashed as its chunks are written (their writeback starts at
// once) and checked at its FileEnd: exact size and XXH3-64 against the FileEnd's checksum
// (DATA_LOSS and the file deleted on a mismatch), then fsynced and recorded in the marker
// as verified. OnDone checks that every
// file arrived and fsyncs the directory. Any protocol violation (an unknown file index, a
// gap, an overrun, an unsafe name) is DATA_LOSS: the attempt is abandoned and retried.
//
// Thread safety: one thread at a time.
#ifndef ORDINAL_REPLICATION_CLONE_RECEIVER_H_
#define ORDINAL_REPLICATION_CLONE_RECEIVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ordinal/v1/clone.pb.h"
#include "replication/clone_install.h"

namespace ordinal::replication {

class CloneReceiver {
 public:
  // Called after every chunk is written (`bytes` of payload) and when a file is verified.
  using OnWritten = std::function<void(uint64_t bytes, bool file_verified)>;

  CloneReceiver(ClonePaths paths, OnWritten on_written);
  ~CloneReceiver();  // closes an unfinished file (it stays unverified in staging)

  CloneReceiver(const CloneReceiver&) = delete;
  CloneReceiver& operator=(const CloneReceiver&) = delete;

  // The verified files of an interrupted attempt (each re-checked on disk: size and
  // checksum), or none after creating a fresh staging directory.
  absl::StatusOr<std::vector<StagedFile>> Resume();

  absl::Status OnManifest(const ordinal::v1::Manifest& manifest);
  absl::Status OnChunk(const ordinal::v1::FileChunk& chunk);
  absl::Status OnFileEnd(const ordinal::v1::FileEnd& end);
  absl::Status OnDone();

  const ordinal::v1::Manifest& manifest() const { return manifest_; }

 private:
  struct OpenFile;

  absl::Status ValidateManifest(const ordinal::v1::Manifest& manifest) const;
  // Deletes everything in staging but the marker and the files kept for this manifest.
  absl::Status RemoveUnwanted(const std::vector<StagedFile>& keep);
  absl::Status StartFile(uint32_t index);
  // Verifies the open, complete file against `checksum`, fsyncs it, records it.
  absl::Status FinishFile(uint64_t checksum);
  void AbandonFile();
  // The first index >= `from` that the source will send (files_size() when none).
  uint32_t NextSentIndex(uint32_t from) const;

  const ClonePaths paths_;
  const OnWritten on_written_;
  std::vector<StagedFile> resumed_;
  ordinal::v1::Manifest manifest_;
  bool have_manifest_ = false;
  uint32_t next_index_ = 0;  // the next file the stream must start
  std::unique_ptr<OpenFile> open_;  // the file being received, if any
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_RECEIVER_H_
