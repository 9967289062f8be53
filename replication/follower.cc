#include "replication/follower.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/disk_full.h"
#include "common/status_macros.h"
#include "common/status_reason.h"
#include "replication/batch_checksum.h"
#include "replication/history_proto.h"
#include "spdlog/spdlog.h"

namespace ordinal::replication {

namespace v1 = ordinal::v1;

// The state of one connection attempt, built up step by step.
struct Follower::Attempt {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::Replication::Stub> stub;
  std::unique_ptr<FollowerStream> stream;
  absl::Duration heartbeat_interval = absl::Milliseconds(500);
  uint64_t applied = 0;  // the position the next batch must follow
};

// The handshake, in order. Each step either advances the attempt or ends it with the
// status that decides what happens next (Run()).
const Follower::Step Follower::kSteps[] = {
    {"connect", &Follower::Connect},
    {"subscribe", &Follower::Subscribe},
    {"welcome", &Follower::AwaitWelcome},
    {"stream", &Follower::StreamBatches},
};

namespace {

// The status a call ended with, never OK (an ended stream is always an error here).
absl::Status EndedStatus(FollowerStream& stream) {
  absl::Status status = stream.Finish();
  if (status.ok()) return absl::UnavailableError("the primary ended the stream");
  return status;
}

bool IsOtherHistory(const absl::Status& status) {
  return GetStatusReason(status) == StatusReason::kOtherHistory;
}

}  // namespace

Follower::Follower(engine::ReplicaApplier& db, Config config)
    : db_(db),
      config_(std::move(config)),
      backoff_(config_.initial_backoff, config_.max_backoff) {}

Follower::~Follower() { Stop(); }

absl::Status Follower::Start() {
  if (db_.role() != engine::DatabaseRole::kReplica) {
    return absl::FailedPreconditionError("only a replica follows the primary's log");
  }
  absl::MutexLock lock(&mu_);
  if (started_) return absl::FailedPreconditionError("follower already started");
  started_ = true;
  thread_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void Follower::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (current_ != nullptr) current_->Cancel();
  }
  if (thread_.joinable()) thread_.join();
}

const char* StopReasonName(StopReason reason) {
  switch (reason) {
    case StopReason::kNone:
      return "none";
    case StopReason::kNeedsClone:
      return "needs-clone";
    case StopReason::kDiverged:
      return "diverged";
    case StopReason::kOtherCluster:
      return "other-cluster";
  }
  return "unknown";
}

namespace {

const char* TerminalState(StopReason reason) {
  switch (reason) {
    case StopReason::kNeedsClone:
      return kStateNeedsClone;
    case StopReason::kDiverged:
      return kStateDiverged;
    case StopReason::kNone:
    case StopReason::kOtherCluster:
      break;
  }
  return kStateError;
}

}  // namespace

void Follower::StopFor(StopReason reason, const absl::Status& status) {
  {
    absl::MutexLock lock(&mu_);
    stop_reason_ = reason;
    state_ = TerminalState(reason);
    last_error_ = status.ToString();
  }
  if (config_.on_stop && !stopping()) config_.on_stop(reason, status);
}

bool Follower::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

bool Follower::SleepUnlessStopped(absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), delay);
  return !stopping_;
}

void Follower::SetState(const char* state, const absl::Status& error) {
  absl::MutexLock lock(&mu_);
  state_ = state;
  if (!error.ok()) last_error_ = error.ToString();
}

void Follower::WaitForDiskSpace(const absl::Status& status) {
  spdlog::error(
      "replication: the data volume is full: applying stopped after position {}; "
      "retrying every {} until space is freed: {}",
      db_.AppliedPosition(), absl::FormatDuration(config_.max_backoff), status.ToString());
  SetState(kStateWaitingForDiskSpace, status);
}

void Follower::NoteSpaceAvailable() {
  {
    absl::MutexLock lock(&mu_);
    if (state_ != kStateWaitingForDiskSpace) return;
    state_ = kStateStreaming;
    last_error_.clear();
  }
  spdlog::info("replication: space is available again; applied up to position {}",
               db_.AppliedPosition());
}

