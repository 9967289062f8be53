// The storage seam: the only place in the project that includes <rocksdb/...>. Everything
// above sees keys, values, positions and transactions as plain bytes and integers.
//
// A Store is one RocksDB instance (an OptimisticTransactionDB). A Transaction reads a
// consistent snapshot (taken when the transaction starts, or later by AdvanceSnapshot) plus
// its own writes, buffers its writes, and commits them as one WriteBatch. Conflicts: keys
// read with GetForUpdate and keys written are validated at commit; if any was written by
// another commit after the snapshot it was tracked under, Commit fails with ABORTED (errno
// 1213) and writes nothing.
//
// Thread safety: Store is thread-safe. A Transaction and its iterators are used by one
// thread at a time; iterators must be destroyed before their transaction, and
// transactions before their Store.
#ifndef ORDINAL_ENGINE_KV_STORE_H_
#define ORDINAL_ENGINE_KV_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/log.h"

namespace ordinal::engine::kv {

struct StoreOptions {
  std::string data_dir;
  bool sync_commit = true;
  // The block cache's capacity. The memtables are charged to it (a quarter of it at most
  // before RocksDB flushes), so it bounds cached blocks and unflushed writes together.
  uint64_t block_cache_bytes = 256ull << 20;
  // Log retention (RocksDB WAL archiving). When either bound is non-zero, WAL files that
  // RocksDB no longer needs are moved to <data_dir>/archive instead of being deleted, so
  // OpenLog reads history across flushes and restarts, and are purged once older than
  // log_retention_seconds (WAL_ttl_seconds) or while the archive exceeds
  // log_retention_bytes (WAL_size_limit_MB, rounded up to whole MiB). RocksDB checks
  // the age every log_retention_seconds / 2 when only the age is set, but the size at
  // most every 600 s (and at open) once a size bound is set. Both 0: no archive; the log
  // then holds only the WAL files RocksDB still needs for recovery.
  uint64_t log_retention_seconds = 0;
  uint64_t log_retention_bytes = 0;
  // Called after successful writes to the store (a transaction commit that wrote,
  // DeleteRange, WriteLogBatches), on a writing thread, after the write is visible to new
  // readers: once per newly published latest sequence, so the members of one RocksDB write
  // group call it once between them (kv/commit_notifier.h). Must be cheap and thread-safe.
  std::function<void()> on_commit;
};

// The result of Store::WriteLogBatches.
struct LogWriteResult {
  // Whether any record of the batches may touch a key under the watched prefix.
  bool touched_watched_prefix = false;
};

// A forward iterator over [lower, upper) of a transaction's view. Not positioned until a
// Seek* call. `key()`/`value()` stay valid until the next move.
class Iterator {
 public:
  virtual ~Iterator() = default;
  virtual void SeekToFirst() = 0;           // first key >= lower
  virtual void Seek(std::string_view key) = 0;  // first key >= max(key, lower)
  virtual void SeekToLast() = 0;            // last key < upper
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual void Prev() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // OK, or the error that stopped iteration (Valid() is then false).
  virtual absl::Status status() const = 0;
};

class Transaction {
 public:
  virtual ~Transaction() = default;  // rolls back when not committed

  // Reads `key`; nullopt when absent.
  virtual absl::StatusOr<std::optional<std::string>> Get(std::string_view key) = 0;
  // Reads `key` and registers it for conflict validation at commit.
  virtual absl::StatusOr<std::optional<std::string>> GetForUpdate(std::string_view key) = 0;
  virtual absl::Status Put(std::string_view key, std::string_view value) = 0;
  virtual absl::Status Delete(std::string_view key) = 0;
  // Deletes `key` without registering it for this transaction's own conflict check: the
  // write still makes the commit of any other transaction that read `key` with GetForUpdate
  // after this one's snapshot fail, but two transactions that both only DeleteUntracked the
  // same key do not conflict with each other. Foreign key checks use it on a parent's
  // reference lock key (docs/foreign-keys.md).
  virtual absl::Status DeleteUntracked(std::string_view key) = 0;

  // An iterator over [lower, upper) of the snapshot plus this transaction's writes made
  // before it was created (later writes may or may not show). An empty `upper` means no
  // upper bound.
  virtual std::unique_ptr<Iterator> NewIterator(std::string_view lower,
                                                std::string_view upper) = 0;

  // Statement snapshots (docs/sql-decisions.md, "Change statements read the latest commit").
  // AdvanceSnapshot: from now on reads see the latest commit (a snapshot taken by this call,
  // or the previous statement snapshot when nothing committed since) plus this transaction's
  // writes, and keys written or read with GetForUpdate from now on are validated at commit
  // against the commits after that snapshot. A key tracked earlier keeps its earlier, longer
  // check. ReadFirstSnapshot: reads see the snapshot taken at begin again; the tracking of
  // later writes stays with the latest advanced snapshot.
  virtual void AdvanceSnapshot() = 0;
  virtual void ReadFirstSnapshot() = 0;

