// The target's end of one Clone.Snapshot call (docs/clone-protocol.md, "Messages"), without
// deciding where the files go: a clone or a backup writes them into a staging directory
// (clone_receiver.h), a streamed backup into a tar stream (backup/tar_backup_writer.h).
//
// ReadSnapshot checks the stream's order (the manifest first, nothing after Done) and hands
// every message to the consumer; the first consumer error cancels the call and is returned.
// Otherwise the call's own status (proto/status_mapping.h), or DATA_LOSS when the stream
// ended without Done. The consumer's checks of each file (gaps, sizes, checksums) are its own.
//
// Thread safety: ReadSnapshot blocks its thread; `context` may be cancelled from another.
#ifndef ORDINAL_REPLICATION_SNAPSHOT_READER_H_
#define ORDINAL_REPLICATION_SNAPSHOT_READER_H_

#include <memory>
#include <string>

#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>

#include "absl/status/status.h"
#include "ordinal/v1/clone.pb.h"

namespace ordinal::replication {

class SnapshotConsumer {
 public:
  virtual ~SnapshotConsumer() = default;
  virtual absl::Status OnManifest(const ordinal::v1::Manifest& manifest) = 0;
  virtual absl::Status OnChunk(const ordinal::v1::FileChunk& chunk) = 0;
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
