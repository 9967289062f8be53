#include "server/node.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "replication/clone_install.h"
#include "server/health.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {
namespace {

double Megabytes(uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

}  // namespace

Node::Node(Parts parts)
    : config_(parts.config),
      ordinal_(parts.ordinal),
      auth_(parts.auth),
      slot_(parts.slot),
      sessions_(parts.sessions),
      on_fatal_(std::move(parts.on_fatal)),
      clone_settings_(CloneSettingsFor(parts.config, parts.ordinal, parts.auth.peer_credentials())),
      primary_address_(PeerAddress(parts.config.peer_template, 0)) {}

Node::~Node() { Stop(); }

absl::Status Node::Open() {
  ORDINAL_RETURN_IF_ERROR(replication::FinishInterruptedInstall(clone_settings_.data_dir));
  if (role() == Role::kPrimary) {
    if (replication::NeedsClone(clone_settings_.data_dir)) {
      if (config_.force_bootstrap) {
        spdlog::warn("--force_bootstrap: ordinal 0 starts a NEW history in the empty {} without "
                     "asking its replicas; whatever they hold is discarded when they re-clone",
                     clone_settings_.data_dir);
      } else if (!ListPeers(config_.peer_template, config_.peers).empty()) {
        recover_first_ = true;  // the node's thread asks the replicas first
        return absl::OkStatus();
      } else {
        spdlog::info("the data directory {} is empty and no replica exists: a new cluster",
                     clone_settings_.data_dir);
      }
    }
    return OpenAndInstall(NodeState::kPrimary, "ordinal 0 opened its store and takes writes");
  }
  clone_first_ = replication::NeedsClone(clone_settings_.data_dir);
  if (clone_first_) return absl::OkStatus();
  spdlog::info("data directory {} holds a complete store: resuming without a clone",
               clone_settings_.data_dir);
  return OpenAndInstall(NodeState::kCatchingUp,
                        "opened its complete store; following the primary");
}

void Node::Start(grpc::HealthCheckServiceInterface* health) {
  health_ = health;
  if (!clone_first_ && !recover_first_) SetServing(health, true);
  if (role() == Role::kPrimary && !recover_first_) return;  // nothing happens to its store
  thread_ = std::thread([this] { Run(); });
}

void Node::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (driver_ != nullptr) driver_->Cancel();
    if (recovery_ != nullptr) recovery_->Cancel();
  }
  if (thread_.joinable()) thread_.join();
  machine_.Transition(NodeState::kStopping, "shutdown requested").IgnoreError();
}

void Node::Run() {
  if (role() == Role::kPrimary) {
    Recover();
    return;  // a primary's follower events do not exist
  }
  if (clone_first_ && !InitialClone()) return;
  for (;;) {
    FollowerStop stop;
    {
      absl::MutexLock lock(&mu_);
      auto event = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || pending_stop_.has_value();
      };
      mu_.Await(absl::Condition(&event));
      if (stopping_) return;
      stop = *std::move(pending_stop_);
      pending_stop_.reset();
    }
    HandleFollowerStop(stop);
  }
}

void Node::Recover() {
  const absl::Time start = absl::Now();
  slot_.SetReason("recovering ordinal 0's volume from its replicas");
  machine_.Transition(NodeState::kRecovering,
                      absl::StrCat("the data directory ", clone_settings_.data_dir,
                                   " is empty: asking the replicas what they hold before "
                                   "opening a history"))
      .IgnoreError();
  PrimaryRecovery* recovery = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    recovery_ = std::make_unique<PrimaryRecovery>(clone_settings_, config_.peer_template,
                                                  config_.peers);
    recovery = recovery_.get();  // lives as long as the node
  }
  absl::StatusOr<std::optional<replication::CloneResult>> result = recovery->Run();
  if (!result.ok()) {
    if (result.status().code() != absl::StatusCode::kCancelled) on_fatal_(result.status());
    return;
  }
  const ordinal::v1::RecoveryState recovered = recovery->State();
  std::string reason;
  if (result->has_value()) {
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    spdlog::info("recovery of ordinal 0: cloned position {} ({:.1f} MB) in {:.3f} s; opening it "
                 "as the primary, which opens a new epoch after that position",
                 (*result)->position, Megabytes((*result)->bytes), seconds);
    reason = absl::StrCat("recovered position ", (*result)->position, " from ordinal ",
                          recovered.source_ordinal(), " in ", absl::StrFormat("%.3f", seconds),
                          " s; a new epoch continues its history");
  } else {
    reason = absl::StrCat(recovered.detail(), ": bootstrapping a new history");
  }
  if (absl::Status opened = OpenAndInstall(NodeState::kPrimary, std::move(reason));
      !opened.ok()) {
    slot_.SetReason(absl::StrCat("no store: ", opened.message()));
    on_fatal_(opened);
  }
}

