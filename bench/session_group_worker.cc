#include "bench/session_group_worker.h"

#include <algorithm>
#include <thread>

#include "bench/drivers/ordinal_connection.h"
#include "common/sql_error.h"

namespace ordinal::bench::runner_internal {
namespace {

// How long the loop waits for answers before looking at the clock again.
constexpr std::chrono::milliseconds kPollInterval{100};
// The pause before retrying after UNAVAILABLE, as the blocking runner's.
constexpr std::chrono::milliseconds kUnavailablePause{10};

}  // namespace

SessionGroupWorker::SessionGroupWorker(Shared* shared, WorkerStats* stats, int first_session,
                                       int sessions)
    : shared_(shared), stats_(stats), first_session_(first_session) {
  sessions_.reserve(sessions);
  for (int i = 0; i < sessions; ++i) {
    sessions_.emplace_back(SessionSeed(*shared->options, first_session + i));
  }
}

absl::StatusOr<std::unique_ptr<SessionGroup>> SessionGroupWorker::Open(int endpoint) const {
  const Target& t = *shared_->target;
  ClientOptions options;
  options.address = t.endpoints.at(endpoint).address();
  options.user = t.user;
  options.password = t.password;
  options.database = *shared_->database;
  options.timeout = std::chrono::milliseconds(30000);
  return SessionGroup::Connect(options, static_cast<int>(sessions_.size()));
}

absl::Status SessionGroupWorker::Connect() {
  absl::StatusOr<std::unique_ptr<SessionGroup>> group = Open(0);
  if (!group.ok()) return group.status();
  group_ = *std::move(group);
  const int replicas = shared_->target->replica_count();
  if (replicas > 0 && shared_->options->read_from == ReadFrom::kReplicas) {
    absl::StatusOr<std::unique_ptr<SessionGroup>> replica = Open(1 + first_session_ % replicas);
    if (!replica.ok()) return replica.status();
    replica_group_ = *std::move(replica);
  }
  return absl::OkStatus();
}

int SessionGroupWorker::in_flight() const {
  return group_->in_flight() + (replica_group_ != nullptr ? replica_group_->in_flight() : 0);
}

void SessionGroupWorker::Poll(std::chrono::milliseconds wait) {
  const bool primary = group_->in_flight() > 0;
  const bool replica = replica_group_ != nullptr && replica_group_->in_flight() > 0;
  if (!primary || !replica) {
    (primary ? group_ : replica_group_)->Poll(wait);
    return;
  }
  // Both groups wait for answers: take what either has, blocking briefly only when neither
  // had any.
  constexpr std::chrono::milliseconds kNow{0};
  if (group_->Poll(kNow) + replica_group_->Poll(kNow) == 0) {
    replica_group_->Poll(std::chrono::milliseconds(1));
  }
}

void SessionGroupWorker::Loop() {
  for (int i = 0; i < static_cast<int>(sessions_.size()); ++i) StartTransaction(i);
  while (in_flight() > 0 || !delayed_.empty()) {
    std::chrono::milliseconds wait = kPollInterval;
    if (!delayed_.empty()) {
      const Clock::time_point due =
          std::min_element(delayed_.begin(), delayed_.end())->first;
      wait = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(
                            due - Clock::now() + std::chrono::milliseconds(1)),
                        std::chrono::milliseconds(0), kPollInterval);
    }
    if (in_flight() > 0) {
      Poll(wait);
    } else {
      std::this_thread::sleep_for(wait);
    }
    const Clock::time_point now = Clock::now();
    auto due = std::partition(delayed_.begin(), delayed_.end(),
                              [now](const auto& d) { return d.first > now; });
    std::vector<std::pair<Clock::time_point, int>> ready(due, delayed_.end());
    delayed_.erase(due, delayed_.end());
    for (const auto& [when, i] : ready) StartAttempt(i);
  }
}

