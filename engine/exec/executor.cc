#include "engine/exec/executor.h"

#include <variant>

#include "common/sql_error.h"
#include "engine/exec/statements.h"

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

}  // namespace ordinal::engine::exec
