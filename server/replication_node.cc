#include "server/replication_node.h"

#include <utility>

#include "replication/status_rows.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {

absl::StatusOr<std::unique_ptr<ReplicationNode>> ReplicationNode::Create(
    engine::Database& db, Options options,
    replication::PrimaryService::Authenticate authenticate) {
  std::unique_ptr<ReplicationNode> node(new ReplicationNode(db, std::move(options)));
  node->backlog_ = std::make_unique<replication::Backlog>(db, replication::Backlog::Config{});
  if (node->role() == Role::kPrimary) {
    if (absl::Status s = node->backlog_->Start(); !s.ok()) return s;
  }
  replication::PrimaryService::Config service_config;
  service_config.heartbeat_interval = node->options_.heartbeat_interval;
  node->service_ = std::make_unique<replication::PrimaryService>(
      db, *node->backlog_, node->acks_, std::move(authenticate), service_config);
  if (node->role() == Role::kReplica) {
    replication::Follower::Config follower;
    follower.primary_address = node->options_.primary_address;
    follower.password = node->options_.password;
    follower.replica_ordinal = node->options_.ordinal;
    follower.replica_address = node->options_.own_address;
    node->follower_ = std::make_unique<replication::Follower>(db, std::move(follower));
  }
  return node;
}

ReplicationNode::~ReplicationNode() {
  StopStreams();
  backlog_->Stop();
}

absl::Status ReplicationNode::StartFollowing() {
  if (follower_ == nullptr) return absl::OkStatus();
  spdlog::info("following the primary at {} from position {}", options_.primary_address,
               db_.AppliedPosition());
  return follower_->Start();
}

void ReplicationNode::StopStreams() {
  service_->Shutdown();
  if (follower_ != nullptr) follower_->Stop();
}

std::optional<ordinal::v1::ReplicationState> ReplicationNode::FollowerState() const {
  if (follower_ == nullptr) return std::nullopt;
  return follower_->State();
}

std::vector<ordinal::v1::ReplicaInfo> ReplicationNode::Replicas() const {
  if (role() != Role::kPrimary) return {};
  absl::StatusOr<uint64_t> oldest = db_.OldestRetainedPosition();
  if (!oldest.ok()) {
    spdlog::warn("cannot read the oldest retained position: {}", oldest.status().ToString());
  }
  return acks_.Snapshot(db_.LatestPosition(), oldest.ok() ? *oldest : 0);
}

int ReplicationNode::ConnectedReplicas() const {
  if (role() != Role::kPrimary) return 0;
  int connected = 0;
  for (const ordinal::v1::ReplicaInfo& replica : acks_.Snapshot(db_.LatestPosition(), 0)) {
    if (replica.connected()) ++connected;
  }
  return connected;
}

engine::ResultSet ReplicationNode::ShowReplicaStatus() const {
  std::optional<ordinal::v1::ReplicationState> state = FollowerState();
  if (state.has_value()) return replication::ReplicaStatusRows(*state);
  engine::ResultSet empty = replication::ReplicaStatusRows(ordinal::v1::ReplicationState());
  empty.rows.clear();
  return empty;
}

engine::ResultSet ReplicationNode::ShowReplicas() const {
  return replication::ReplicasRows(Replicas());
}

}  // namespace ordinal::server