void Follower::Run() {
  while (!stopping()) {
    absl::Status status = RunAttempt();
    if (stopping()) return;
    if (GetStatusReason(status) == StatusReason::kDiverged) {
      spdlog::error("replication: DIVERGED: {}; this replica applies nothing more from {} "
                    "and needs a re-clone",
                    status.ToString(), config_.primary_address);
      StopFor(StopReason::kDiverged, status);
      return;
    }
    if (status.code() == absl::StatusCode::kOutOfRange) {
      spdlog::error("replication: the primary no longer has the log after position {}; "
                    "this replica stops following and needs a re-clone: {}",
                    db_.AppliedPosition(), status.ToString());
      StopFor(StopReason::kNeedsClone, status);
      return;
    }
    if (IsOtherHistory(status)) {
      spdlog::error("replication: refusing the primary's log: {}", status.ToString());
      StopFor(StopReason::kOtherCluster, status);
      return;
    }
    if (IsDiskFull(status)) {
      WaitForDiskSpace(status);
    } else {
      spdlog::warn("replication: stream from {} failed: {}", config_.primary_address,
                   status.ToString());
      SetState(kStateConnecting, status);
    }
    // Errors that a quick retry will not fix wait the longest delay.
    if (IsDiskFull(status) || status.code() == absl::StatusCode::kUnauthenticated ||
        status.code() == absl::StatusCode::kFailedPrecondition ||
        status.code() == absl::StatusCode::kInvalidArgument) {
      backoff_.Saturate();
    }
    if (!SleepUnlessStopped(backoff_.Next())) return;
  }
}

absl::Status Follower::RunAttempt() {
  Attempt attempt;
  absl::Status status;
  for (const Step& step : kSteps) {
    status = (this->*step.run)(attempt);
    if (!status.ok()) {
      // The step's name goes in front of the message; the reason stays with the status.
      status = WithReason(
          absl::Status(status.code(), absl::StrCat(step.name, ": ", status.message())),
          GetStatusReason(status));
      break;
    }
  }
  absl::MutexLock lock(&mu_);
  current_ = nullptr;  // `attempt` (and its stream) is destroyed on return
  return status;
}

absl::Status Follower::Connect(Attempt& attempt) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  std::shared_ptr<grpc::ChannelCredentials> credentials = config_.channel_credentials;
  if (credentials == nullptr) credentials = grpc::InsecureChannelCredentials();
  attempt.channel = grpc::CreateCustomChannel(config_.primary_address, credentials, args);
  attempt.stub = v1::Replication::NewStub(attempt.channel);
  // Connection failures surface in the next steps, whose waits Stop() can interrupt.
  return absl::OkStatus();
}

absl::Status Follower::Subscribe(Attempt& attempt) {
  attempt.stream = std::make_unique<FollowerStream>(*attempt.stub, config_.user,
                                                    config_.password, 2 * config_.max_apply_bytes);
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::CancelledError("stopping");
    current_ = attempt.stream.get();
  }
  attempt.applied = db_.AppliedPosition();
  ORDINAL_ASSIGN_OR_RETURN(engine::History history, db_.CurrentHistory());
  v1::ReplicaMessage message;
  v1::Subscribe* subscribe = message.mutable_subscribe();
  HistoryToProto(history, subscribe->mutable_history());
  subscribe->set_cluster_id(db_.ClusterId());
  subscribe->set_after_position(attempt.applied);
  subscribe->set_replica_ordinal(config_.replica_ordinal);
  subscribe->set_replica_address(config_.replica_address);
  if (!attempt.stream->Write(message)) return EndedStatus(*attempt.stream);
  return absl::OkStatus();
}

