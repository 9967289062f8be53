#include "engine/exec/executor.h"

#include <variant>

#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/exec/join.h"
#include "engine/exec/statements.h"
#include "engine/plan/select_plan.h"

namespace ordinal::engine::exec {

absl::StatusOr<ResultSet> ExecuteDataStatement(const sql::Statement& statement,
                                               ExecContext& ctx) {
  const sql::StatementBody& body = statement.body;
  if (const auto* s = std::get_if<sql::Select>(&body)) return ExecuteSelect(*s, ctx);
  if (const auto* s = std::get_if<sql::Insert>(&body)) return ExecuteInsert(*s, ctx);
  if (const auto* s = std::get_if<sql::Update>(&body)) return ExecuteUpdate(*s, ctx);
  if (const auto* s = std::get_if<sql::Delete>(&body)) return ExecuteDelete(*s, ctx);
  if (const auto* s = std::get_if<sql::Explain>(&body)) return ExecuteExplain(*s, ctx);
  if (const auto* s = std::get_if<sql::ChecksumTable>(&body)) return ExecuteChecksum(*s, ctx);
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
