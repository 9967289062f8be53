#include "replication/primary_service.h"

#include <string>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/printable.h"
#include "common/status_reason.h"
#include "proto/status_mapping.h"
#include "replication/batch_checksum.h"
#include "replication/history_proto.h"
#include "spdlog/spdlog.h"

namespace ordinal::replication {

namespace v1 = ordinal::v1;

// What the reader thread of one stream shares with its sender.
class PrimaryService::StreamState {
 public:
  explicit StreamState(grpc::ServerContext* context) : context(context) {}

  void Heard() {
    absl::MutexLock lock(&mu_);
    last_heard_ = absl::Now();
  }
  void ReaderDone() {
    absl::MutexLock lock(&mu_);
    reader_done_ = true;
  }
  // The replica broke the protocol; the stream ends with this status.
  void Violated(absl::Status status) {
    absl::MutexLock lock(&mu_);
    violation_ = std::move(status);
  }
  absl::Status violation() const {
    absl::MutexLock lock(&mu_);
    return violation_;
  }
  bool reader_done() const {
    absl::MutexLock lock(&mu_);
    return reader_done_;
  }
  absl::Time last_heard() const {
    absl::MutexLock lock(&mu_);
    return last_heard_;
  }

  grpc::ServerContext* const context;

 private:
  mutable absl::Mutex mu_;
  bool reader_done_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status violation_ ABSL_GUARDED_BY(mu_);
  absl::Time last_heard_ ABSL_GUARDED_BY(mu_) = absl::Now();
};

PrimaryService::PrimaryService(engine::CommitLog& db, Backlog& backlog, AckTracker& acks,
                               Authenticate authenticate, Config config)
    : db_(db),
      backlog_(backlog),
      acks_(acks),
      authenticate_(std::move(authenticate)),
      config_(std::move(config)) {}

PrimaryService::~PrimaryService() { Shutdown(); }

void PrimaryService::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    shutting_down_ = true;
    for (grpc::ServerContext* context : open_) context->TryCancel();
  }
  backlog_.Interrupt();
}

bool PrimaryService::shutting_down() const {
  absl::MutexLock lock(&mu_);
  return shutting_down_;
}

int PrimaryService::active_streams() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(open_.size());
}

void PrimaryService::TestOnlySetStalled(bool stalled) {
  absl::MutexLock lock(&mu_);
  stalled_ = stalled;
}

bool PrimaryService::Register(grpc::ServerContext* context) {
  absl::MutexLock lock(&mu_);
  if (shutting_down_) return false;
  open_.insert(context);
  return true;
}

void PrimaryService::Unregister(grpc::ServerContext* context) {
  absl::MutexLock lock(&mu_);
  open_.erase(context);
}

grpc::Status PrimaryService::Handshake(grpc::ServerContext* context, ServerStream* stream,
                                       v1::Subscribe* subscribe) {
  if (authenticate_) {
    grpc::Status auth = authenticate_(context);
    if (!auth.ok()) return auth;
  }
  if (db_.role() != engine::DatabaseRole::kPrimary) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "this server is a replica: subscribe to the primary (ordinal 0)");
  }
  v1::ReplicaMessage first;
  if (!stream->Read(&first)) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the replica closed before subscribing");
  }
  if (!first.has_subscribe()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the first message of a replication stream must be Subscribe");
  }
  *subscribe = first.subscribe();
  if (config_.check_peer) {
    grpc::Status peer = config_.check_peer(context, subscribe->replica_ordinal());
    if (!peer.ok()) {
      spdlog::warn("replication: refusing a stream claiming replica {}: {}",
                   subscribe->replica_ordinal(), peer.error_message());
      return peer;
    }
  }
  const std::string cluster_id = db_.ClusterId();
  if (!subscribe->cluster_id().empty() && subscribe->cluster_id() != cluster_id) {
    return ToGrpcStatus(
        WithReason(absl::FailedPreconditionError(absl::StrCat(
                       kHistoryMismatch, ": the replica's cluster id ", Printable(subscribe->cluster_id()),
                       " is not the primary's ", cluster_id, "; the replica must be re-cloned")),
                   StatusReason::kOtherHistory),
        context);
  }
  return grpc::Status::OK;
}