absl::Status Follower::AwaitWelcome(Attempt& attempt) {
  std::vector<v1::PrimaryMessage> messages;
  switch (attempt.stream->Take(absl::Now() + config_.connect_timeout, 1, &messages)) {
    case FollowerStream::Wait::kTimedOut:
      return absl::DeadlineExceededError(
          absl::StrCat("no Welcome from ", config_.primary_address, " within ",
                       absl::FormatDuration(config_.connect_timeout)));
    case FollowerStream::Wait::kEnded:
      return EndedStatus(*attempt.stream);
    case FollowerStream::Wait::kMessages:
      break;
  }
  if (!messages.front().has_welcome()) {
    return absl::InvalidArgumentError("the primary's first message was not Welcome");
  }
  const v1::Welcome& welcome = messages.front().welcome();
  const std::string ours = db_.ClusterId();
  if (ours.empty()) {
    ORDINAL_RETURN_IF_ERROR(db_.AdoptClusterId(welcome.cluster_id()));
  } else if (ours != welcome.cluster_id()) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          kHistoryMismatch, ": this replica's cluster id ", ours,
                          " is not the primary's ", welcome.cluster_id(),
                          "; the replica must be re-cloned")),
                      StatusReason::kOtherHistory);
  }
  ORDINAL_RETURN_IF_ERROR(CheckHistory(attempt, welcome));
  if (welcome.heartbeat_interval_ms() > 0) {
    attempt.heartbeat_interval = absl::Milliseconds(welcome.heartbeat_interval_ms());
  }
  NotePrimary(welcome.primary_position(), 0);
  {
    absl::MutexLock lock(&mu_);
    // A replica waiting for disk space says so until an apply succeeds.
    if (state_ != kStateWaitingForDiskSpace) {
      state_ = kStateStreaming;
      last_error_.clear();
    }
    ++streams_started_;
  }
  backoff_.Reset();
  spdlog::info("replication: streaming from {} after position {}", config_.primary_address,
               attempt.applied);
  return absl::OkStatus();
}

absl::Status Follower::CheckHistory(Attempt& attempt, const v1::Welcome& welcome) {
  ORDINAL_ASSIGN_OR_RETURN(engine::History primary, HistoryFromProto(welcome.history()));
  ORDINAL_ASSIGN_OR_RETURN(engine::History ours, db_.CurrentHistory());
  {
    absl::MutexLock lock(&mu_);
    primary_history_ = primary;
  }
  const engine::HistoryCheck check =
      engine::CheckOnHistory(ours, attempt.applied, primary, welcome.primary_position());
  if (!check.on_history) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "diverged: ", check.reason, " (applied position ", attempt.applied,
                          ", history ", ours.ToString(), "; primary at ",
                          welcome.primary_position(), ", history ", primary.ToString(), ")")),
                      StatusReason::kDiverged);
  }
  const uint64_t resume = primary.ResumePosition(attempt.applied);
  if (resume != attempt.applied) {
    spdlog::info("replication: the primary's history continues position {} at {} (ordinal 0 "
                 "recovered from a replica); moving on",
                 attempt.applied, resume);
    ORDINAL_RETURN_IF_ERROR(db_.CrossEpochGap(attempt.applied, resume));
    attempt.applied = resume;
  }
  return absl::OkStatus();
}

absl::Status Follower::StreamBatches(Attempt& attempt) {
  const absl::Duration stall = attempt.heartbeat_interval * config_.stall_heartbeats;
  std::vector<v1::PrimaryMessage> messages;
  while (true) {
    messages.clear();
    switch (attempt.stream->Take(absl::Now() + stall, config_.max_apply_bytes, &messages)) {
      case FollowerStream::Wait::kTimedOut:
        return absl::UnavailableError(absl::StrCat(
            "stalled: nothing from the primary for ", absl::FormatDuration(stall)));
      case FollowerStream::Wait::kEnded:
        return EndedStatus(*attempt.stream);
      case FollowerStream::Wait::kMessages:
        break;
    }
    ORDINAL_RETURN_IF_ERROR(ApplyMessages(attempt, messages));
  }
}

