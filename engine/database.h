// The engine's facade: a Database is one RocksDB instance holding every SQL database of a
// server; a Session is one client's connection state (current database, open transaction).
// The server layer talks to the engine only through this header and the roles it implements
// (engine/roles.h).
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

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/history.h"
#include "engine/interrupt.h"
#include "engine/log.h"
#include "engine/roles.h"
#include "engine/sql/ast.h"
#include "engine/types/column_metadata.h"
#include "engine/types/value.h"

namespace ordinal::engine {

struct DatabaseOptions {
  // Directory of the RocksDB instance; created when missing.
  std::string data_dir;
  // Fsync the WAL before a commit is acknowledged (--sync_commit). Off trades durability of
  // the last commits on a machine crash for latency; a process crash loses nothing either way.
  bool sync_commit = true;
  // Size of RocksDB's block cache (from --memory_budget_mb or --block_cache_mb); tables may
  // be far larger. The memtables are charged to it (docs/memory-and-disk.md), so it bounds
  // cached blocks and unflushed writes together.
  uint64_t block_cache_bytes = 256ull << 20;
  // Working memory of one statement's buffered rows (sorts, groups, joins, materialized
  // subqueries and CTEs, the result): past it the statement fails with 1038 or 1114
  // (docs/memory-and-disk.md). 0: unbounded.
  uint64_t query_memory_bytes = 0;
  // The same, for all running statements together; 0: unbounded.
  uint64_t query_memory_total_bytes = 0;
  // Sorts, GROUP BY and DISTINCT over query_memory_bytes write temporary files in
  // SpillDirectory (emptied at open) instead of failing; at most query_spill_bytes of them
  // per statement (0: unbounded; docs/memory-and-disk.md).
  bool spill_to_disk = true;
  uint64_t query_spill_bytes = 0;
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
  // The longest any wait for a position may last (--max_wait_timeout_ms): a longer
  // deadline, or none (WAIT_FOR_EXECUTED_GTID_SET without a timeout), is cut to this.
  absl::Duration max_position_wait = absl::InfiniteDuration();
  // A received copy to prepare at open, as PrepareClonedDirectory does in an open of its
  // own (a restore opens the copy once instead of twice): when a position is set, it and the
  // cluster id are checked against the store and recorded (durably with sync_commit, the
  // default) before anything reads them.
  std::optional<uint64_t> copied_position;
  std::string copied_cluster_id;
};

// The table column CREATE TABLE ... SELECT makes of a result column (engine/plan/derived_type.h).
struct DerivedColumn {
  SqlType type;
  bool nullable = true;
  std::optional<Value> default_value;  // the DEFAULT; unset: none (NULL when nullable)
  bool default_now = false;            // DEFAULT CURRENT_TIMESTAMP of a selected column
};

struct ResultColumn {
  std::string name;
  ColumnType type = ColumnType::kText;
  // MySQL's column definition (type code, length, flags, decimals, collation, origin).
  // Unset for columns whose producer gave only a type: Metadata() derives it from `type`.
  std::optional<ColumnMetadata> metadata;

  // The column's type as MySQL derives it for CREATE TABLE ... SELECT; unset when the
  // producer does not know it (then `type` and the rows decide).
  std::optional<DerivedColumn> derived;

