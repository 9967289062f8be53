// The engine's facade: a Database is one RocksDB instance holding every SQL database of a
// server; a Session is one client's connection state (current database, open transaction).
// The server layer talks to the engine only through this header.
//
// Thread safety: Database is thread-safe; many Sessions run statements concurrently and
// nothing above RocksDB serializes independent commits (they share fsyncs through RocksDB's
// group commit). A Session is used by one thread at a time.
//
// Transactions: every statement outside BEGIN..COMMIT autocommits. A transaction commits as
// one RocksDB WriteBatch; its reads see a snapshot taken at its first statement plus its
// own writes. Rows read for update (UPDATE/DELETE targets, SELECT ... FOR UPDATE) and keys
// written are validated at commit: if another transaction committed a write to any of them
// since the snapshot, the commit fails with ABORTED (errno 1213), nothing is written, and
// the client may retry.
//
// Replication (docs/replication-log.md): a primary's committed batches are read with
// OpenLog; a replica applies them with ApplyBatches, refuses writes from sessions, and
// reports the primary's position it has applied as its LatestPosition().
#ifndef ORDINAL_ENGINE_DATABASE_H_
#define ORDINAL_ENGINE_DATABASE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/history.h"
#include "engine/log.h"
#include "engine/sql/ast.h"
#include "engine/types/column_metadata.h"
#include "engine/types/value.h"

namespace ordinal::engine {

enum class DatabaseRole {
  kPrimary,  // accepts writes; its log is the replication log
  kReplica,  // read-only; applies the primary's log with ApplyBatches
};

struct DatabaseOptions {
  // Directory of the RocksDB instance; created when missing.
  std::string data_dir;
  // Fsync the WAL before a commit is acknowledged (--sync_commit). Off trades durability of
  // the last commits on a machine crash for latency; a process crash loses nothing either way.
  bool sync_commit = true;
  // Size of RocksDB's block cache (--block_cache_mb); tables may be far larger.
  uint64_t block_cache_bytes = 256ull << 20;
  DatabaseRole role = DatabaseRole::kPrimary;
  // On a replica, the primary's address, named in the error a write gets.
  std::string primary_address;
  // The primary's log retention (--log_retention_seconds, --log_retention_bytes): the log
  // stays readable by OpenLog (across flushes and restarts) until older than the age or
  // while larger than the size. RocksDB checks the age every log_retention_seconds / 2 when
  // only the age is set, but checks the size at most every 600 s (and at open). Both 0:
  // nothing is kept beyond the WAL that recovery still needs. Unused on a replica.
  uint64_t log_retention_seconds = 24 * 3600;
  uint64_t log_retention_bytes = 1ull << 30;
};

struct ResultColumn {
  std::string name;
  ColumnType type = ColumnType::kText;
  // MySQL's column definition (type code, length, flags, decimals, collation, origin).
  // Unset for columns whose producer gave only a type: Metadata() derives it from `type`.
  std::optional<ColumnMetadata> metadata;

  ColumnMetadata Metadata() const { return metadata ? *metadata : ExpressionMetadata(type); }
};

struct ResultSet {
  bool has_rows = false;  // the statement returns a result set (possibly empty)
  std::vector<ResultColumn> columns;
  std::vector<std::vector<Value>> rows;
  uint64_t rows_affected = 0;
  uint64_t last_insert_id = 0;
  uint64_t commit_position = 0;  // 0 when nothing was committed
  std::string info;
};

// A consistent, openable copy of a Database made by Database::CreateCheckpoint.
struct CheckpointInfo {
  // The primary's position the copy holds exactly: everything up to it, nothing after.
  uint64_t position = 0;
  // The history the copy belongs to, and its epochs up to `position`.
  std::string cluster_id;
  History history;
  // Every file of the copy, relative to its directory, '/'-separated, sorted.
  std::vector<std::string> files;
  // Their total size in bytes.
  uint64_t total_bytes = 0;
};

class Session;

class Database {
 public:
  // Opens (or creates) the database in options.data_dir. Fails with the RocksDB error when
  // the directory is locked by another process or unreadable.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  virtual ~Database() = default;

  // A new session with no database selected (`database` selects one, like USE; it must
  // exist: NOT_FOUND otherwise).
  virtual absl::StatusOr<std::unique_ptr<Session>> NewSession(std::string_view database) = 0;

  // The newest position of this server's content, in the primary's numbering: on a
  // primary, its newest committed position (RocksDB's latest sequence number); on a
  // replica, AppliedPosition().
  virtual uint64_t LatestPosition() const = 0;

  // An integer RocksDB property such as "rocksdb.estimate-num-keys", for metrics.
  virtual std::optional<uint64_t> GetIntProperty(std::string_view name) const = 0;

  virtual DatabaseRole role() const = 0;

  // ---- waiting for positions (thread-safe; wakes on commit or apply, no polling) ----

  // Returns true as soon as LatestPosition() > `position`, false when `deadline` passes
  // first. The replication source calls it after its cursor caught up.
  virtual bool WaitForCommitAfter(uint64_t position, absl::Time deadline) = 0;

  // OK once LatestPosition() >= `position` (at once for 0); UNAVAILABLE with errno 1205
  // when `deadline` passes first. For reads carrying a min_position.
  virtual absl::Status WaitForPosition(uint64_t position, absl::Time deadline) = 0;

  // ---- the log, primary side ----

  // A cursor over the committed batches after `after_position` (see LogCursor). A
  // position past the latest is fine (nothing to read yet). OUT_OF_RANGE when
  // `after_position` is already older than the retained log (the cursor checks again at
  // every batch). FAILED_PRECONDITION on a replica, whose own log is not in the primary's
  // numbering.
  virtual absl::StatusOr<std::unique_ptr<LogCursor>> OpenLog(uint64_t after_position) = 0;

