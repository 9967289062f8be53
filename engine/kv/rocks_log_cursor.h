// The RocksDB implementation of LogCursor (private to engine/kv): a TransactionLogIterator
// from GetUpdatesSince, reopened transparently when it goes stale.
//
// GetUpdatesSince(seq) quietly starts at the oldest batch still retained when `seq` was
// purged, so every batch is checked against the cursor's position: a batch starting after
// position + 1 means the batches in between are gone (OUT_OF_RANGE). Empty batches (no
// records, no sequence of their own) are skipped.
#ifndef ORDINAL_ENGINE_KV_ROCKS_LOG_CURSOR_H_
#define ORDINAL_ENGINE_KV_ROCKS_LOG_CURSOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "engine/log.h"
#include "rocksdb/db.h"
#include "rocksdb/transaction_log.h"

namespace ordinal::engine::kv {

class RocksLogCursor final : public LogCursor {
 public:
  // `db` must outlive the cursor. `oldest_retained` reports the oldest retained position,
  // for the OUT_OF_RANGE message.
  RocksLogCursor(rocksdb::DB* db, uint64_t after_position,
                 std::function<absl::StatusOr<uint64_t>()> oldest_retained);

  absl::StatusOr<std::optional<LogBatch>> Next() override;
  uint64_t position() const override { return position_; }

 private:
  // Opens an iterator at position_ + 1. nullopt iterator when nothing was written there yet.
  absl::Status Open();
  // Moves to the next batch: the first one of a fresh iterator, else the one after the
  // batch returned last (or a batch committed since the iterator reached the end).
  void Advance();
  // Checks that `batch` continues position_.
  absl::Status CheckContinues(const LogBatch& batch) const;
  // The answer when commits exist after position_ but no log file yields them: OUT_OF_RANGE
  // when position_ is older than the retained log, else nothing yet.
  absl::StatusOr<std::optional<LogBatch>> NothingReadable() const;

  rocksdb::DB* db_;
  uint64_t position_;
  std::function<absl::StatusOr<uint64_t>()> oldest_retained_;
  std::unique_ptr<rocksdb::TransactionLogIterator> iter_;
  bool fresh_ = false;  // iter_ was just opened and sits on a batch not yet returned
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_ROCKS_LOG_CURSOR_H_