absl::Status Follower::ApplyMessages(Attempt& attempt,
                                     std::vector<v1::PrimaryMessage>& messages) {
  std::vector<engine::LogBatch> batches;
  int64_t last_commit_micros = 0;
  for (v1::PrimaryMessage& message : messages) {
    if (message.has_heartbeat()) {
      NotePrimary(message.heartbeat().primary_position(),
                  message.heartbeat().primary_time_micros());
      continue;
    }
    if (!message.has_batches()) {
      return absl::InvalidArgumentError("unexpected message from the primary while streaming");
    }
    v1::Batches& group = *message.mutable_batches();
    NotePrimary(group.primary_position(), group.primary_time_micros());
    for (v1::LogBatch& batch : *group.mutable_batches()) {
      ORDINAL_RETURN_IF_ERROR(VerifyBatch(batch));
      const uint64_t expected =
          batches.empty() ? attempt.applied + 1 : batches.back().last_sequence + 1;
      if (batch.first_position() != expected) {
        return absl::DataLossError(absl::StrFormat(
            "the primary sent batch %d..%d where %d was expected", batch.first_position(),
            batch.last_position(), expected));
      }
      last_commit_micros = batch.commit_time_micros();
      batches.push_back(engine::LogBatch{batch.first_position(), batch.last_position(),
                                         std::move(*batch.mutable_data())});
    }
  }
  if (!batches.empty()) {
    ORDINAL_RETURN_IF_ERROR(db_.ApplyBatches(batches));
    attempt.applied = batches.back().last_sequence;
    NoteApplied(last_commit_micros);
    NoteSpaceAvailable();
  }
  return Ack(attempt);
}

absl::Status Follower::Ack(Attempt& attempt) {
  v1::ReplicaMessage message;
  message.mutable_ack()->set_applied_position(attempt.applied);
  if (!attempt.stream->Write(message)) return EndedStatus(*attempt.stream);
  return absl::OkStatus();
}

void Follower::NotePrimary(uint64_t position, int64_t primary_time_micros) {
  const absl::Time now = absl::Now();
  const uint64_t applied = db_.AppliedPosition();
  absl::MutexLock lock(&mu_);
  primary_position_ = std::max(primary_position_, position);
  if (primary_time_micros != 0) {
    clock_offset_micros_ = primary_time_micros - absl::ToUnixMicros(now);
  }
  if (!behind_since_.has_value() && primary_position_ > applied) behind_since_ = now;
}

void Follower::NoteApplied(int64_t last_commit_micros) {
  const uint64_t applied = db_.AppliedPosition();
  absl::MutexLock lock(&mu_);
  if (applied >= primary_position_) {
    behind_since_.reset();
  } else if (last_commit_micros != 0) {
    // What is still missing committed after the batch applied last.
    const absl::Time committed = absl::FromUnixMicros(last_commit_micros - clock_offset_micros_);
    behind_since_ = behind_since_.has_value() ? std::max(*behind_since_, committed) : committed;
  }
}

v1::ReplicationState Follower::State() const {
  const uint64_t applied = db_.AppliedPosition();
  const absl::StatusOr<engine::History> ours = db_.CurrentHistory();
  const absl::Time now = absl::Now();
  v1::ReplicationState state;
  absl::MutexLock lock(&mu_);
  const uint64_t primary = std::max(primary_position_, applied);
  state.set_state(state_);
  state.set_primary_address(config_.primary_address);
  state.set_applied_position(applied);
  state.set_primary_position(primary);
  state.set_lag_positions(primary - applied);
  double lag_ms = 0;
  if (primary > applied && behind_since_.has_value()) {
    lag_ms = std::max(0.0, absl::ToDoubleMilliseconds(now - *behind_since_));
  }
  state.set_lag_ms(lag_ms);
  state.set_last_error(last_error_);
  HistoryToProto(primary_history_, state.mutable_primary_history());
  if (ours.ok()) HistoryToProto(*ours, state.mutable_history());
  return state;
}

StopReason Follower::stop_reason() const {
  absl::MutexLock lock(&mu_);
  return stop_reason_;
}

uint64_t Follower::streams_started() const {
  absl::MutexLock lock(&mu_);
  return streams_started_;
}

}  // namespace ordinal::replication