bool Node::InitialClone() {
  const std::string why = absl::StrCat("cloning from ordinal ", ordinal_ - 1, " (",
                                       clone_settings_.predecessor_address, ")");
  slot_.SetReason(why);
  spdlog::info("data directory {} is empty or an unfinished clone: {}", clone_settings_.data_dir,
               why);
  machine_.Transition(NodeState::kCloning, why).IgnoreError();
  absl::StatusOr<replication::CloneResult> result = RunClone(clone_settings_.data_dir);
  if (!result.ok()) {
    if (result.status().code() != absl::StatusCode::kCancelled) on_fatal_(result.status());
    return false;
  }
  spdlog::info("clone complete: position {}, {:.1f} MB in {:.1f} s ({} attempt(s)); opening "
               "the database", result->position, Megabytes(result->bytes), result->seconds,
               result->attempts);
  absl::Status opened = OpenAndInstall(
      NodeState::kCatchingUp, absl::StrCat("the clone at position ", result->position,
                                           " is open; following the primary"));
  if (!opened.ok()) {
    on_fatal_(opened);
    return false;
  }
  return true;
}

void Node::OnFollowerStopped(replication::StopReason reason, const absl::Status& status) {
  absl::MutexLock lock(&mu_);
  pending_stop_ = FollowerStop{reason, status};
}

void Node::HandleFollowerStop(const FollowerStop& stop) {
  switch (stop.reason) {
    case replication::StopReason::kNone:
      return;
    case replication::StopReason::kDiverged:
      machine_.Transition(NodeState::kDiverged, std::string(stop.status.message()))
          .IgnoreError();
      if (!clone_settings_.reclone_on_divergence) {
        spdlog::warn("--on_divergence=stop: this replica keeps its data in {} untouched and "
                     "waits for an operator (docs/history.md)", clone_settings_.data_dir);
        return;
      }
      Reclone("this replica's history diverged from the primary's");
      return;
    case replication::StopReason::kNeedsClone:
      if (clone_settings_.auto_reclone) {
        Reclone("the primary no longer retains the log after our position");
      } else {
        machine_.Transition(NodeState::kStoppedNeedsClone,
                            absl::StrCat("the primary purged this replica's position and "
                                         "--auto_reclone is off: ", stop.status.message()))
            .IgnoreError();
      }
      return;
    case replication::StopReason::kOtherCluster:
      machine_.Transition(NodeState::kStoppedError, std::string(stop.status.message()))
          .IgnoreError();
      return;
  }
}

void Node::Reclone(const std::string& why) {
  uint64_t applied = 0;
  if (absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast()); store.ok()) {
    applied = (*store)->db().AppliedPosition();
  }
  const std::string target = RecloneDir(clone_settings_.data_dir);
  spdlog::warn("{} (applied position {}): re-cloning into {} while the old data stays readable "
               "in {} (it moves to {}.old during the swap and is deleted once the new copy is "
               "in place)",
               why, applied, target, clone_settings_.data_dir, clone_settings_.data_dir);
  machine_.Transition(NodeState::kCloning,
                      absl::StrCat(why, " (applied position ", applied,
                                   "): re-cloning while the old store serves reads"))
      .IgnoreError();
  absl::StatusOr<replication::CloneResult> result = RunClone(target);
  if (!result.ok()) {
    spdlog::info("re-clone ended: {}", result.status().ToString());
    return;
  }
  spdlog::info("re-clone verified at position {} ({:.1f} MB): swapping it in place",
               result->position, Megabytes(result->bytes));
  SwapInPlace(*result);
}

void Node::SwapInPlace(const replication::CloneResult& clone) {
  const absl::Time start = absl::Now();
  machine_.Transition(NodeState::kSwapping, absl::StrCat("the re-clone at position ",
                                                         clone.position, " is complete"))
      .IgnoreError();
  if (Store* old = slot_.Close("the store is being replaced by a re-clone", /*swap=*/true)) {
    old->StopStreams();  // ends the calls that would hold the old store for long
  }
  std::unique_ptr<Store> previous = slot_.TakeWhenIdle();
  const absl::Duration drained = absl::Now() - start;
  sessions_.EndAll("when its store was replaced by a re-clone");
  if (previous != nullptr) {
    absl::MutexLock lock(&mu_);
    const CloneFigures figures = previous->replication().Clones();
    retired_.bytes_sent += figures.bytes_sent;
    retired_.clones_served += figures.clones_served;
  }
  previous.reset();  // closes the old database
  absl::Status installed = SwapInReclone(clone_settings_.data_dir);
  if (installed.ok()) {
    spdlog::info("re-clone installed in {}", clone_settings_.data_dir);
  } else {
    spdlog::error("cannot swap in the re-clone ({}): reopening the old data",
                  installed.ToString());
  }
  absl::Status opened =
      installed.ok()
          ? OpenAndInstall(NodeState::kCatchingUp,
                           absl::StrCat("the re-clone at position ", clone.position,
                                        " is open; following the primary"))
          : OpenAndInstall(NodeState::kStoppedNeedsClone,
                           absl::StrCat("the re-clone could not be installed: ",
                                        installed.message()));
  if (!opened.ok()) {
    slot_.SetReason(absl::StrCat("no store: ", opened.message()));
    on_fatal_(opened);
    return;
  }
  spdlog::info("store swapped in place in {} ms (calls drained in {} ms); same process, same "
               "port", absl::ToInt64Milliseconds(absl::Now() - start),
               absl::ToInt64Milliseconds(drained));
}