  ColumnMetadata Metadata() const { return metadata ? *metadata : ExpressionMetadata(type); }
};

// Where statements write their temporary files: <data_dir>/tmp, on the data volume.
std::string SpillDirectory(const DatabaseOptions& options);

struct ResultSet {
  bool has_rows = false;  // the statement returns a result set (possibly empty)
  std::vector<ResultColumn> columns;
  std::vector<std::vector<Value>> rows;
  // The rows went to the caller's RowSink as they were produced (Session::Execute with a
  // sink); `rows` is empty and `streamed_rows` counts them.
  bool streamed = false;
  uint64_t streamed_rows = 0;
  uint64_t rows_affected = 0;
  uint64_t last_insert_id = 0;
  uint64_t commit_position = 0;  // 0 when nothing was committed
  std::string info;
  // SELECT SQL_CALC_FOUND_ROWS: the rows the query has without LIMIT and OFFSET, which
  // FOUND_ROWS() then returns (otherwise it returns rows.size() of a SELECT).
  std::optional<uint64_t> found_rows;
};

// Where a query's rows go as they are produced, instead of into ResultSet::rows: a front
// end that sends them to its client at once (docs/memory-and-disk.md, "Streaming"). Given to
// Session::Execute; only a SELECT statement streams (other statements, SHOW included, fill
// ResultSet::rows and never call the sink). A streamed row is not charged to the
// statement's memory. The sink runs on the statement's thread, between the statement's
// own work; it may block (a client that reads slowly holds the statement).
class RowSink {
 public:
  virtual ~RowSink() = default;
  // The result's columns, once, before the first row. Called only when the statement was
  // bound without error (a statement that fails earlier never calls the sink).
  virtual absl::Status Begin(const std::vector<ResultColumn>& columns) = 0;
  // One row, with a value per column. The row stays the caller's, who may write the next
  // row over it: a sink that keeps values copies them. An error (the client went away) ends
  // the statement with that error.
  virtual absl::Status Row(const std::vector<Value>& row) = 0;
};

// The accounts a primary creates from its configuration (docs/users-and-privileges.md,
// "Bootstrap").
struct AccountBootstrap {
  // Created only when the store holds no account at all: a new cluster, or the first start
  // of a cluster whose store predates accounts.
  std::vector<ordinal::v1::AccountDef> when_no_accounts;
  // Each created when no account of its user and host exists (a replication user added to
  // an existing cluster's configuration).
  std::vector<ordinal::v1::AccountDef> when_missing;
};

// One RocksDB instance holding every SQL database of a server, in every role of
// engine/roles.h. Only the owner of the store (server/store.h) and the composition root of
// the replication objects hold a whole Database; everything else holds a role.
class Database : public CommitLog, public ReplicaApplier, public Snapshotter, public SqlEngine {
 public:
  // Opens (or creates) the database in options.data_dir. Fails with the RocksDB error when
  // the directory is locked by another process or unreadable.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  ~Database() override = default;

  // An integer RocksDB property such as "rocksdb.estimate-num-keys", for metrics.
  virtual std::optional<uint64_t> GetIntProperty(std::string_view name) const = 0;

  // Turns a received copy in `dir` (a CreateCheckpoint copy of a primary or a replica) into
  // a replica's store that resumes following the primary after `position`: stores the
  // applied position and the cluster id in one durable write. Idempotent: OK when `dir`
  // already holds both values. FAILED_PRECONDITION when the copy already holds another
  // cluster id or another non-zero applied position; NOT_FOUND when `dir` holds no store.
  // `dir` must not be open.
  static absl::Status PrepareClonedDirectory(const std::string& dir, uint64_t position,
                                             std::string_view cluster_id);

  // On a primary, creates the accounts of `bootstrap` that its rules call for, in one
  // transaction through the normal write path (so they replicate). A no-op on a replica,
  // which receives the primary's.
  virtual absl::Status BootstrapAccounts(const AccountBootstrap& bootstrap) = 0;
};

class Session {
 public:
  // How many plans a session keeps between runs of its prepared statements, and how many
  // between runs of its marker-free SELECT texts (each kept set is emptied when full).
  static constexpr size_t kMaxKeptPlans = 64;

  virtual ~Session() = default;

  // Parses and runs one statement.
  virtual absl::StatusOr<ResultSet> Execute(std::string_view sql) = 0;

  // Runs an already parsed statement.
  virtual absl::StatusOr<ResultSet> Execute(const sql::Statement& statement) = 0;

