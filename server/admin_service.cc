#include "server/admin_service.h"

#include <optional>
#include <utility>

#include "proto/status_mapping.h"
#include "replication/history_proto.h"

namespace ordinal::server {
namespace {

constexpr engine::auth::PrivilegeSet kAdminPrivileges =
    engine::auth::kProcess | engine::auth::kSuper | engine::auth::kReplicationClient |
    engine::auth::kReplicationSlave;

}  // namespace

grpc::Status AdminService::GetStatus(grpc::ServerContext* context,
                                     const ordinal::v1::GetStatusRequest* request,
                                     ordinal::v1::GetStatusResponse* response) {
  absl::StatusOr<CallGate::Pass> pass = gate_.Enter();
  if (!pass.ok()) return ToGrpcStatus(pass.status(), context);
  // A node's status is what SHOW REPLICA STATUS and SHOW PROCESSLIST tell; peers ask for it
  // as the replication user (docs/users-and-privileges.md).
  if (absl::Status s = auth_.CheckPrivilege(*context, kAdminPrivileges,
                                            "PROCESS, SUPER, REPLICATION CLIENT or "
                                            "REPLICATION SLAVE");
      !s.ok()) {
    return ToGrpcStatus(s, context);
  }
  response->set_version(identity_.version);
  response->set_ordinal(static_cast<uint32_t>(identity_.ordinal));
  response->set_role(std::string(RoleName(identity_.role)));
  response->set_uptime_seconds(
      static_cast<uint64_t>(absl::ToInt64Seconds(absl::Now() - identity_.started)));
  response->set_open_sessions(static_cast<uint32_t>(sessions_.size()));
  response->set_primary_address(identity_.primary_address);
  const NodeStateMachine::Snapshot state = node_.state();
  response->set_node_state(std::string(NodeStateName(state.state)));
  response->set_node_state_reason(state.reason);
  if (std::optional<ordinal::v1::ReplicationState> stream = node_.ReplicationStatus()) {
    *response->mutable_replication() = *std::move(stream);
  }
  if (std::optional<ordinal::v1::RecoveryState> recovery = node_.RecoveryStatus()) {
    *response->mutable_recovery() = *std::move(recovery);
  }
  if (absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast());
      store.ok()) {
    FillStore(**store, response);
  }
  return grpc::Status::OK;
}

void AdminService::FillStore(Store& store, ordinal::v1::GetStatusResponse* response) {
  response->set_latest_position(store.db().LatestPosition());
  response->set_cluster_id(store.db().ClusterId());
  if (absl::StatusOr<engine::History> history = store.db().CurrentHistory(); history.ok()) {
    replication::HistoryToProto(*history, response->mutable_history());
  }
  for (ordinal::v1::ReplicaInfo& replica : store.replication().Replicas()) {
    *response->add_replicas() = std::move(replica);
  }
  response->set_sync_replicas(static_cast<uint32_t>(store.sync().k()));
  response->set_sync_fallbacks(store.sync().fallbacks());
  if (std::optional<uint64_t> oldest = store.replication().OldestRetainedPosition()) {
    response->set_oldest_retained_position(*oldest);
  }
}

}  // namespace ordinal::server
