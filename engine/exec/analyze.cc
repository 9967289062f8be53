// ANALYZE TABLE: refreshes the planner's statistics of each named table exactly
// (catalog/table_stats.h). Answers as MySQL does: one row per table (Table, Op, Msg_type,
// Msg_text), "status" "OK" when counted; for a table that cannot be analyzed (it does not
// exist, or it is a view), an "Error" row with the error's message followed by "status"
// "Operation failed", and the statement itself succeeds.
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/table_stats.h"
#include "engine/exec/statements.h"
#include "engine/exec/table_access.h"

namespace ordinal::engine::exec {

absl::StatusOr<ResultSet> ExecuteAnalyze(const sql::AnalyzeTable& analyze, ExecContext& ctx) {
  ResultSet result;
  result.has_rows = true;
  result.columns = {{"Table", ColumnType::kVarchar},
                    {"Op", ColumnType::kVarchar},
                    {"Msg_type", ColumnType::kVarchar},
                    {"Msg_text", ColumnType::kVarchar}};
  for (const sql::TableName& name : analyze.tables) {
    const std::string& database = name.database.empty() ? ctx.current_database : name.database;
    const Value label = Value::String(absl::StrCat(database, ".", name.table));
    absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> table = ResolveTable(ctx, name);
    const MysqlErrno error = table.ok() ? MysqlErrno{0} : GetMysqlErrno(table.status());
    if (error == MysqlErrno::kNoSuchTable || error == static_cast<MysqlErrno>(1347)) {
      result.rows.push_back({label, Value::String("analyze"), Value::String("Error"),
                             Value::String(std::string(table.status().message()))});
      result.rows.push_back({label, Value::String("analyze"), Value::String("status"),
                             Value::String("Operation failed")});
      continue;
    }
    if (!table.ok()) return table.status();
    ORDINAL_RETURN_IF_ERROR(ctx.catalog.statistics().Analyze(ctx.txn, **table).status());
    result.rows.push_back({label, Value::String("analyze"), Value::String("status"),
                           Value::String("OK")});
  }
  return result;
}

}  // namespace ordinal::engine::exec