  // The oldest position OpenLog can still start after (batches up to it were purged or
  // never existed): for the distance of a replica to the retained log's edge.
  virtual absl::StatusOr<uint64_t> OldestRetainedPosition() = 0;

  // ---- the log, replica side (FAILED_PRECONDITION on a primary) ----

  // Applies consecutive batches of the primary's log: the first must start right after
  // AppliedPosition(), each next one right after the previous (else FAILED_PRECONDITION and
  // nothing is applied: this is what rejects a batch applied twice). Every batch's bytes
  // are checked before RocksDB parses them (DATA_LOSS, nothing applied). All records plus
  // the new applied position (the last batch's last_sequence) are written as ONE
  // WriteBatch, synced per sync_commit, so a crash leaves either all or none of them.
  // Reloads the catalog when a batch touched it, then wakes waiters. FAILED_PRECONDITION
  // when the replica has no cluster id yet (AdoptClusterId first). Calls are serialized.
  virtual absl::Status ApplyBatches(const std::vector<LogBatch>& batches) = 0;

  // Sets where an empty replica starts following the primary (the position of a clone, or
  // the one before the primary's first retained batch). Only while AppliedPosition() is
  // 0; setting the same position again is OK; otherwise FAILED_PRECONDITION. Durable.
  virtual absl::Status SetInitialPosition(uint64_t position) = 0;

  // On a replica, the primary's position applied last (stored with the data; 0 before the
  // first apply). 0 on a primary.
  virtual uint64_t AppliedPosition() const = 0;

  // Moves a replica that applied exactly `previous_end`, the end of an epoch that the
  // primary's history continues after a gap (ordinal 0 recovered from a replica), to
  // `resume_position` (the next epoch's first position - 1): the content is the same at
  // both, so only the stored applied position changes (durably). FAILED_PRECONDITION when
  // AppliedPosition() is not `previous_end` or `resume_position` is not past it.
  virtual absl::Status CrossEpochGap(uint64_t previous_end, uint64_t resume_position) = 0;

  // ---- clones (docs/clone-protocol.md) ----

  // Writes a consistent copy of this database into `dir` (which must not exist; its parent
  // must, on the same filesystem for table files to be hard links) and reports its exact
  // position and cluster id, both read from the copy itself, never from the live store
  // (which may have moved on meanwhile): a primary's copy is at the copy's own newest
  // sequence; a replica's at the applied position stored in the copy. The caller owns
  // `dir` and removes it. FAILED_PRECONDITION on a replica that has no cluster id or has
  // applied nothing yet (it has no position to offer).
  virtual absl::StatusOr<CheckpointInfo> CreateCheckpoint(const std::string& dir) = 0;

  // Turns a received copy in `dir` (a CreateCheckpoint copy of a primary or a replica) into
  // a replica's store that resumes following the primary after `position`: stores the
  // applied position and the cluster id in one durable write. Idempotent: OK when `dir`
  // already holds both values. FAILED_PRECONDITION when the copy already holds another
  // cluster id or another non-zero applied position; NOT_FOUND when `dir` holds no store.
  // `dir` must not be open.
  static absl::Status PrepareClonedDirectory(const std::string& dir, uint64_t position,
                                             std::string_view cluster_id);

  // ---- history ----

  // The id of the history this store belongs to: created when a primary opens a store
  // without one; adopted by a replica from the primary. "" on a replica that has none yet.
  virtual std::string ClusterId() const = 0;

  // The epochs of this store's history (engine/history.h, docs/history.md): on a primary,
  // the history it opened its current epoch on when it was opened (every Open of a primary
  // opens a new epoch, durably, before any other write; a store that was a replica's, such
  // as ordinal 0's recovery clone, continues after its applied position); on a replica, the
  // history stored with the data it applied (empty before it adopted a cluster). DATA_LOSS
  // when the stored record is malformed.
  virtual absl::StatusOr<History> CurrentHistory() const = 0;

  // Stores `id` as this store's cluster id when it has none (durably); OK when it already
  // is `id`; FAILED_PRECONDITION naming both when it is another history's id (the replica
  // must be re-cloned to follow this primary). INVALID_ARGUMENT when `id` is empty.
  virtual absl::Status AdoptClusterId(std::string_view id) = 0;
};

class Session {
 public:
  virtual ~Session() = default;

  // Parses and runs one statement.
  virtual absl::StatusOr<ResultSet> Execute(std::string_view sql) = 0;

  // Runs an already parsed statement.
  virtual absl::StatusOr<ResultSet> Execute(const sql::Statement& statement) = 0;

  // The selected database ("" when none).
  virtual const std::string& current_database() const = 0;

  // Whether BEGIN was run and neither COMMIT nor ROLLBACK yet.
  virtual bool in_transaction() const = 0;

  // Rolls back an open transaction, if any (used when a session is closed or expires).
  virtual void RollbackIfOpen() = 0;

  // ---- what the MySQL front end reads and sets (docs/system-variables.md) ----

  // Set by the server when a connection opens: CONNECTION_ID() and @@pseudo_thread_id
  // return `id`, USER() and CURRENT_USER() return `user` ("name@host").
  virtual void SetConnection(uint32_t id, std::string_view user) = 0;

  // The diagnostics (warnings, notes and the error) of the last statement other than SHOW
  // WARNINGS/ERRORS: the count the OK and EOF packets carry.
  virtual uint32_t warning_count() const = 0;

  // @@autocommit: when off, a data statement outside a transaction opens one, which stays
  // open until COMMIT, ROLLBACK, DDL or SET autocommit = 1 (which commits it).
  virtual bool autocommit() const = 0;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_DATABASE_H_
