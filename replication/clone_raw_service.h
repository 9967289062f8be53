// The Clone service (proto/ordinal/v1/clone.proto) with its Snapshot replies written as raw
// bytes (docs/clone-protocol.md, "Messages"): the request is parsed as the usual protobuf,
// but a file chunk goes out as a framing slice plus the chunk's own buffer
// (chunk_wire.h), which saves protobuf's copy of every byte the source sends. The bytes on
// the wire are the ones the generated service would write, so receivers cannot tell.
//
// gRPC's sync API has no raw server method of its own; this registers the method under its
// usual name with gRPC's streaming handler over grpc::ByteBuffer, as the generated code
// does for the message types.
//
// Thread safety: gRPC calls Snapshot concurrently; a SnapshotWriter belongs to its call.
#ifndef ORDINAL_REPLICATION_CLONE_RAW_SERVICE_H_
#define ORDINAL_REPLICATION_CLONE_RAW_SERVICE_H_

#include <cstdint>
#include <string>

#include <grpcpp/impl/service_type.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/status.h>
#include <grpcpp/support/sync_stream.h>

#include "ordinal/v1/clone.pb.h"
#include "replication/chunk_wire.h"

namespace ordinal::replication {

// The reply stream of one Snapshot call. Each write blocks until gRPC has taken the message
// (flow control); false when the call is over (the receiver went away).
class SnapshotWriter {
 public:
  explicit SnapshotWriter(grpc::ServerWriter<grpc::ByteBuffer>* writer) : writer_(writer) {}

  // Any message, serialized by protobuf.
  bool Write(const ordinal::v1::SnapshotChunk& message);
  // A FileChunk without copying `data` (EncodeChunkMessage).
  bool WriteChunk(uint32_t file_index, uint64_t offset, ChunkBuffer data,
                  ReleaseChunkBuffer release);

 private:
  grpc::ServerWriter<grpc::ByteBuffer>* const writer_;
};

class CloneRawService : public grpc::Service {
 public:
  CloneRawService();

  // One call with its request parsed; INVALID_ARGUMENT already answered for bytes that are
  // no SnapshotRequest.
  virtual grpc::Status Snapshot(grpc::ServerContext* context,
                                const ordinal::v1::SnapshotRequest& request,
                                SnapshotWriter& writer) = 0;

 private:
  grpc::Status RawSnapshot(grpc::ServerContext* context, const grpc::ByteBuffer* request,
                           grpc::ServerWriter<grpc::ByteBuffer>* writer);
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_RAW_SERVICE_H_
