#include "replication/clone_service.h"

#include <utility>

#include "proto/status_mapping.h"

namespace ordinal::replication {

CloneService::CloneService(CloneSource& source, Authenticate authenticate)
    : source_(source), authenticate_(std::move(authenticate)) {}

grpc::Status CloneService::Snapshot(grpc::ServerContext* context,
                                    const ordinal::v1::SnapshotRequest& request,
                                    SnapshotWriter& writer) {
  if (authenticate_) {
    grpc::Status auth = authenticate_(context);
    if (!auth.ok()) return auth;
  }
  absl::Status status = source_.Serve(
      request, [&writer](const ordinal::v1::SnapshotChunk& chunk) { return writer.Write(chunk); },
      [context] { return context->IsCancelled(); },
      [&writer](uint32_t file_index, uint64_t offset, ChunkBuffer data,
                ReleaseChunkBuffer release) {
        return writer.WriteChunk(file_index, offset, std::move(data), std::move(release));
      });
  return ToGrpcStatus(status, context);
}

}  // namespace ordinal::replication
