// The engine as the server sees it, cut by role. Each object above the engine takes only the
// role it uses (replication/backlog and log_source read the CommitLog, the follower holds a
// ReplicaApplier, the clone source a Snapshotter, the SQL front ends an SqlEngine), so what an
// object may do to the store is visible in its constructor. engine::Database implements
// every role; only the owner of the store (server/store.h) and the composition root of the
// replication objects (server/replication_node.h) hold a whole Database.
//
// A method declared by several roles (role, LatestPosition, ClusterId, CurrentHistory) is
// one method of the Database: it answers the same in each role.
//
// Thread safety: every role is thread-safe unless a method says otherwise.
#ifndef ORDINAL_ENGINE_ROLES_H_
#define ORDINAL_ENGINE_ROLES_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/auth/accounts.h"
#include "engine/history.h"
#include "engine/log.h"

namespace ordinal::engine {

class Session;

enum class DatabaseRole {
  kPrimary,  // accepts writes; its log is the replication log
  kReplica,  // read-only; applies the primary's log with ApplyBatches
};

// A consistent, openable copy of a store made by Snapshotter::CreateCheckpoint.
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

// What every role can tell about the store's place in the cluster's history.
class StoreIdentity {
 public:
  virtual ~StoreIdentity() = default;

  virtual DatabaseRole role() const = 0;

  // The newest position of this server's content, in the primary's numbering: on a
  // primary, its newest committed position (RocksDB's latest sequence number); on a
  // replica, its applied position.
  virtual uint64_t LatestPosition() const = 0;

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
};

// The primary's committed log, for log shipping (replication/backlog, log_source,
// primary_service).
class CommitLog : public virtual StoreIdentity {
 public:
  // Returns true as soon as LatestPosition() > `position`, false when `deadline` passes
  // first (wakes on commit, no polling). The replication source calls it after its cursor
  // caught up.
  virtual bool WaitForCommitAfter(uint64_t position, absl::Time deadline) = 0;

  // A cursor over the committed batches after `after_position` (see LogCursor). A
  // position past the latest is fine (nothing to read yet). OUT_OF_RANGE when
  // `after_position` is already older than the retained log (the cursor checks again at
  // every batch). FAILED_PRECONDITION on a replica, whose own log is not in the primary's
  // numbering.
  virtual absl::StatusOr<std::unique_ptr<LogCursor>> OpenLog(uint64_t after_position) = 0;

  // The oldest position OpenLog can still start after (batches up to it were purged or
  // never existed): for the distance of a replica to the retained log's edge.
  virtual absl::StatusOr<uint64_t> OldestRetainedPosition() = 0;
};

// A replica's side of the log (replication/follower). Every mutating call fails with
// FAILED_PRECONDITION on a primary.
class ReplicaApplier : public virtual StoreIdentity {
 public:
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

  // Stores `id` as this store's cluster id when it has none (durably); OK when it already
  // is `id`; FAILED_PRECONDITION naming both when it is another history's id (the replica
  // must be re-cloned to follow this primary). INVALID_ARGUMENT when `id` is empty.
  virtual absl::Status AdoptClusterId(std::string_view id) = 0;
};

// Consistent copies of the store, for clones (replication/clone_source,
// docs/clone-protocol.md).
class Snapshotter {
 public:
  virtual ~Snapshotter() = default;

  // Writes a consistent copy of this store into `dir` (which must not exist; its parent
  // must, on the same filesystem for table files to be hard links) and reports its exact
  // position and cluster id, both read from the copy itself, never from the live store
  // (which may have moved on meanwhile): a primary's copy is at the copy's own newest
  // sequence; a replica's at the applied position stored in the copy. The caller owns
  // `dir` and removes it. FAILED_PRECONDITION on a replica that has no cluster id or has
  // applied nothing yet (it has no position to offer).
  virtual absl::StatusOr<CheckpointInfo> CreateCheckpoint(const std::string& dir) = 0;
};

// Sessions and reads at a position, for the SQL front ends (server/session_manager,
// sql_service, the MySQL front end). A Session is used by one thread at a time.
class SqlEngine : public virtual StoreIdentity {
 public:
  // A new session with no database selected (`database` selects one, like USE; it must
  // exist: NOT_FOUND otherwise).
  virtual absl::StatusOr<std::unique_ptr<Session>> NewSession(std::string_view database) = 0;

  // The stored accounts now (engine/auth/accounts.h): what logins are checked against.
  // Never null; empty on a store without accounts.
  virtual std::shared_ptr<const auth::AccountSet> Accounts() const = 0;

  // OK once LatestPosition() >= `position` (at once for 0); UNAVAILABLE with errno 1205
  // when `deadline` (cut to DatabaseOptions::max_position_wait) passes first (wakes on
  // commit or apply, no polling). For reads that must see a given write. When `stop` is
  // given and set, the wait ends at the next WakePositionWaiters() with CANCELLED errno 1317;
  // after StopWaits() every wait ends at once with UNAVAILABLE errno 1053, reason
  // kShuttingDown.
  virtual absl::Status WaitForPosition(uint64_t position, absl::Time deadline,
                                       const std::atomic<bool>* stop = nullptr) = 0;

  // Wakes every position wait, so that each re-checks its `stop` flag. Thread-safe, cheap.
  virtual void WakePositionWaiters() = 0;

  // Ends every position wait, now and from now on (WAIT_FOR_EXECUTED_GTID_SET returns as
  // timed out): the server is shutting down. Irreversible.
  virtual void StopWaits() = 0;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_ROLES_H_
