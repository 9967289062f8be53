#include "engine/exec/executor.h"

#include <variant>

#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/table_stats.h"
#include "engine/exec/join.h"
#include "engine/exec/statements.h"
#include "engine/plan/select_plan.h"

namespace ordinal::engine::exec {
namespace {

// Tells the table statistics how many rows a finished statement added (or, negative,
// removed) when that is known exactly: a plain INSERT and a single-table DELETE. REPLACE,
// ON DUPLICATE KEY UPDATE and multiple-table DELETE leave the estimate to the next sample.
void CountRows(const sql::TableName& name, int64_t delta, ExecContext& ctx) {
  if (delta == 0) return;
  const std::string& database = name.database.empty() ? ctx.current_database : name.database;
  absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> table =
      ctx.catalog.GetTable(database, name.table);
  if (table.ok()) ctx.catalog.statistics().AddRows((*table)->def.id(), delta);
}

absl::StatusOr<ResultSet> InsertCounted(const sql::Insert& insert, ExecContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(ResultSet result, ExecuteInsert(insert, ctx));
  if (!insert.replace && insert.on_duplicate_update.empty()) {
    CountRows(insert.table, static_cast<int64_t>(result.rows_affected), ctx);
  }
  return result;
}

absl::StatusOr<ResultSet> DeleteCounted(const sql::Delete& del, ExecContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(ResultSet result, ExecuteDelete(del, ctx));
  if (!del.multi_table()) CountRows(del.table, -static_cast<int64_t>(result.rows_affected), ctx);
  return result;
}

}  // namespace

absl::StatusOr<ResultSet> ExecuteDataStatement(const sql::Statement& statement,
                                               ExecContext& ctx) {
  const sql::StatementBody& body = statement.body;
  if (const auto* s = std::get_if<sql::Select>(&body)) return ExecuteSelect(*s, ctx);
  if (const auto* s = std::get_if<sql::Insert>(&body)) return InsertCounted(*s, ctx);
  if (const auto* s = std::get_if<sql::Update>(&body)) return ExecuteUpdate(*s, ctx);
  if (const auto* s = std::get_if<sql::Delete>(&body)) return DeleteCounted(*s, ctx);
  if (const auto* s = std::get_if<sql::Explain>(&body)) return ExecuteExplain(*s, ctx);
  if (const auto* s = std::get_if<sql::ChecksumTable>(&body)) return ExecuteChecksum(*s, ctx);
  if (const auto* s = std::get_if<sql::AnalyzeTable>(&body)) return ExecuteAnalyze(*s, ctx);
  if (const auto* s = std::get_if<sql::CreateIndex>(&body)) return ExecuteCreateIndex(*s, ctx);
  return SqlError(absl::StatusCode::kInternal, MysqlErrno::kUnknown,
                  "not a data statement");
}

absl::StatusOr<ResultSet> ExecuteQuery(const sql::Select& select, ExecContext& ctx) {
  return ExecuteSelect(select, ctx);
}

absl::StatusOr<std::vector<ResultColumn>> DescribeQuery(const sql::Select& select,
                                                        ExecContext& ctx) {
  const plan::BindContext bind = MakeBindContext(ctx);
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<plan::SelectPlan> plan,
                           plan::BindSelect(select, bind));
  return plan->columns;
}

}  // namespace ordinal::engine::exec
