// The target's end of one Clone.Snapshot call (docs/clone-protocol.md, "Messages"), without
// deciding where the files go: a clone or a backup writes them into a staging directory
// (clone_receiver.h), a streamed backup into a tar stream (backup/tar_backup_writer.h).
//
// ReadSnapshot checks the stream's order (the manifest first, nothing after Done) and hands
// every message to the consumer, a chunk's bytes without copying them (chunk_wire.h); the first consumer error cancels the call and is returned.
// Otherwise the call's own status (proto/status_mapping.h), or DATA_LOSS when the stream
// ended without Done. The consumer's checks of each file (gaps, sizes, checksums) are its own.
//
// Thread safety: ReadSnapshot blocks its thread; `context` may be cancelled from another.
#ifndef ORDINAL_REPLICATION_SNAPSHOT_READER_H_
#define ORDINAL_REPLICATION_SNAPSHOT_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>

#include "absl/status/status.h"
#include "ordinal/v1/clone.pb.h"

namespace ordinal::replication {

// A chunk's payload as it arrived: pieces of the received message (no copy of the bytes is
// made on the way). They stay valid while `owner` is held; a consumer that keeps them past
// the OnChunk call that gets them keeps a copy of `owner`. Without an owner (a chunk parsed
// as a protobuf message) they are valid only during that call.
struct ChunkData {
  std::vector<std::string_view> pieces;
  uint64_t size = 0;  // the sum of the pieces' sizes
  std::shared_ptr<const void> owner;

  void clear() {
    pieces.clear();
    size = 0;
    owner.reset();
  }
};

// A FileChunk (clone.proto) whose data refers to the received bytes.
struct ReceivedChunk {
  uint32_t file_index = 0;
  uint64_t offset = 0;
  ChunkData data;
};

// A view of `chunk` (its data must outlive the result).
ReceivedChunk ChunkView(const ordinal::v1::FileChunk& chunk);

class SnapshotConsumer {
 public:
  virtual ~SnapshotConsumer() = default;
  virtual absl::Status OnManifest(const ordinal::v1::Manifest& manifest) = 0;
  virtual absl::Status OnChunk(const ReceivedChunk& chunk) = 0;
  virtual absl::Status OnFileEnd(const ordinal::v1::FileEnd& end) = 0;
};

struct SnapshotCall {
  std::string source_address;  // host:port
  std::string user = "root";
  std::string password;
  // Transport credentials; nullptr means insecure (plain TCP).
  std::shared_ptr<grpc::ChannelCredentials> channel_credentials;
  ordinal::v1::SnapshotRequest request;
};

absl::Status ReadSnapshot(const SnapshotCall& call, grpc::ClientContext& context,
                          SnapshotConsumer& consumer);

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_SNAPSHOT_READER_H_
