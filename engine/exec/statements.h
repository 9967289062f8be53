// One entry point per data statement kind; ExecuteDataStatement (executor.cc) dispatches.
// Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_STATEMENTS_H_
#define ORDINAL_ENGINE_EXEC_STATEMENTS_H_

#include "absl/status/statusor.h"
#include "engine/database.h"
#include "engine/exec/executor.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::exec {

absl::StatusOr<ResultSet> ExecuteInsert(const sql::Insert& insert, ExecContext& ctx);
absl::StatusOr<ResultSet> ExecuteUpdate(const sql::Update& update, ExecContext& ctx);
absl::StatusOr<ResultSet> ExecuteDelete(const sql::Delete& del, ExecContext& ctx);
// The multiple-table forms (multi_table_dml.cc); ExecuteUpdate/ExecuteDelete call them.
absl::StatusOr<ResultSet> ExecuteMultiTableUpdate(const sql::Update& update, ExecContext& ctx);
absl::StatusOr<ResultSet> ExecuteMultiTableDelete(const sql::Delete& del, ExecContext& ctx);
absl::StatusOr<ResultSet> ExecuteSelect(const sql::Select& select, ExecContext& ctx);
absl::StatusOr<ResultSet> ExecuteExplain(const sql::Explain& explain, ExecContext& ctx);
// ANALYZE TABLE: counts each table's rows and index keys (catalog/table_stats.h).
absl::StatusOr<ResultSet> ExecuteAnalyze(const sql::AnalyzeTable& analyze, ExecContext& ctx);
absl::StatusOr<ResultSet> ExecuteChecksum(const sql::ChecksumTable& checksum,
                                          ExecContext& ctx);
absl::StatusOr<ResultSet> ExecuteCreateIndex(const sql::CreateIndex& create, ExecContext& ctx);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_STATEMENTS_H_