bool PrimaryService::SendWelcome(const engine::History& history, ServerStream* stream) {
  v1::PrimaryMessage welcome;
  welcome.mutable_welcome()->set_cluster_id(db_.ClusterId());
  welcome.mutable_welcome()->set_primary_position(db_.LatestPosition());
  welcome.mutable_welcome()->set_heartbeat_interval_ms(
      static_cast<uint32_t>(absl::ToInt64Milliseconds(config_.heartbeat_interval)));
  HistoryToProto(history, welcome.mutable_welcome()->mutable_history());
  return stream->Write(welcome);
}

grpc::Status PrimaryService::RefuseDiverged(const v1::Subscribe& subscribe,
                                            const engine::History& history,
                                            const std::string& reason,
                                            grpc::ServerContext* context, ServerStream* stream) {
  // The replica learns our history from Welcome and reports the fork itself.
  SendWelcome(history, stream);
  spdlog::warn("replication: replica {} ({}) is diverged and gets nothing: {} (its history {}, "
               "ours {})",
               subscribe.replica_ordinal(), Printable(subscribe.replica_address()), reason,
               Printable(HistoryFromProto(subscribe.history()).value_or(engine::History()).ToString(), 256),
               history.ToString());
  return ToGrpcStatus(WithReason(absl::FailedPreconditionError(
                                     absl::StrCat(kHistoryMismatch, ": diverged: ", reason)),
                                 StatusReason::kDiverged),
                      context);
}

grpc::Status PrimaryService::Stream(grpc::ServerContext* context, ServerStream* stream) {
  v1::Subscribe subscribe;
  grpc::Status handshake = Handshake(context, stream, &subscribe);
  if (!handshake.ok()) return handshake;
  absl::StatusOr<engine::History> history = db_.CurrentHistory();
  if (!history.ok()) return ToGrpcStatus(history.status(), context);
  absl::StatusOr<engine::History> replica_history = HistoryFromProto(subscribe.history());
  if (!replica_history.ok()) return ToGrpcStatus(replica_history.status(), context);
  const engine::HistoryCheck check = engine::CheckOnHistory(
      *replica_history, subscribe.after_position(), *history, db_.LatestPosition());
  if (!check.on_history) {
    return RefuseDiverged(subscribe, *history, check.reason, context, stream);
  }

  // After ordinal 0's recovery the log resumes past a gap (docs/history.md).
  const uint64_t start = history->ResumePosition(subscribe.after_position());
  LogSource source(db_, backlog_, start, config_.source);
  absl::Status retained = source.CheckRetained();
  if (!retained.ok()) {
    spdlog::warn("replication: replica {} ({}) cannot follow from position {}: {}",
                 subscribe.replica_ordinal(), Printable(subscribe.replica_address()),
                 subscribe.after_position(), retained.ToString());
    return ToGrpcStatus(retained, context);
  }
  absl::StatusOr<AckTracker::StreamId> id =
      acks_.Connected(subscribe.replica_ordinal(), subscribe.replica_address(), start);
  if (!id.ok()) {
    spdlog::warn("replication: refusing a stream claiming replica {} ({}): {}",
                 subscribe.replica_ordinal(), Printable(subscribe.replica_address()),
                 id.status().ToString());
    return ToGrpcStatus(id.status(), context);
  }
  if (!Register(context)) {
    acks_.Disconnected(*id);
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the primary is shutting down");
  }
  if (!SendWelcome(*history, stream)) {
    acks_.Disconnected(*id);
    Unregister(context);
    return grpc::Status(grpc::StatusCode::CANCELLED, "the replica went away");
  }
  spdlog::info("replication: replica {} ({}) streaming from position {}",
               subscribe.replica_ordinal(), Printable(subscribe.replica_address()), start);

  StreamState state(context);
  std::thread reader([&] {
    v1::ReplicaMessage message;
    while (stream->Read(&message)) {
      state.Heard();
      if (!message.has_ack()) continue;
      absl::Status ack = acks_.Ack(*id, message.ack().applied_position());
      if (!ack.ok()) {
        state.Violated(std::move(ack));
        break;
      }
    }
    state.ReaderDone();
    backlog_.Interrupt();  // wakes the sender so it notices at once
  });
  SendLoop(*id, state, source, stream);
  if (!state.reader_done()) context->TryCancel();
  reader.join();
  acks_.Disconnected(*id);
  Unregister(context);
  const absl::Status violation = state.violation();
  if (!violation.ok()) {
    spdlog::warn("replication: ended the stream of replica {} ({}): {}",
                 subscribe.replica_ordinal(), Printable(subscribe.replica_address()),
                 violation.ToString());
    return ToGrpcStatus(violation, context);
  }
  spdlog::info("replication: stream of replica {} ended at position {}",
               subscribe.replica_ordinal(), source.position());
  return grpc::Status(grpc::StatusCode::CANCELLED, "replication stream ended");
}

