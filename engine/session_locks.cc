// LOCK TABLES, UNLOCK TABLES and FLUSH (docs/sql-decisions.md, "LOCK TABLES and FLUSH").
//
// Transactions here are optimistic: nothing waits for another session's lock. What LOCK
// TABLES gives the session that holds the locks is kept: while it holds read locks only (the
// form mysqldump takes, and FLUSH TABLES WITH READ LOCK), it reads one snapshot, taken when it
// locked, so the tables it reads cannot change under it; and its own writes follow MySQL's
// rules (1099 to a table locked for READ, 1100 to a table it did not lock, 1223 under a
// global read lock). Other sessions are not held back.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/ddl.h"
#include "engine/exec/executor.h"
#include "engine/session_impl.h"

namespace ordinal::engine {
namespace {

// The table a data statement writes, or nullptr (reads, multiple-table forms).
const sql::TableName* TableWrittenBy(const sql::StatementBody& body) {
  if (const auto* insert = std::get_if<sql::Insert>(&body)) return &insert->table;
  if (const auto* update = std::get_if<sql::Update>(&body)) {
    return update->from.empty() ? &update->table : nullptr;
  }
  if (const auto* del = std::get_if<sql::Delete>(&body)) {
    return del->targets.empty() ? &del->table : nullptr;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<ResultSet> SessionImpl::LockTablesStatement(const sql::LockTables& lock) {
  // As in MySQL: the open transaction commits and earlier locks are released first.
  ORDINAL_RETURN_IF_ERROR(CommitOpenTransaction().status());
  ReleaseTableLocks();
  std::vector<sql::LockedTable> tables = lock.tables;
  bool any_write = false;
  for (sql::LockedTable& item : tables) {
    ORDINAL_ASSIGN_OR_RETURN(item.table.database,
                             ddl::ResolveDatabase(item.table, current_database_));
    ORDINAL_RETURN_IF_ERROR(state_.catalog.GetTable(item.table.database, item.table.table)
                                .status());
    any_write |= item.write;
  }
  if (!any_write) lock_snapshot_ = state_.store.BeginTransaction();
  locked_tables_ = std::move(tables);
  return ResultSet{};
}

absl::StatusOr<ResultSet> SessionImpl::FlushStatement(const sql::Flush& flush) {
  // Tables, logs, privileges and status need no flushing: every change is durable and in
  // effect when its statement returns. WITH READ LOCK takes the global read lock.
  if (!flush.read_lock) return ResultSet{};
  for (const sql::TableName& name : flush.tables) {
    ORDINAL_ASSIGN_OR_RETURN(std::string database,
                             ddl::ResolveDatabase(name, current_database_));
    ORDINAL_RETURN_IF_ERROR(state_.catalog.GetTable(database, name.table).status());
  }
  ORDINAL_RETURN_IF_ERROR(CommitOpenTransaction().status());
  ReleaseTableLocks();
  global_read_lock_ = true;
  lock_snapshot_ = state_.store.BeginTransaction();
  return ResultSet{};
}

void SessionImpl::ReleaseTableLocks() {
  locked_tables_.clear();
  global_read_lock_ = false;
  if (lock_snapshot_ != nullptr) {
    lock_snapshot_->Rollback();  // it only read
    lock_snapshot_.reset();
  }
}

absl::Status SessionImpl::CheckTableLocks(const sql::Statement& statement) const {
  if (locked_tables_.empty() && !global_read_lock_) return absl::OkStatus();
  if (!sql::IsWrite(statement)) return absl::OkStatus();
  if (global_read_lock_) {
    return SqlError(absl::StatusCode::kFailedPrecondition,
                    MysqlErrno::kCantUpdateWithReadLock,
                    "Can't execute the query because you have a conflicting read lock");
  }
  const sql::TableName* written = TableWrittenBy(statement.body);
  if (written == nullptr) return absl::OkStatus();  // DDL and multiple-table forms
  const std::string database =
      written->database.empty() ? current_database_ : written->database;
  bool locked = false;
  for (const sql::LockedTable& item : locked_tables_) {
    if (item.table.database != database || item.table.table != written->table) continue;
    if (item.write) return absl::OkStatus();
    locked = true;
  }
  if (locked) {
    return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kTableNotLockedForWrite,
                    absl::StrCat("Table '", written->table,
                                 "' was locked with a READ lock and can't be updated"));
  }
  return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kTableNotLocked,
                  absl::StrCat("Table '", written->table, "' was not locked with LOCK TABLES"));
}

absl::StatusOr<ResultSet> SessionImpl::RunDataInLockSnapshot(const sql::Statement& statement) {
  absl::ReaderMutexLock schema_lock(&state_.schema_change_mu);
  exec::QueryMemory memory(state_.query_memory);
  exec::ExecContext ctx{*lock_snapshot_, state_.catalog, state_.auto_increment,
                        current_database_, &memory};
  ShareSessionViews(ctx);
  return exec::ExecuteDataStatement(statement, ctx);
}

}  // namespace ordinal::engine
