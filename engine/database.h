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
#ifndef ORDINAL_ENGINE_DATABASE_H_
#define ORDINAL_ENGINE_DATABASE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine {

struct DatabaseOptions {
  // Directory of the RocksDB instance; created when missing.
  std::string data_dir;
  // Fsync the WAL before a commit is acknowledged (--sync_commit). Off trades durability of
  // the last commits on a machine crash for latency; a process crash loses nothing either way.
  bool sync_commit = true;
  // Size of RocksDB's block cache (--block_cache_mb); tables may be far larger.
  uint64_t block_cache_bytes = 256ull << 20;
};

struct ResultColumn {
  std::string name;
  ColumnType type = ColumnType::kText;
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

  // The newest committed position (RocksDB's latest sequence number).
  virtual uint64_t LatestPosition() const = 0;

  // An integer RocksDB property such as "rocksdb.estimate-num-keys", for metrics.
  virtual std::optional<uint64_t> GetIntProperty(std::string_view name) const = 0;
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
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_DATABASE_H_
