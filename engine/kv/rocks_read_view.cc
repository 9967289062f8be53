#include "engine/kv/rocks_read_view.h"

#include <utility>

#include "engine/kv/rocks_reads.h"
#include "rocksdb/perf_level.h"

namespace ordinal::engine::kv {

std::shared_ptr<const rocksdb::Snapshot> SnapshotCache::Latest() {
  // Commits publish their sequence before they are acknowledged, so a snapshot at the
  // latest sequence read here sees every commit acknowledged before this call.
  const rocksdb::SequenceNumber latest = db_->GetLatestSequenceNumber();
  {
    absl::MutexLock lock(&mu_);
    if (cached_ != nullptr && cached_->GetSequenceNumber() == latest) return cached_;
  }
  rocksdb::DB* const db = db_;
  std::shared_ptr<const rocksdb::Snapshot> fresh(
      db->GetSnapshot(), [db](const rocksdb::Snapshot* s) { db->ReleaseSnapshot(s); });
  std::shared_ptr<const rocksdb::Snapshot> replaced;  // released after the lock
  absl::MutexLock lock(&mu_);
  if (cached_ == nullptr || cached_->GetSequenceNumber() < fresh->GetSequenceNumber()) {
    replaced = std::exchange(cached_, fresh);
  }
  return fresh;
}

void SnapshotCache::Clear() {
  std::shared_ptr<const rocksdb::Snapshot> replaced;
  absl::MutexLock lock(&mu_);
  replaced = std::move(cached_);
}

RocksReadView::RocksReadView(rocksdb::DB* db, std::shared_ptr<const rocksdb::Snapshot> snapshot,
                             ScanFlushTrigger& flush)
    : db_(db), snapshot_(std::move(snapshot)), flush_(flush) {
  read_options_.snapshot = snapshot_.get();
}

absl::StatusOr<std::optional<std::string>> RocksReadView::Get(std::string_view key) {
  rocksdb::PinnableSlice value;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);  // as RocksTransaction::Get
  const rocksdb::Status status =
      db_->Get(read_options_, db_->DefaultColumnFamily(), ToSlice(key), &value);
  return FoundOrNull(status, value, "get");
}

absl::StatusOr<std::optional<std::string>> RocksReadView::GetForUpdate(std::string_view key) {
  return Get(key);
}

namespace {

absl::Status ViewCannotWrite() {
  return absl::FailedPreconditionError("a read view cannot write");
}

}  // namespace

absl::Status RocksReadView::Put(std::string_view, std::string_view) { return ViewCannotWrite(); }

absl::Status RocksReadView::Delete(std::string_view) { return ViewCannotWrite(); }

absl::Status RocksReadView::DeleteUntracked(std::string_view) { return ViewCannotWrite(); }

std::unique_ptr<Iterator> RocksReadView::NewIterator(std::string_view lower,
                                                     std::string_view upper) {
  return NewBoundedIterator(db_, nullptr, read_options_, lower, upper, flush_);
}

}  // namespace ordinal::engine::kv
