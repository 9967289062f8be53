#include "server/replication_node.h"

#include <signal.h>
#include <unistd.h>

#include <utility>

#include "common/status_macros.h"
#include "replication/status_rows.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {
namespace {

// How often the re-clone watcher looks at the follower's state.
constexpr absl::Duration kRecloneCheckInterval = absl::Milliseconds(500);

}  // namespace

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
  if (!node->options_.clone.data_dir.empty()) {
    node->clone_ = std::make_unique<CloneServing>(db, node->options_.clone, authenticate);
  }
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
  ORDINAL_RETURN_IF_ERROR(follower_->Start());
  if (options_.clone.auto_reclone && !options_.clone.data_dir.empty()) {
    watcher_ = std::thread([this] { WatchForReclone(); });
  }
  return absl::OkStatus();
}

void ReplicationNode::StopStreams() {
  {
    absl::MutexLock lock(&reclone_mu_);
    stopping_ = true;
    if (reclone_ != nullptr) reclone_->Cancel();
  }
  if (watcher_.joinable()) watcher_.join();
  if (clone_ != nullptr) clone_->Shutdown();
  service_->Shutdown();
  if (follower_ != nullptr) follower_->Stop();
}

void ReplicationNode::WatchForReclone() {
  for (;;) {
    {
      absl::MutexLock lock(&reclone_mu_);
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(reclone_mu_) { return stopping_; };
      reclone_mu_.AwaitWithTimeout(absl::Condition(&stopping), kRecloneCheckInterval);
      if (stopping_) return;
    }
    const replication::StopReason reason = follower_->stop_reason();
    if (reason == replication::StopReason::kNeedsClone ||
        (reason == replication::StopReason::kDiverged && options_.clone.reclone_on_divergence)) {
      Reclone(reason);
      return;
    }
  }
}

void ReplicationNode::Reclone(replication::StopReason reason) {
  spdlog::warn("{} (applied position {}): re-cloning into {} while the old data stays readable "
               "(it moves to {}.old during the swap and is deleted once the new copy is in place)",
               reason == replication::StopReason::kDiverged
                   ? "this replica's history diverged from the primary's"
                   : "the primary no longer retains the log after our position",
               db_.AppliedPosition(), RecloneDir(options_.clone.data_dir), options_.clone.data_dir);
  CloneDriver* driver = nullptr;
  {
    absl::MutexLock lock(&reclone_mu_);
    if (stopping_) return;
    reclone_ = std::make_unique<CloneDriver>(options_.clone, RecloneDir(options_.clone.data_dir));
    driver = reclone_.get();
  }
  absl::StatusOr<replication::CloneResult> result = driver->Run();
  if (!result.ok()) {
    spdlog::info("re-clone ended: {}", result.status().ToString());
    return;
  }
  spdlog::info("re-clone verified at position {} ({:.1f} MB): asking the process to swap it in",
               result->position, static_cast<double>(result->bytes) / (1 << 20));
  kill(getpid(), SIGUSR1);
}

std::optional<ordinal::v1::ReplicationState> ReplicationNode::FollowerState() const {
  if (follower_ == nullptr) return std::nullopt;
  ordinal::v1::ReplicationState state = follower_->State();
  absl::MutexLock lock(&reclone_mu_);
  if (reclone_ != nullptr) FillCloningState(reclone_->Progress(), state);
  return state;
}

CloneFigures ReplicationNode::Clones() const {
  CloneFigures figures;
  if (clone_ != nullptr) {
    const replication::CloneSourceCounters counters = clone_->counters();
    figures.bytes_sent = counters.bytes_sent;
    figures.active = counters.active;
    figures.clones_served = counters.clones_served;
  }
  if (role() == Role::kReplica) {
    absl::MutexLock lock(&reclone_mu_);
    FillTargetFigures(reclone_.get(), 0, figures);
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

engine::ResultSet ReplicationNode::ShowReplicaStatus() const {
  std::optional<ordinal::v1::ReplicationState> state = FollowerState();
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
