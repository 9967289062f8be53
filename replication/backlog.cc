#include "replication/backlog.h"

#include <algorithm>
#include <utility>

#include "replication/batch_checksum.h"
#include "spdlog/spdlog.h"

namespace ordinal::replication {

ShippedBatchPtr MakeShippedBatch(engine::LogBatch batch, int64_t commit_time_micros) {
  auto shipped = std::make_shared<ShippedBatch>();
  shipped->checksum = BatchChecksum(batch.data);
  shipped->batch = std::move(batch);
  shipped->commit_time_micros = commit_time_micros;
  return shipped;
}

Backlog::Backlog(engine::CommitLog& db, Config config) : db_(db), config_(config) {}

Backlog::~Backlog() { Stop(); }

absl::Status Backlog::Start() {
  {
    absl::MutexLock lock(&mu_);
    if (started_) return absl::FailedPreconditionError("backlog already started");
  }
  const uint64_t start = db_.LatestPosition();
  absl::StatusOr<std::unique_ptr<engine::LogCursor>> cursor = db_.OpenLog(start);
  if (!cursor.ok()) return cursor.status();
  cursor_ = std::move(*cursor);
  {
    absl::MutexLock lock(&mu_);
    started_ = true;
    base_position_ = cursor_->position();
    newest_position_ = cursor_->position();
  }
  tailer_ = std::thread([this] { TailLoop(); });
  return absl::OkStatus();
}

void Backlog::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    changed_.SignalAll();
  }
  if (tailer_.joinable()) tailer_.join();
}

void Backlog::TailLoop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    if (!DrainCursor()) {
      Reopen();
      continue;
    }
    // Wakes on the next commit; the deadline only bounds how late Stop() is noticed.
    db_.WaitForCommitAfter(cursor_->position(), absl::Now() + config_.tailer_wait);
  }
}

bool Backlog::DrainCursor() {
  while (true) {
    absl::StatusOr<std::optional<engine::LogBatch>> next = cursor_->Next();
    if (!next.ok()) {
      spdlog::error("replication backlog: reading the log after {} failed: {}",
                    cursor_->position(), next.status().ToString());
      return false;
    }
    if (!next->has_value()) return true;
    Append(MakeShippedBatch(std::move(**next), absl::ToUnixMicros(absl::Now())));
  }
}

void Backlog::Append(ShippedBatchPtr batch) {
  absl::MutexLock lock(&mu_);
  ring_bytes_ += batch->batch.data.size();
  newest_position_ = batch->batch.last_sequence;
  newest_commit_micros_ = batch->commit_time_micros;
  ring_.push_back(std::move(batch));
  while (ring_.size() > 1 && ring_bytes_ > config_.capacity_bytes) {
    ring_bytes_ -= ring_.front()->batch.data.size();
    base_position_ = ring_.front()->batch.last_sequence;
    ring_.pop_front();
  }
  changed_.SignalAll();
}

// After a read error the ring restarts empty at the latest position: subscribers behind
// it read the log file, which reports a purge precisely.
void Backlog::Reopen() {
  absl::StatusOr<std::unique_ptr<engine::LogCursor>> cursor = db_.OpenLog(db_.LatestPosition());
  absl::MutexLock lock(&mu_);
  if (!cursor.ok()) {
    spdlog::error("replication backlog: reopening the log failed: {}",
                  cursor.status().ToString());
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), config_.tailer_wait);
    return;
  }
  cursor_ = std::move(*cursor);
  ring_.clear();
  ring_bytes_ = 0;
  base_position_ = cursor_->position();
  newest_position_ = cursor_->position();
  changed_.SignalAll();
}

Backlog::ReadResult Backlog::ReadAfter(uint64_t position, size_t max_bytes,
                                       absl::Time deadline) {
  ReadResult result;
  absl::MutexLock lock(&mu_);
  const uint64_t interrupts = interrupts_;
  while (true) {
    if (stopping_) {
      result.outcome = Outcome::kStopped;
      return result;
    }
    if (!started_ || position < base_position_) {
      result.outcome = Outcome::kTooOld;
      return result;
    }
    if (newest_position_ > position) break;
    if (interrupts_ != interrupts || absl::Now() >= deadline) {
      result.outcome = Outcome::kTimedOut;
      return result;
    }
    changed_.WaitWithDeadline(&mu_, deadline);
  }
  auto it = std::upper_bound(ring_.begin(), ring_.end(), position,
                             [](uint64_t p, const ShippedBatchPtr& b) {
                               return p < b->batch.last_sequence;
                             });
  size_t bytes = 0;
  for (; it != ring_.end() && (result.batches.empty() || bytes < max_bytes); ++it) {
    bytes += (*it)->batch.data.size();
    result.batches.push_back(*it);
  }
  result.outcome = Outcome::kBatches;
  return result;
}

bool Backlog::Covers(uint64_t position) const {
  absl::MutexLock lock(&mu_);
  return started_ && position >= base_position_;
}

void Backlog::Interrupt() {
  absl::MutexLock lock(&mu_);
  ++interrupts_;
  changed_.SignalAll();
}

uint64_t Backlog::base_position() const {
  absl::MutexLock lock(&mu_);
  return base_position_;
}

uint64_t Backlog::newest_position() const {
  absl::MutexLock lock(&mu_);
  return newest_position_;
}

int64_t Backlog::newest_commit_time_micros() const {
  absl::MutexLock lock(&mu_);
  return newest_commit_micros_;
}

}  // namespace ordinal::replication
