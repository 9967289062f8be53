// RocksDB implementations of kv::Transaction and kv::Iterator (private to engine/kv).
#ifndef ORDINAL_ENGINE_KV_ROCKS_TRANSACTION_H_
#define ORDINAL_ENGINE_KV_ROCKS_TRANSACTION_H_

#include <memory>

#include "engine/kv/commit_notifier.h"
#include "engine/kv/disk_full_guard.h"
#include "engine/kv/scan_flush_trigger.h"
#include "engine/kv/store.h"
#include "rocksdb/utilities/optimistic_transaction_db.h"
#include "rocksdb/utilities/transaction.h"

namespace ordinal::engine::kv {

// One optimistic transaction. Begun with set_snapshot, so every read (Get, GetForUpdate,
// iterators) sees the snapshot taken at begin plus this transaction's own writes, and commit
// validation checks tracked keys against that same snapshot. AdvanceSnapshot moves RocksDB's
// snapshot of the transaction (reads and the tracking of later keys) to the latest commit;
// the first one stays held for ReadFirstSnapshot.
class RocksTransaction final : public Transaction {
 public:
  // `db`, `disk_full`, `notifier` and `flush` must outlive the transaction; `notifier` hears
  // of every commit that wrote. Commit goes through `disk_full` (disk full); iterators
  // report their steps to `flush`.
  RocksTransaction(rocksdb::OptimisticTransactionDB* db, const rocksdb::WriteOptions& options,
                   DiskFullGuard& disk_full, CommitNotifier& notifier, ScanFlushTrigger& flush);
  ~RocksTransaction() override;

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) override;
  absl::StatusOr<std::optional<std::string>> GetForUpdate(std::string_view key) override;
  absl::Status Put(std::string_view key, std::string_view value) override;
  absl::Status Delete(std::string_view key) override;
  absl::Status DeleteUntracked(std::string_view key) override;
  std::unique_ptr<Iterator> NewIterator(std::string_view lower,
                                        std::string_view upper) override;
  void AdvanceSnapshot() override;
  void ReadFirstSnapshot() override;
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
  CommitNotifier& notifier_;
  ScanFlushTrigger& flush_;
  std::unique_ptr<rocksdb::Transaction> txn_;
  // Declared after txn_, so released before it: the snapshot taken at begin, and the one
  // reads see while advanced (null otherwise). Holding them keeps them readable after
  // RocksDB's own reference moves on (SetSnapshot, RollbackToSavePoint).
  std::shared_ptr<const rocksdb::Snapshot> first_snapshot_;
  std::shared_ptr<const rocksdb::Snapshot> statement_snapshot_;
  rocksdb::ReadOptions read_options_;  // carries one of the two snapshots
  bool finished_ = false;              // committed or rolled back
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_ROCKS_TRANSACTION_H_
