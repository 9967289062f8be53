// Read views over a RocksDB database (private to engine/kv): the kv::Transaction that
// Store::BeginRead returns, and the snapshot cache that lets views begun while nothing
// commits share one RocksDB snapshot.
#ifndef ORDINAL_ENGINE_KV_ROCKS_READ_VIEW_H_
#define ORDINAL_ENGINE_KV_ROCKS_READ_VIEW_H_

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "engine/kv/scan_flush_trigger.h"
#include "engine/kv/store.h"
#include "rocksdb/db.h"
#include "rocksdb/snapshot.h"

namespace ordinal::engine::kv {

// The latest snapshot of a database, kept while no commit moves the database's latest
// sequence past it. Taking and releasing a RocksDB snapshot each locks the database's
// mutex; views begun between two commits share one instead. The cached snapshot holds
// back, until the next Latest() after a commit, the versions of keys that later commits
// overwrite or delete (at most one version of each key).
//
// Thread-safe. `db` must outlive the cache and every snapshot it handed out.
class SnapshotCache {
 public:
  explicit SnapshotCache(rocksdb::DB* db) : db_(db) {}

  // A snapshot at the latest committed sequence: it sees every commit that was visible to
  // readers when Latest() was called. Released when the last holder drops it (and the
  // cache no longer keeps it).
  std::shared_ptr<const rocksdb::Snapshot> Latest();

  // Drops the cached snapshot (before the database closes).
  void Clear();

 private:
  rocksdb::DB* const db_;
  absl::Mutex mu_;
  std::shared_ptr<const rocksdb::Snapshot> cached_ ABSL_GUARDED_BY(mu_);
};

// A kv::Transaction that only reads, from one snapshot (Store::BeginRead). Writes fail
// with FAILED_PRECONDITION; GetForUpdate reads like Get (a view commits nothing, so there
// is nothing to validate); savepoints are empty; Commit writes nothing and returns 0.
// Thread safety as kv::Transaction: one thread at a time; `db` and `flush` (which hears of
// the view's iterators' steps) must outlive the view.
class RocksReadView final : public Transaction {
 public:
  RocksReadView(rocksdb::DB* db, std::shared_ptr<const rocksdb::Snapshot> snapshot,
                ScanFlushTrigger& flush);

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) override;
  absl::StatusOr<std::optional<std::string>> GetForUpdate(std::string_view key) override;
  absl::Status Put(std::string_view key, std::string_view value) override;
  absl::Status Delete(std::string_view key) override;
  absl::Status DeleteUntracked(std::string_view key) override;
  std::unique_ptr<Iterator> NewIterator(std::string_view lower,
                                        std::string_view upper) override;
  void AdvanceSnapshot() override {}  // a view reads its one snapshot
  void ReadFirstSnapshot() override {}
  void SetSavePoint() override {}
  absl::Status RollbackToSavePoint() override { return absl::OkStatus(); }
  absl::Status PopSavePoint() override { return absl::OkStatus(); }
  uint64_t WriteCount() const override { return 0; }
  absl::StatusOr<uint64_t> Commit() override { return uint64_t{0}; }
  void Rollback() override {}

 private:
  rocksdb::DB* const db_;
  const std::shared_ptr<const rocksdb::Snapshot> snapshot_;
  ScanFlushTrigger& flush_;
  rocksdb::ReadOptions read_options_;  // carries snapshot_
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_ROCKS_READ_VIEW_H_
