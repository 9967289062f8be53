// RocksDB implementations of kv::Transaction and kv::Iterator (private to engine/kv).
#ifndef ORDINAL_ENGINE_KV_ROCKS_TRANSACTION_H_
#define ORDINAL_ENGINE_KV_ROCKS_TRANSACTION_H_

#include <functional>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

#include "engine/kv/disk_full_guard.h"
#include "engine/kv/store.h"
#include "rocksdb/utilities/optimistic_transaction_db.h"
#include "rocksdb/utilities/transaction.h"

namespace ordinal::engine::kv {

// Finished RocksDB transaction objects kept for reuse: RocksDB begins a transaction in an
// old object (BeginTransaction's `old_txn`) for less than it costs to build a new one and to
// destroy it. Only transactions that wrote nothing are kept (a transaction keeps the
// capacity of its write batch), none holds a snapshot while kept, and at most kMaxKept.
// Must be cleared before its database closes. Thread-safe.
class TransactionPool {
 public:
  static constexpr size_t kMaxKept = 64;

  // A kept transaction, or nullptr when none is.
  std::unique_ptr<rocksdb::Transaction> Take();
  // Keeps `txn` (finished, without a snapshot), or deletes it when kMaxKept are kept.
  void Give(std::unique_ptr<rocksdb::Transaction> txn);
  // Deletes every kept transaction.
  void Clear();

 private:
  absl::Mutex mu_;
  std::vector<std::unique_ptr<rocksdb::Transaction>> kept_ ABSL_GUARDED_BY(mu_);
};

// One optimistic transaction. Begun with set_snapshot, so every read (Get, GetForUpdate,
// iterators) sees the snapshot taken at begin plus this transaction's own writes, and commit
// validation checks tracked keys against that same snapshot.
class RocksTransaction final : public Transaction {
 public:
  // `db`, `disk_full` and `on_commit` must outlive the transaction; `on_commit` (may be
  // empty) runs after a commit that wrote. Commit goes through `disk_full` (disk full).
  // `pool` (which must outlive it too) lends the RocksDB transaction object and takes it
  // back when this transaction is destroyed without having written.
  RocksTransaction(rocksdb::OptimisticTransactionDB* db, const rocksdb::WriteOptions& options,
                   DiskFullGuard& disk_full, const std::function<void()>& on_commit,
                   TransactionPool& pool);
  ~RocksTransaction() override;

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) override;
  absl::StatusOr<std::optional<std::string>> GetForUpdate(std::string_view key) override;
  absl::Status Put(std::string_view key, std::string_view value) override;
  absl::Status Delete(std::string_view key) override;
  absl::Status DeleteUntracked(std::string_view key) override;
  std::unique_ptr<Iterator> NewIterator(std::string_view lower,
                                        std::string_view upper) override;
  void SetSavePoint() override;
  absl::Status RollbackToSavePoint() override;
  absl::Status PopSavePoint() override;
  uint64_t WriteCount() const override;
  absl::StatusOr<uint64_t> Commit() override;
  void Rollback() override;

 private:
  absl::Status CheckOpen() const;

  rocksdb::OptimisticTransactionDB* db_;
  DiskFullGuard& disk_full_;
  const std::function<void()>& on_commit_;
  TransactionPool& pool_;
  std::unique_ptr<rocksdb::Transaction> txn_;
  bool wrote_ = false;  // a Put or Delete was called (the object is not kept for reuse)
  rocksdb::ReadOptions read_options_;  // carries the transaction's snapshot
  bool finished_ = false;              // committed or rolled back
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_ROCKS_TRANSACTION_H_
