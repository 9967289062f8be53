#include "replication/clone_service.h"

#include <utility>

#include "proto/status_mapping.h"

namespace ordinal::replication {

CloneService::CloneService(CloneSource& source, Authenticate authenticate)
    : source_(source), authenticate_(std::move(authenticate)) {}

grpc::Status CloneService::Snapshot(grpc::ServerContext* context,
                                    const ordinal::v1::SnapshotRequest* request,
                                    grpc::ServerWriter<ordinal::v1::SnapshotChunk>* writer) {
  if (authenticate_) {
    grpc::Status auth = authenticate_(context);
    if (!auth.ok()) return auth;
  }
  absl::Status status = source_.Serve(
      *request, [writer](const ordinal::v1::SnapshotChunk& chunk) { return writer->Write(chunk); },
      [context] { return context->IsCancelled(); });
  return ToGrpcStatus(status, context);
}

}  // namespace ordinal::replication