void PrimaryService::SendLoop(const AckTracker::StreamId& id, StreamState& state,
                              LogSource& source, ServerStream* stream) {
  absl::Time last_sent = absl::Now();
  while (!shutting_down() && !state.context->IsCancelled() && !state.reader_done()) {
    if (!acks_.IsCurrent(id)) {
      spdlog::warn("replication: a newer stream took over replica {}; ending this one",
                   id.ordinal);
      return;
    }
    if (absl::Now() - state.last_heard() > config_.replica_silence_timeout) {
      spdlog::warn("replication: replica silent for {}; ending its stream",
                   absl::FormatDuration(config_.replica_silence_timeout));
      return;
    }
    if (!WaitWhileStalled(state)) return;
    const absl::Time heartbeat_due = last_sent + config_.heartbeat_interval;
    absl::StatusOr<std::vector<ShippedBatchPtr>> batches = source.Next(heartbeat_due);
    if (!batches.ok()) {
      spdlog::warn("replication: ending a stream at position {}: {}", source.position(),
                   batches.status().ToString());
      return;
    }
    if (!batches->empty()) {
      acks_.Sent(id, batches->back()->batch.last_sequence);
      if (!SendBatches(*batches, stream)) return;
      last_sent = absl::Now();
    } else if (absl::Now() >= heartbeat_due) {
      if (!SendHeartbeat(stream)) return;
      last_sent = absl::Now();
    }
  }
}

bool PrimaryService::StallOver() const { return !stalled_ || shutting_down_; }

bool PrimaryService::WaitWhileStalled(StreamState& state) {
  absl::MutexLock lock(&mu_);
  while (stalled_ && !shutting_down_) {
    mu_.AwaitWithTimeout(absl::Condition(this, &PrimaryService::StallOver),
                         config_.heartbeat_interval);
    if (state.context->IsCancelled()) return false;
  }
  return !shutting_down_;
}

bool PrimaryService::SendBatches(const std::vector<ShippedBatchPtr>& batches,
                                 ServerStream* stream) {
  v1::PrimaryMessage message;
  v1::Batches* out = message.mutable_batches();
  for (const ShippedBatchPtr& shipped : batches) {
    v1::LogBatch* batch = out->add_batches();
    batch->set_first_position(shipped->batch.first_sequence);
    batch->set_last_position(shipped->batch.last_sequence);
    batch->set_data(shipped->batch.data);
    batch->set_checksum(shipped->checksum);
    batch->set_commit_time_micros(shipped->commit_time_micros);
    if (corrupt_batches_ && !batch->data().empty()) {
      (*batch->mutable_data())[batch->data().size() - 1] ^= 0x01;
    }
  }
  out->set_primary_position(db_.LatestPosition());
  out->set_primary_time_micros(absl::ToUnixMicros(absl::Now()));
  return stream->Write(message);
}

bool PrimaryService::SendHeartbeat(ServerStream* stream) {
  v1::PrimaryMessage message;
  message.mutable_heartbeat()->set_primary_position(db_.LatestPosition());
  message.mutable_heartbeat()->set_primary_time_micros(absl::ToUnixMicros(absl::Now()));
  return stream->Write(message);
}

}  // namespace ordinal::replication