void SessionGroupWorker::StartTransaction(int i) {
  if (shared_->stop.load(std::memory_order_relaxed)) return;
  Session& s = sessions_[i];
  shared_->workload->Next(s.rng, &s.txn);
  s.group = replica_group_ != nullptr && s.txn.read_only() ? replica_group_.get() : group_.get();
  s.begin = Clock::now();
  s.counters = Counters();
  s.attempt = 1;
  StartAttempt(i);
}

void SessionGroupWorker::StartAttempt(int i) {
  Session& s = sessions_[i];
  if (s.txn.explicit_transaction) {
    s.step = Step::kBegin;
    Send(i, "BEGIN");
    return;
  }
  s.step = Step::kStatement;
  s.next = 0;
  if (s.txn.statements.empty()) {
    StatementsDone(i);
    return;
  }
  Send(i, s.txn.statements[0]);
}

void SessionGroupWorker::Send(int i, std::string_view sql) {
  sessions_[i].group->Execute(i, sql,
                  [this, i](absl::StatusOr<ResultSet> result) { OnAnswer(i, std::move(result)); });
}

void SessionGroupWorker::Send(int i, const Statement& statement) {
  if (shared_->target->text_statements) {
    Send(i, statement.Text());
    return;
  }
  sessions_[i].group->Execute(i, statement.sql, statement.params,
                  [this, i](absl::StatusOr<ResultSet> result) { OnAnswer(i, std::move(result)); });
}

void SessionGroupWorker::OnAnswer(int i, absl::StatusOr<ResultSet> result) {
  Session& s = sessions_[i];
  // The same work on every answer as the blocking driver (OrdinalConnection) does.
  if (result.ok()) QueryResultFrom(*result);
  if (s.step == Step::kRollback) {
    // Best effort, as the blocking runner's: the attempt failed already.
    AttemptFailed(i, s.failure);
    return;
  }
  if (!result.ok()) {
    if (s.txn.explicit_transaction) {
      s.failure = result.status();
      s.step = Step::kRollback;
      Send(i, "ROLLBACK");
      return;
    }
    AttemptFailed(i, result.status());
    return;
  }
  switch (s.step) {
    case Step::kBegin:
      ++s.counters.other;
      s.step = Step::kStatement;
      s.next = 0;
      if (s.txn.statements.empty()) {
        StatementsDone(i);
      } else {
        Send(i, s.txn.statements[0]);
      }
      return;
    case Step::kStatement:
      if (++s.next < s.txn.statements.size()) {
        Send(i, s.txn.statements[s.next]);
      } else {
        StatementsDone(i);
      }
      return;
    case Step::kCommit:
      ++s.counters.other;
      Committed(i);
      return;
    case Step::kRollback:
      return;
  }
}

void SessionGroupWorker::StatementsDone(int i) {
  Session& s = sessions_[i];
  s.counters.reads += s.txn.reads;
  s.counters.writes += s.txn.writes;
  if (s.txn.explicit_transaction) {
    s.step = Step::kCommit;
    Send(i, "COMMIT");
    return;
  }
  Committed(i);
}

void SessionGroupWorker::Committed(int i) {
  ++sessions_[i].counters.transactions;
  Record(i, "");
  StartTransaction(i);
}

void SessionGroupWorker::AttemptFailed(int i, const absl::Status& status) {
  Session& s = sessions_[i];
  // A retryable failure once the run has ended is cut off by the end, not an error.
  if (IsRetryable(status) && shared_->stop.load(std::memory_order_relaxed)) {
    Record(i, "");
    return;
  }
  if (!IsRetryable(status) || s.attempt >= kMaxAttempts) {
    ++s.counters.errors;
    Record(i, std::string(status.ToString()));
    StartTransaction(i);
    return;
  }
  ++s.counters.retries;
  ++s.attempt;
  if (status.code() == absl::StatusCode::kUnavailable) {
    delayed_.emplace_back(Clock::now() + kUnavailablePause, i);
    return;
  }
  StartAttempt(i);
}

void SessionGroupWorker::Record(int i, const std::string& error) {
  const Session& s = sessions_[i];
  const uint64_t nanos =
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - s.begin).count();
  stats_->Record(s.counters, nanos, error);
}

}  // namespace ordinal::bench::runner_internal
