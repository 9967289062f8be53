#include "engine/kv/rocks_log_cursor.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/kv/rocksdb_status.h"
#include "rocksdb/write_batch.h"

namespace ordinal::engine::kv {
namespace {

// How many times one Next() call reopens a stale iterator before giving up until the next
// call. One reopen is the normal case (the WAL rolled over to a file the iterator did not
// know); a second covers a roll-over racing with the first reopen.
constexpr int kMaxReopensPerNext = 2;

}  // namespace

RocksLogCursor::RocksLogCursor(rocksdb::DB* db, uint64_t after_position,
                               std::function<absl::StatusOr<uint64_t>()> oldest_retained)
    : db_(db), position_(after_position), oldest_retained_(std::move(oldest_retained)) {}

absl::Status RocksLogCursor::Open() {
  iter_.reset();
  fresh_ = false;
  std::unique_ptr<rocksdb::TransactionLogIterator> iter;
  rocksdb::Status status =
      db_->GetUpdatesSince(position_ + 1, &iter,
                           rocksdb::TransactionLogIterator::ReadOptions(/*verify_checksums=*/true));
  if (status.IsNotFound() && iter == nullptr) return absl::OkStatus();  // not written yet
  if (iter == nullptr || (!status.ok() && !iter->Valid())) {
    return FromRocksStatus(status, absl::StrCat("read the log after position ", position_));
  }
  iter_ = std::move(iter);
  fresh_ = true;
  return absl::OkStatus();
}

void RocksLogCursor::Advance() {
  if (fresh_) {
    fresh_ = false;
    return;
  }
  iter_->Next();
}

absl::Status LogPurgedError(uint64_t position, uint64_t oldest_retained) {
  return absl::OutOfRangeError(absl::StrCat("position ", position,
                                            " was purged from the retained log; the oldest "
                                            "retained position is ",
                                            oldest_retained, ": a clone is needed"));
}

absl::Status RocksLogCursor::CheckContinues(const LogBatch& batch) const {
  if (batch.first_sequence <= position_ + 1) return absl::OkStatus();
  uint64_t oldest = batch.first_sequence - 1;
  if (absl::StatusOr<uint64_t> retained = oldest_retained_(); retained.ok()) {
    oldest = *retained;
  }
  return LogPurgedError(position_, oldest);
}

absl::StatusOr<std::optional<LogBatch>> RocksLogCursor::NothingReadable() const {
  absl::StatusOr<uint64_t> oldest = oldest_retained_();
  if (!oldest.ok()) return oldest.status();
  if (position_ < *oldest) return LogPurgedError(position_, *oldest);
  return std::nullopt;  // retried on the next call
}

absl::StatusOr<std::optional<LogBatch>> RocksLogCursor::Next() {
  int reopens = 0;
  rocksdb::Status last_error;
  while (true) {
    if (iter_ == nullptr) {
      if (db_->GetLatestSequenceNumber() <= position_) return std::nullopt;
      if (reopens++ == kMaxReopensPerNext) {
        if (last_error.ok()) return NothingReadable();
        return FromRocksStatus(last_error, absl::StrCat("read the log after position ", position_));
      }
      if (absl::Status s = Open(); !s.ok()) return s;
      // Committed but no WAL file holds it: purged (or, racing a roll-over, retried later).
      if (iter_ == nullptr) return NothingReadable();
    }
    Advance();
    if (!iter_->Valid()) {
      rocksdb::Status status = iter_->status();
      if (status.ok() && db_->GetLatestSequenceNumber() <= position_) {
        return std::nullopt;  // caught up: the iterator sees later writes to its file
      }
      // Stale (the WAL rolled over: TryAgain) or failed: reopen after position_.
      last_error = status;
      iter_.reset();
      continue;
    }
    rocksdb::BatchResult result = iter_->GetBatch();
    const uint64_t count = result.writeBatchPtr->Count();
    if (count == 0) continue;  // an empty batch holds no sequence of its own
    LogBatch batch;
    batch.first_sequence = result.sequence;
    batch.last_sequence = result.sequence + count - 1;
    if (batch.last_sequence <= position_) continue;  // already delivered
    if (absl::Status s = CheckContinues(batch); !s.ok()) return s;
    batch.data = result.writeBatchPtr->Data();
    position_ = batch.last_sequence;
    return batch;
  }
}

}  // namespace ordinal::engine::kv