  // Statement atomicity: RollbackToSavePoint undoes the writes made since the matching
  // SetSavePoint (a failed statement inside a transaction leaves nothing behind).
  virtual void SetSavePoint() = 0;
  virtual absl::Status RollbackToSavePoint() = 0;
  virtual absl::Status PopSavePoint() = 0;

  // Number of writes buffered.
  virtual uint64_t WriteCount() const = 0;

  // Commits as one WriteBatch. Returns the commit position: a sequence number at or after
  // the batch's last sequence (so a read waiting for it sees the write), or 0 when the
  // transaction wrote nothing. ABORTED on a conflict. A transaction that neither wrote nor
  // read with GetForUpdate has nothing to validate: its commit writes nothing to the log.
  virtual absl::StatusOr<uint64_t> Commit() = 0;
  virtual void Rollback() = 0;
};

// OUT_OF_RANGE: `position` is older than the retained log (it holds batches after
// `oldest_retained` only). The reader needs a clone.
absl::Status LogPurgedError(uint64_t position, uint64_t oldest_retained);

class Store {
 public:
  // Opens or creates the store in options.data_dir.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);
  virtual ~Store() = default;

  virtual std::unique_ptr<Transaction> BeginTransaction() = 0;

  // A read view: a Transaction that reads the latest committed state as BeginTransaction's
  // snapshot would, and cannot write (Put, Delete and DeleteUntracked fail with
  // FAILED_PRECONDITION; GetForUpdate reads like Get and registers nothing; Commit writes
  // nothing and returns 0). For statements that only read: it has no write batch or
  // conflict tracking to set up, and views begun while nothing commits share one RocksDB
  // snapshot (kept until the next view after a commit, so it may hold back one version of
  // each key written since).
  virtual std::unique_ptr<Transaction> BeginRead() = 0;

  // Deletes every key in [begin, end) outside any transaction, as one durable write
  // (used by DROP TABLE / DROP DATABASE after their catalog change commits).
  virtual absl::Status DeleteRange(std::string_view begin, std::string_view end) = 0;

  virtual uint64_t LatestSequence() const = 0;
  virtual std::optional<uint64_t> GetIntProperty(std::string_view name) const = 0;

  // RocksDB's estimate of the bytes that keys in [lower, upper) take, table files
  // (compressed) and memtables together. Cheap (no data is read); for statistics only.
  virtual uint64_t ApproximateSize(std::string_view lower, std::string_view upper) const = 0;

  // ---- the log (docs/replication-log.md) ----

  // A cursor over this store's committed batches after `after_position`. A position past
  // the latest is not an error: the cursor returns nothing until commits reach it. The
  // cursor checks, on its first batch and after every internal reopen, that the batch it
  // reads follows its position; if the log no longer holds that batch (purged),
  // Next() fails with OUT_OF_RANGE. The cursor must not outlive the store.
  virtual std::unique_ptr<LogCursor> OpenLog(uint64_t after_position) = 0;

  // The oldest position a cursor can start after: one before the first sequence of the
  // oldest log file still retained (LatestSequence() when no file holds a batch).
  virtual absl::StatusOr<uint64_t> OldestRetainedPosition() = 0;

  // Writes every record of `batches` (another store's log, each checked with
  // ParseWriteBatch first: DATA_LOSS and nothing written on any malformed batch or on a
  // batch whose header disagrees with its first/last sequence) plus Put(put_key, put_value),
  // as ONE WriteBatch, synced per sync_commit. Reports whether a record touched a key under
  // `watch_prefix`.
  virtual absl::StatusOr<LogWriteResult> WriteLogBatches(const std::vector<LogBatch>& batches,
                                                         std::string_view put_key,
                                                         std::string_view put_value,
                                                         std::string_view watch_prefix) = 0;

  // Writes a checkpoint of the store into `dir` (kv/checkpoint.h; `dir` must not exist, its
  // parent must), flushing the memtable first. Returns a sequence number the checkpoint is
  // guaranteed to contain, not necessarily its latest: read that with ReadClosedStore.
  virtual absl::StatusOr<uint64_t> CreateCheckpoint(const std::string& dir) = 0;

  // Flushes the memtable to a table file (the WAL then rolls over; with retention on, the
  // old WAL file moves to the archive). For tests and shutdown.
  virtual absl::Status Flush() = 0;
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_STORE_H_
