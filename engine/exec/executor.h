// Execution of data statements: INSERT/REPLACE/ON DUPLICATE KEY UPDATE, UPDATE, DELETE,
// SELECT, EXPLAIN, CHECKSUM TABLE, and CREATE INDEX (which backfills existing rows).
// The session layer (engine/database.cc) owns transactions and DDL on databases/tables,
// and calls ExecuteDataStatement with the transaction the statement runs in.
#ifndef ORDINAL_ENGINE_EXEC_EXECUTOR_H_
#define ORDINAL_ENGINE_EXEC_EXECUTOR_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/catalog/schema_visibility.h"
#include "engine/database.h"
#include "engine/exec/join_profile.h"
#include "engine/exec/query_memory.h"
#include "engine/kv/store.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::exec {

class AutoIncrementCounters;  // defined in engine/exec/auto_increment.h

struct ExecContext {
  kv::Transaction& txn;
  catalog::Catalog& catalog;
  AutoIncrementCounters& auto_increment;
  // The session's current database ("" when none): unqualified table names resolve here,
  // and fail with errno 1046 "No database selected" when it is empty.
  std::string current_database;
  // The statement's working memory (query_memory.h); null: unbounded.
  QueryMemory* memory = nullptr;
  // Makes the filter of the INFORMATION_SCHEMA rows the session's account may see; called
  // only when the statement reads INFORMATION_SCHEMA (empty, or an empty filter: all rows).
  std::function<catalog::SchemaVisibility()> visible_schema;
  // INFORMATION_SCHEMA.PROCESSLIST's rows the session's account may see
  // (catalog::LiveTableFacts::processes); empty: none.
  std::function<std::vector<std::vector<Value>>()> processes;
  // EXPLAIN ANALYZE: where the join steps of the plans it runs record what they did
  // (join_profile.h); null: not measured.
  JoinProfiles* profiles = nullptr;
  // The top-level SELECT's rows go here as they are produced (engine/database.h RowSink);
  // null: into the result. Taken by the statement's outermost query, never by subqueries.
  RowSink* sink = nullptr;
};

// Runs `statement`, which must be one of Insert, Update, Delete, Select, Explain,
// ChecksumTable or CreateIndex, inside ctx.txn. Does not commit. On error the caller rolls
// back to its savepoint, so a failed statement leaves nothing behind.
// For CreateIndex, the caller must call catalog.Reload() after committing.
absl::StatusOr<ResultSet> ExecuteDataStatement(const sql::Statement& statement,
                                               ExecContext& ctx);

// Runs a query (SELECT) in ctx.txn, for statements built on a query's rows.
absl::StatusOr<ResultSet> ExecuteQuery(const sql::Select& select, ExecContext& ctx);

// The result columns of a query, which is bound (every name checked) but not run.
absl::StatusOr<std::vector<ResultColumn>> DescribeQuery(const sql::Select& select,
                                                        ExecContext& ctx);

// Inserts `rows`, values for `insert.columns` (every column when empty), into `table`,
// honouring insert.replace, insert.ignore and insert.on_duplicate_update; `insert.rows` and
// `insert.select` are not read. For CREATE TABLE ... SELECT, whose table the catalog does
// not list until the statement commits.
absl::StatusOr<ResultSet> InsertQueryRows(const sql::Insert& insert,
                                          const catalog::TableInfo& table,
                                          const std::vector<std::vector<Value>>& rows,
                                          ExecContext& ctx);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_EXECUTOR_H_
