#include "server/store_services.h"

#include "absl/strings/str_cat.h"
#include "proto/status_mapping.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {

grpc::Status ReplicationForwarder::Stream(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<ordinal::v1::PrimaryMessage, ordinal::v1::ReplicaMessage>* stream) {
  absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast());
  if (!store.ok()) return ToGrpcStatus(store.status(), context);
  return (*store)->replication().service()->Stream(context, stream);
}

grpc::Status CloneForwarder::Snapshot(grpc::ServerContext* context,
                                      const ordinal::v1::SnapshotRequest& request,
                                      replication::SnapshotWriter& writer) {
  // A backup is taken by an operator's tool, which holds no pod certificate; it is
  // authenticated by its password like any SQL caller (clone_service.h).
  if (check_peer_ && !request.for_backup()) {
    absl::Status peer = check_peer_(*context, request.requester_ordinal());
    if (!peer.ok()) {
      spdlog::warn("clone: refusing a snapshot for ordinal {}: {}", request.requester_ordinal(),
                   std::string(peer.message()));
      return ToGrpcStatus(peer, context);
    }
  }
  absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast());
  if (!store.ok()) {
    return ToGrpcStatus(absl::UnavailableError(
                            absl::StrCat("not serving yet: ", store.status().message())),
                        context);
  }
  replication::CloneService* clone = (*store)->replication().clone_service();
  if (clone == nullptr) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no clone source");
  return clone->Snapshot(context, request, writer);
}

}  // namespace ordinal::server
