#include "server/admin_service.h"

#include <optional>
#include <utility>

#include "proto/status_mapping.h"
#include "replication/history_proto.h"

namespace ordinal::server {

grpc::Status AdminService::GetStatus(grpc::ServerContext* context,
                                     const ordinal::v1::GetStatusRequest* request,
                                     ordinal::v1::GetStatusResponse* response) {
  absl::StatusOr<CallGate::Pass> pass = gate_.Enter();
  if (!pass.ok()) return ToGrpcStatus(pass.status(), context);
  if (absl::Status s = auth_.Check(*context); !s.ok()) return ToGrpcStatus(s, context);
  response->set_version(identity_.version);
  response->set_ordinal(static_cast<uint32_t>(identity_.ordinal));
  response->set_role(std::string(RoleName(identity_.role)));
  response->set_uptime_seconds(
      static_cast<uint64_t>(absl::ToInt64Seconds(absl::Now() - identity_.started)));
  response->set_latest_position(db_.LatestPosition());
  response->set_open_sessions(static_cast<uint32_t>(sessions_.size()));
  response->set_cluster_id(db_.ClusterId());
  if (absl::StatusOr<engine::History> history = db_.CurrentHistory(); history.ok()) {
    replication::HistoryToProto(*history, response->mutable_history());
  }
  response->set_primary_address(identity_.primary_address);
  if (std::optional<ordinal::v1::ReplicationState> state = replication_.FollowerState()) {
    *response->mutable_replication() = *std::move(state);
  }
  for (ordinal::v1::ReplicaInfo& replica : replication_.Replicas()) {
    *response->add_replicas() = std::move(replica);
  }
  response->set_sync_replicas(static_cast<uint32_t>(sync_.k()));
  response->set_sync_fallbacks(sync_.fallbacks());
  if (std::optional<uint64_t> oldest = replication_.OldestRetainedPosition()) {
    response->set_oldest_retained_position(*oldest);
  }
  return grpc::Status::OK;
}

}  // namespace ordinal::server