  // The same; a SELECT's rows go to `rows` as they are produced (the result then says
  // `streamed`), after rows->Begin with its columns. When the statement fails after Begin,
  // some rows may have been given to the sink already. Other statements, and a null `rows`,
  // return their rows in the result as Execute(statement) does.
  virtual absl::StatusOr<ResultSet> Execute(const sql::Statement& statement, RowSink* rows) = 0;

  // The selected database ("" when none).
  virtual const std::string& current_database() const = 0;

  // Whether BEGIN was run and neither COMMIT nor ROLLBACK yet.
  virtual bool in_transaction() const = 0;

  // Whether a transaction is open and has only run plain reads (SELECT without FOR UPDATE):
  // it wrote nothing and holds nothing to validate, so its COMMIT writes nothing to the log
  // and never waits (a front end may run it where waiting is not allowed).
  virtual bool transaction_only_read() const = 0;

  // The result columns of `statement` from its plan, without running it: what a prepared
  // statement reports at prepare time. For a SELECT, binds it against the current schema
  // after the checks Execute makes first (privileges, LOCK TABLES), and returns their error
  // or binding's (1146 unknown table, 1054 unknown column, ...) as Execute would. nullopt
  // for other statements: they cannot be described without running them.
  virtual absl::StatusOr<std::optional<std::vector<ResultColumn>>> Describe(
      const sql::Statement& statement) = 0;

  // Rolls back an open transaction, if any (used when a session is closed or expires).
  virtual void RollbackIfOpen() = 0;

  // ---- what the MySQL front end reads and sets (docs/system-variables.md) ----

  // Set by the server when a connection opens: CONNECTION_ID() and @@pseudo_thread_id
  // return `id`, USER() and CURRENT_USER() return `user` ("name@host").
  virtual void SetConnection(uint32_t id, std::string_view user) = 0;

  // Who runs this session's statements from now on (engine/auth/accounts.h): every
  // statement is checked against the principal's privileges before it touches data
  // (engine/auth/statement_privileges.h), USER() and CURRENT_USER() name it, and its
  // account's MAX_USER_CONNECTIONS and MAX_QUERIES_PER_HOUR apply. A session starts as the
  // superuser (embedded use); every front end sets the authenticated caller before the
  // first statement. RESOURCE_EXHAUSTED errno 1226 when the account already holds its
  // MAX_USER_CONNECTIONS (the session keeps its previous principal).
  virtual absl::Status SetPrincipal(const auth::Principal& principal) = 0;

  // The check Execute makes before a statement runs (privileges, then the statement
  // limit, which it counts), for statements a front end answers itself (SHOW REPLICA
  // STATUS, SHOW REPLICAS, KILL).
  virtual absl::Status Authorize(const sql::Statement& statement) = 0;

  // OK when the principal holds `privilege` globally; else 1227 naming `names`.
  virtual absl::Status CheckGlobalPrivilege(uint64_t privilege, std::string_view names) = 0;

  // The id SetConnection set (0 before).
  virtual uint32_t connection_id() const = 0;
  // The user name the principal logged in as ("root" before SetPrincipal): KILL lets an
  // account without SUPER stop only the connections of the same user name, as MySQL does.
  virtual std::string user_name() const = 0;

  // The diagnostics (warnings, notes and the error) of the last statement other than SHOW
  // WARNINGS/ERRORS: the count the OK and EOF packets carry.
  virtual uint32_t warning_count() const = 0;

  // @@autocommit: when off, a data statement outside a transaction opens one, which stays
  // open until COMMIT, ROLLBACK, DDL or SET autocommit = 1 (which commits it).
  virtual bool autocommit() const = 0;
  // Evaluates a constant expression (no column references) in this session, as a SELECT
  // without FROM would (KILL's connection id).
  virtual absl::StatusOr<Value> EvaluateConstant(const sql::Expr& expr) = 0;

  // Interrupts this session's running statement from any thread (KILL); see
  // engine/interrupt.h. The same object for the session's whole life.
  virtual std::shared_ptr<StatementInterrupt> interrupt() const = 0;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_DATABASE_H_
