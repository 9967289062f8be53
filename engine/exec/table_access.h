// Reading rows of one table along an access path, and resolving table names.
// Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_TABLE_ACCESS_H_
#define ORDINAL_ENGINE_EXEC_TABLE_ACCESS_H_

#include <memory>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/exec/executor.h"
#include "engine/exec/stored_row_filter.h"
#include "engine/interrupt.h"
#include "engine/kv/store.h"
#include "engine/plan/access_path.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::exec {

// Looks the table `name` up in the catalog; an empty database means ctx.current_database.
// Errors: 1046 "No database selected", 1146 from the catalog, 1347 "'db.v' is not BASE
// TABLE" for a view (which has no rows to write, index or checksum).
absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> ResolveTable(
    const ExecContext& ctx, const sql::TableName& name);

// As ResolveTable, views included (for queries, which read a view's rows from its query).
absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> ResolveTableOrView(
    const ExecContext& ctx, const sql::TableName& name);

// Called with each row's complete primary key and decoded row (table-row layout; the
// callee may modify or move from it). Returns false to stop the scan.
// The running statement's KILL flag (engine/interrupt.h), or nullptr outside a session.
// Loops over many rows check it between rows, so that a long statement stops soon after a
// KILL.
const StatementInterrupt* RunningInterrupt();
// OK, or the KILL's error once `interrupt` (may be nullptr) was raised.
absl::Status CheckInterrupt(const StatementInterrupt* interrupt);

using RowVisitor =
    absl::FunctionRef<absl::StatusOr<bool>(std::string_view primary_key,
                                           std::vector<Value>& row)>;

// A test of rows before they are wholly decoded, in two stages. First `stored` (when not
// nullptr) tests the stored row's bytes (stored_row_filter.h); a row it rejects is counted
// in `*stored_rejected` and goes no further. Then, when `columns` is not nullptr, `holds`
// gets the row (table layout) with only the `columns` it reads decoded (the others hold no
// particular value) and says whether the row is wanted. A rejected row is neither decoded
// further nor visited. Both must be pure functions of the columns they read (no side
// effects: a row they accept may be tested again by the visitor).
struct RowCheck {
  const StoredRowFilter* stored = nullptr;
  uint64_t* stored_rejected = nullptr;  // with `stored`
  const std::vector<bool>* columns;  // per column of the table: read by `holds`; or nullptr
  // The columns decoded once the row was accepted: those nobody tested on a decoded row
  // (the complement of `columns`), less those nobody reads.
  const std::vector<bool>* rest;
  absl::FunctionRef<absl::StatusOr<bool>(const std::vector<Value>& row)> holds;
};

// Visits the rows `path` reaches, in the path's key order. With `for_update`, each row is
// read with GetForUpdate, so a concurrent change to it makes this transaction's commit fail
// (and `check` is not applied: every row the path reaches is read for update).
// With `check`, only the rows it accepts are visited, decoded in the columns it reads and
// its `rest`. Without one, `columns` (one entry per column of the table) marks the columns
// decoded for the visitor; the others are NULL. Neither applies with `for_update`.
// The visitor must not write to the table while the scan runs.
absl::Status VisitRows(kv::Transaction& txn, const catalog::TableInfo& table,
                       const plan::AccessPath& path, bool for_update, RowVisitor visit,
                       const RowCheck* check = nullptr,
                       const std::vector<bool>* columns = nullptr);

// The primary key bytes (after the index prefix) an index entry points to: the key's tail
// after the index columns, or, for a unique entry, its value.
absl::StatusOr<std::string_view> PrimaryKeyOfIndexEntry(const catalog::TableInfo& table,
                                                        const ordinal::v1::IndexDef& index,
                                                        std::string_view key,
                                                        std::string_view value);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_TABLE_ACCESS_H_
