#include "engine/kv/rocks_transaction.h"

#include <string>
#include <utility>

#include "engine/kv/rocksdb_status.h"
#include "rocksdb/perf_level.h"
#include "rocksdb/slice.h"
#include "rocksdb/utilities/write_batch_with_index.h"

namespace ordinal::engine::kv {
namespace {

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// An iterator over [lower, upper) of a transaction's view. RocksDB is given the bounds (so
// it can skip work), and the bounds are also checked here: the transaction's own writes are
// merged in by a delta iterator, and the bound strings must outlive the RocksDB iterator,
// so this object owns them. A transaction that has written nothing yet reads the snapshot
// through a plain database iterator: there is nothing to merge, and the delta iterator's
// layer costs a few percent of a scan.
class BoundedIterator final : public Iterator {
 public:
  BoundedIterator(rocksdb::OptimisticTransactionDB* db, rocksdb::Transaction* txn,
                  bool has_writes, rocksdb::ReadOptions options, std::string_view lower,
                  std::string_view upper)
      : lower_(lower),
        upper_(upper),
        lower_slice_(lower_),
        upper_slice_(upper_),
        check_upper_(has_writes && !upper_.empty()) {
    if (!lower_.empty()) options.iterate_lower_bound = &lower_slice_;
    if (!upper_.empty()) options.iterate_upper_bound = &upper_slice_;
    // RocksDB counts every step of an iterator in per-thread perf counters unless the
    // thread's perf level says not to; nothing here reads them, and counting through the
    // shared library's thread-local storage costs a few percent of a scan.
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    it_.reset(has_writes ? txn->GetIterator(options) : db->NewIterator(options));
  }

  void SeekToFirst() override {
    backward_ = false;
    it_->Seek(lower_slice_);
  }

  void Seek(std::string_view key) override {
    if (key < std::string_view(lower_)) {
      SeekToFirst();
    } else {
      backward_ = false;
      it_->Seek(ToSlice(key));
    }
  }

  void SeekToLast() override {
    backward_ = true;
    if (upper_.empty()) {
      it_->SeekToLast();
      return;
    }
    // The last key < upper: the last key <= upper, stepping back over upper itself.
    it_->SeekForPrev(upper_slice_);
    if (it_->Valid() && it_->key().compare(upper_slice_) >= 0) it_->Prev();
  }

  bool Valid() const override {
    if (!it_->Valid()) return false;
    rocksdb::Slice key = it_->key();
    if (check_upper_ && key.compare(upper_slice_) >= 0) return false;
    // Moving forward from a seek at or past `lower`, keys never fall below it.
    return !backward_ || key.compare(lower_slice_) >= 0;
  }

  void Next() override { it_->Next(); }
  void Prev() override {
    backward_ = true;
    it_->Prev();
  }
  std::string_view key() const override { return it_->key().ToStringView(); }
  std::string_view value() const override { return it_->value().ToStringView(); }
  absl::Status status() const override { return FromRocksStatus(it_->status(), "iterate"); }

 private:
  const std::string lower_;
  const std::string upper_;
  const rocksdb::Slice lower_slice_;
  const rocksdb::Slice upper_slice_;
  // A database iterator stops at iterate_upper_bound itself; the delta iterator over a
  // transaction's writes is checked here.
  const bool check_upper_;
  std::unique_ptr<rocksdb::Iterator> it_;
  bool backward_ = false;  // a SeekToLast or Prev since the last forward seek
};

absl::StatusOr<std::optional<std::string>> FoundOrNull(const rocksdb::Status& status,
                                                       rocksdb::PinnableSlice& value,
                                                       std::string_view context) {
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return FromRocksStatus(status, context);
  return std::optional<std::string>(value.ToString());
}

}  // namespace

RocksTransaction::RocksTransaction(rocksdb::OptimisticTransactionDB* db,
                                   const rocksdb::WriteOptions& options, DiskFullGuard& disk_full,
                                   const std::function<void()>& on_commit)
    : db_(db), disk_full_(disk_full), on_commit_(on_commit) {
  rocksdb::OptimisticTransactionOptions txn_options;
  txn_options.set_snapshot = true;
  txn_.reset(db_->BeginTransaction(options, txn_options));
  read_options_.snapshot = txn_->GetSnapshot();
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
  return std::make_unique<BoundedIterator>(db_, txn_.get(), WriteCount() > 0, read_options_,
                                           lower, upper);
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
  if (on_commit_) on_commit_();
  // The latest sequence is published only after our batch is applied, so it is at or after
  // the batch's last sequence; it may also cover later commits of other transactions, which
  // is harmless for a reader waiting for this position.
  return db_->GetLatestSequenceNumber();
}

void RocksTransaction::Rollback() {
  if (finished_) return;
  finished_ = true;
  txn_->Rollback().PermitUncheckedError();  // rollback of a buffered transaction cannot fail
}

}  // namespace ordinal::engine::kv
