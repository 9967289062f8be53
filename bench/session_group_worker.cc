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
    : shared_(shared), stats_(stats) {
  sessions_.reserve(sessions);
  for (int i = 0; i < sessions; ++i) {
    sessions_.emplace_back(SessionSeed(*shared->options, first_session + i));
  }
}

absl::Status SessionGroupWorker::Connect() {
  const Target& t = *shared_->target;
  ClientOptions options;
  options.address = t.endpoints.at(0).address();
  options.user = t.user;
  options.password = t.password;
  options.database = *shared_->database;
  options.timeout = std::chrono::milliseconds(30000);
  absl::StatusOr<std::unique_ptr<SessionGroup>> group =
      SessionGroup::Connect(options, static_cast<int>(sessions_.size()));
  if (!group.ok()) return group.status();
  group_ = *std::move(group);
  return absl::OkStatus();
}

void SessionGroupWorker::Loop() {
  for (int i = 0; i < static_cast<int>(sessions_.size()); ++i) StartTransaction(i);
  while (group_->in_flight() > 0 || !delayed_.empty()) {
    std::chrono::milliseconds wait = kPollInterval;
    if (!delayed_.empty()) {
      const Clock::time_point due =
          std::min_element(delayed_.begin(), delayed_.end())->first;
      wait = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(
                            due - Clock::now() + std::chrono::milliseconds(1)),
                        std::chrono::milliseconds(0), kPollInterval);
    }
    if (group_->in_flight() > 0) {
      group_->Poll(wait);
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
  group_->Execute(i, sql,
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
