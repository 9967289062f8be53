#include "replication/log_source.h"

#include <utility>

#include "common/status_macros.h"

namespace ordinal::replication {

LogSource::LogSource(engine::CommitLog& db, Backlog& backlog, uint64_t after_position,
                     Config config)
    : db_(db), backlog_(backlog), config_(config), position_(after_position) {}

absl::Status LogSource::CheckRetained() {
  if (backlog_.Covers(position_)) return absl::OkStatus();
  ORDINAL_RETURN_IF_ERROR(OpenCursor());
  ORDINAL_ASSIGN_OR_RETURN(std::optional<engine::LogBatch> first, cursor_->Next());
  pending_ = std::move(first);
  return absl::OkStatus();
}

absl::Status LogSource::OpenCursor() {
  ORDINAL_ASSIGN_OR_RETURN(cursor_, db_.OpenLog(position_));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ShippedBatchPtr>> LogSource::ReadFile() {
  if (cursor_ == nullptr) ORDINAL_RETURN_IF_ERROR(OpenCursor());
  std::vector<ShippedBatchPtr> batches;
  size_t bytes = 0;
  while (bytes < config_.max_message_bytes) {
    std::optional<engine::LogBatch> batch;
    if (pending_.has_value()) {
      batch = std::move(pending_);
      pending_.reset();
    } else {
      ORDINAL_ASSIGN_OR_RETURN(batch, cursor_->Next());
    }
    if (!batch.has_value()) break;
    bytes += batch->data.size();
    batches.push_back(MakeShippedBatch(std::move(*batch), 0));
  }
  return batches;
}

absl::StatusOr<std::vector<ShippedBatchPtr>> LogSource::Next(absl::Time deadline) {
  while (true) {
    // The ring is preferred whenever it covers the position: lower latency, commit times.
    if (!pending_.has_value() && backlog_.Covers(position_)) {
      cursor_.reset();
      Backlog::ReadResult read =
          backlog_.ReadAfter(position_, config_.max_message_bytes, deadline);
      switch (read.outcome) {
        case Backlog::Outcome::kBatches:
          position_ = read.batches.back()->batch.last_sequence;
          return std::move(read.batches);
        case Backlog::Outcome::kTimedOut:
          return std::vector<ShippedBatchPtr>{};
        case Backlog::Outcome::kStopped:
          return absl::UnavailableError("the primary's log backlog stopped");
        case Backlog::Outcome::kTooOld:
          break;  // evicted meanwhile: read the file
      }
    }
    ORDINAL_ASSIGN_OR_RETURN(std::vector<ShippedBatchPtr> batches, ReadFile());
    if (!batches.empty()) {
      position_ = batches.back()->batch.last_sequence;
      return batches;
    }
    // Caught up with the file. Normally the ring covers the position now; if it does not
    // (the backlog restarted ahead of us), wait for the next commit and read the file.
    if (backlog_.Covers(position_)) continue;
    if (!db_.WaitForCommitAfter(position_, deadline)) return std::vector<ShippedBatchPtr>{};
  }
}

}  // namespace ordinal::replication