absl::Status Node::OpenAndInstall(NodeState next, std::string reason) {
  absl::StatusOr<std::unique_ptr<Store>> store =
      Store::Open(config_, ordinal_, auth_, [this](replication::StopReason why,
                                                   const absl::Status& status) {
        OnFollowerStopped(why, status);
      });
  if (!store.ok()) return store.status();
  Store* installed = store->get();
  slot_.Install(*std::move(store));
  SetServing(health_, true);
  machine_.Transition(next, std::move(reason)).IgnoreError();
  // Only this thread releases the store, so it stays valid here.
  return installed->StartFollowing();
}

absl::StatusOr<replication::CloneResult> Node::RunClone(const std::string& target_dir) {
  CloneDriver* driver = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::CancelledError("clone cancelled");
    driver_ = std::make_unique<CloneDriver>(clone_settings_, target_dir);
    driver = driver_.get();
  }
  absl::StatusOr<replication::CloneResult> result = driver->Run();
  absl::MutexLock lock(&mu_);
  clone_bytes_before_ += driver->BytesReceived();
  last_progress_ = driver->Progress();
  driver_.reset();
  return result;
}

bool Node::RefreshReadiness() {
  const NodeState now = machine_.state();
  if (now == NodeState::kCatchingUp || now == NodeState::kStreaming) {
    std::optional<ordinal::v1::ReplicationState> stream = ReplicationStatus();
    const bool streaming =
        stream.has_value() && stream->state() == replication::kStateStreaming &&
        stream->lag_ms() < static_cast<double>(config_.readiness_max_lag_ms);
    if (streaming) {
      machine_.TransitionFrom(NodeState::kCatchingUp, NodeState::kStreaming,
                              absl::StrCat("streaming from ", primary_address_, " with lag ",
                                           static_cast<int64_t>(stream->lag_ms()), " ms"));
    } else if (stream.has_value()) {
      machine_.TransitionFrom(
          NodeState::kStreaming, NodeState::kCatchingUp,
          absl::StrCat("follower ", stream->state(), ", lag ",
                       static_cast<int64_t>(stream->lag_ms()), " ms",
                       stream->last_error().empty() ? "" : ": ", stream->last_error()));
    }
  }
  return IsReadyState(machine_.state());
}

std::optional<ordinal::v1::ReplicationState> Node::ReplicationStatus() const {
  if (role() == Role::kPrimary) return std::nullopt;
  std::optional<ordinal::v1::ReplicationState> state;
  if (absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast());
      store.ok()) {
    state = (*store)->replication().FollowerState();
  }
  if (!state.has_value()) {
    state.emplace();
    state->set_primary_address(primary_address_);
  }
  const NodeState now = machine_.state();
  if (now == NodeState::kCloning || now == NodeState::kSwapping ||
      now == NodeState::kStarting) {
    absl::MutexLock lock(&mu_);
    FillCloningState(driver_ != nullptr ? driver_->Progress() : last_progress_, *state);
  }
  return state;
}

std::optional<ordinal::v1::RecoveryState> Node::RecoveryStatus() const {
  if (machine_.state() != NodeState::kRecovering) return std::nullopt;
  absl::MutexLock lock(&mu_);
  if (recovery_ == nullptr) return std::nullopt;
  return recovery_->State();
}

CloneFigures Node::Clones() const {
  CloneFigures figures;
  if (absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast());
      store.ok()) {
    figures = (*store)->replication().Clones();
  }
  absl::MutexLock lock(&mu_);
  figures.bytes_sent += retired_.bytes_sent;
  figures.clones_served += retired_.clones_served;
  if (role() == Role::kReplica) FillTargetFigures(driver_.get(), clone_bytes_before_, figures);
  return figures;
}

}  // namespace ordinal::server
