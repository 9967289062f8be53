#include "engine/kv/rocks_transaction.h"

#include <string>
#include <utility>

#include "engine/kv/rocks_reads.h"
#include "engine/kv/rocksdb_status.h"
#include "rocksdb/perf_level.h"
#include "rocksdb/slice.h"
#include "rocksdb/utilities/write_batch_with_index.h"

namespace ordinal::engine::kv {

RocksTransaction::RocksTransaction(rocksdb::OptimisticTransactionDB* db,
                                   const rocksdb::WriteOptions& options, DiskFullGuard& disk_full,
                                   CommitNotifier& notifier, ScanFlushTrigger& flush)
    : db_(db), disk_full_(disk_full), notifier_(notifier), flush_(flush) {
  rocksdb::OptimisticTransactionOptions txn_options;
  txn_options.set_snapshot = true;
  txn_.reset(db_->BeginTransaction(options, txn_options));
  first_snapshot_ = txn_->GetTimestampedSnapshot();
  read_options_.snapshot = first_snapshot_.get();
}

RocksTransaction::~RocksTransaction() {
  if (!finished_) Rollback();
}

absl::Status RocksTransaction::CheckOpen() const {
  if (finished_) return absl::FailedPreconditionError("transaction already finished");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> RocksTransaction::Get(std::string_view key) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  rocksdb::PinnableSlice value;
  // A transaction that has written nothing reads its snapshot directly: looking the key up
  // in its empty write batch first is a layer of work for nothing (as for iterators).
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  rocksdb::Status status =
      WriteCount() > 0
          ? txn_->Get(read_options_, db_->DefaultColumnFamily(), ToSlice(key), &value)
          : db_->Get(read_options_, db_->DefaultColumnFamily(), ToSlice(key), &value);
  return FoundOrNull(status, value, "get");
}

absl::StatusOr<std::optional<std::string>> RocksTransaction::GetForUpdate(
    std::string_view key) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  rocksdb::PinnableSlice value;
  rocksdb::Status status =
      txn_->GetForUpdate(read_options_, db_->DefaultColumnFamily(), ToSlice(key), &value);
  return FoundOrNull(status, value, "get for update");
}

absl::Status RocksTransaction::Put(std::string_view key, std::string_view value) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return FromRocksStatus(txn_->Put(ToSlice(key), ToSlice(value)), "put");
}

absl::Status RocksTransaction::Delete(std::string_view key) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return FromRocksStatus(txn_->Delete(ToSlice(key)), "delete");
}

absl::Status RocksTransaction::DeleteUntracked(std::string_view key) {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  return FromRocksStatus(txn_->DeleteUntracked(ToSlice(key)), "delete untracked");
}

std::unique_ptr<Iterator> RocksTransaction::NewIterator(std::string_view lower,
                                                        std::string_view upper) {
  return NewBoundedIterator(db_, WriteCount() > 0 ? txn_.get() : nullptr, read_options_, lower,
                            upper, flush_);
}

void RocksTransaction::AdvanceSnapshot() {
  // The transaction's current snapshot (the first one, or the last statement's) serves
  // when nothing committed since it was taken; a new one costs the database's mutex.
  const rocksdb::Snapshot* current = txn_->GetSnapshot();
  if (current == nullptr || current->GetSequenceNumber() != db_->GetLatestSequenceNumber()) {
    txn_->SetSnapshot();
  }
  statement_snapshot_ = txn_->GetTimestampedSnapshot();
  read_options_.snapshot = statement_snapshot_.get();
}

void RocksTransaction::ReadFirstSnapshot() {
  read_options_.snapshot = first_snapshot_.get();
  statement_snapshot_.reset();
}

void RocksTransaction::SetSavePoint() { txn_->SetSavePoint(); }

absl::Status RocksTransaction::RollbackToSavePoint() {
  return FromRocksStatus(txn_->RollbackToSavePoint(), "rollback to savepoint");
}

absl::Status RocksTransaction::PopSavePoint() {
  return FromRocksStatus(txn_->PopSavePoint(), "pop savepoint");
}

uint64_t RocksTransaction::WriteCount() const {
  return txn_->GetNumPuts() + txn_->GetNumDeletes() + txn_->GetNumMerges();
}

absl::StatusOr<uint64_t> RocksTransaction::Commit() {
  if (absl::Status s = CheckOpen(); !s.ok()) return s;
  const bool wrote = WriteCount() > 0;
  if (wrote) {
    const size_t batch_bytes = txn_->GetWriteBatch()->GetWriteBatch()->GetDataSize();
    if (absl::Status s = disk_full_.BeforeWrite("commit", batch_bytes); !s.ok()) {
      Rollback();
      return s;
    }
  }
  if (!wrote && txn_->GetNumKeys() == 0) {
    // Nothing to write and nothing to validate: a commit would only sync an empty batch
    // to the WAL (a read-only transaction's COMMIT).
    Rollback();
    return uint64_t{0};
  }
  rocksdb::Status status = txn_->Commit();
  finished_ = true;
  if (!status.ok()) {
    txn_->Rollback().PermitUncheckedError();  // a failed commit wrote nothing; free its state
    return disk_full_.AfterWrite(status, "commit");
  }
  if (!wrote) return uint64_t{0};
  // The latest sequence is published only after our batch is applied, so it is at or after
  // the batch's last sequence; it may also cover later commits of other transactions, which
  // is harmless for a reader waiting for this position.
  const uint64_t position = db_->GetLatestSequenceNumber();
  notifier_.Committed(position);
  return position;
}

void RocksTransaction::Rollback() {
  if (finished_) return;
  finished_ = true;
  txn_->Rollback().PermitUncheckedError();  // rollback of a buffered transaction cannot fail
}

}  // namespace ordinal::engine::kv
