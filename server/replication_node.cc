#include "server/replication_node.h"

#include <utility>

#include "common/status_macros.h"
#include "replication/status_rows.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {
absl::StatusOr<std::unique_ptr<ReplicationNode>> ReplicationNode::Create(
    engine::Database& db, Options options,
    replication::PrimaryService::Authenticate authenticate) {
  std::unique_ptr<ReplicationNode> node(new ReplicationNode(db, std::move(options)));
  replication::Backlog::Config backlog;
  backlog.capacity_bytes = node->options_.backlog_bytes;
  node->backlog_ = std::make_unique<replication::Backlog>(db, backlog);
  if (node->role() == Role::kPrimary) {
    if (absl::Status s = node->backlog_->Start(); !s.ok()) return s;
  }
  if (node->role() == Role::kPrimary && !node->options_.log_archive_dir.empty()) {
    replication::LogArchiveWriterOptions archive;
    archive.dir = node->options_.log_archive_dir;
    archive.retention = node->options_.log_archive_retention;
    ORDINAL_ASSIGN_OR_RETURN(node->archiver_, replication::LogArchiver::Start(db, archive));
  }
  replication::PrimaryService::Config service_config;
  service_config.heartbeat_interval = node->options_.heartbeat_interval;
  service_config.check_peer = node->options_.check_peer;
  if (!node->options_.clone.data_dir.empty()) {
    node->clone_ = std::make_unique<CloneServing>(db, node->options_.clone, authenticate);
  }
  node->service_ = std::make_unique<replication::PrimaryService>(
      db, *node->backlog_, node->acks_, std::move(authenticate), service_config);
  if (node->role() == Role::kReplica) {
    replication::Follower::Config follower;
    follower.primary_address = node->options_.primary_address;
    follower.user = node->options_.user;
    follower.password = node->options_.password;
    follower.replica_ordinal = node->options_.ordinal;
    follower.replica_address = node->options_.own_address;
    follower.on_stop = node->options_.on_follower_stopped;
    follower.channel_credentials = node->options_.clone.peer_credentials;
    node->follower_ = std::make_unique<replication::Follower>(db, std::move(follower));
  }
  return node;
}

ReplicationNode::~ReplicationNode() {
  StopStreams();
  if (archiver_ != nullptr) archiver_->Stop();
  backlog_->Stop();
}

std::optional<replication::LogArchiverFigures> ReplicationNode::ArchiveFigures() const {
  if (archiver_ == nullptr) return std::nullopt;
  return archiver_->Figures();
}

absl::Status ReplicationNode::StartFollowing() {
  if (follower_ == nullptr) return absl::OkStatus();
  spdlog::info("following the primary at {} from position {}", options_.primary_address,
               db_.AppliedPosition());
  return follower_->Start();
}

void ReplicationNode::StopStreams() {
  if (clone_ != nullptr) clone_->Shutdown();
  service_->Shutdown();
  if (follower_ != nullptr) follower_->Stop();
}

std::optional<ordinal::v1::ReplicationState> ReplicationNode::FollowerState() const {
  if (follower_ == nullptr) return std::nullopt;
  return follower_->State();
}

CloneFigures ReplicationNode::Clones() const {
  CloneFigures figures;
  if (clone_ != nullptr) {
    const replication::CloneSourceCounters counters = clone_->counters();
    figures.bytes_sent = counters.bytes_sent;
    figures.active = counters.active;
    figures.clones_served = counters.clones_served;
  }
  return figures;
}

std::optional<uint64_t> ReplicationNode::OldestRetainedPosition() const {
  if (role() != Role::kPrimary) return std::nullopt;
  absl::StatusOr<uint64_t> oldest = db_.OldestRetainedPosition();
  if (!oldest.ok()) return std::nullopt;
  return *oldest;
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

engine::ResultSet ReplicaStatusResult(const std::optional<ordinal::v1::ReplicationState>& state) {
  engine::ResultSet result =
      replication::ReplicaStatusRows(state.value_or(ordinal::v1::ReplicationState()));
  // The clone's progress while the state is "cloning" (zeros otherwise).
  using engine::ColumnType;
  using engine::Value;
  result.columns.push_back({"Clone_bytes_done", ColumnType::kInt});
  result.columns.push_back({"Clone_bytes_total", ColumnType::kInt});
  result.columns.push_back({"Clone_mb_per_second", ColumnType::kDouble});
  result.columns.push_back({"Clone_eta_seconds", ColumnType::kDouble});
  if (!state.has_value()) {
    result.rows.clear();
    return result;
  }
  for (std::vector<Value>& row : result.rows) {
    row.push_back(Value::Int(static_cast<int64_t>(state->clone_bytes_done())));
    row.push_back(Value::Int(static_cast<int64_t>(state->clone_bytes_total())));
    row.push_back(Value::Double(state->clone_bytes_per_second() / (1 << 20)));
    row.push_back(Value::Double(state->clone_eta_seconds()));
  }
  return result;
}

engine::ResultSet ReplicationNode::ShowReplicas() const {
  return replication::ReplicasRows(Replicas());
}

}  // namespace ordinal::server
