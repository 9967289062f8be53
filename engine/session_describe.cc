// SessionImpl::Describe: a statement's result columns from its plan, for a prepared
// statement's metadata, without running the statement.
#include <optional>
#include <variant>

#include "common/status_macros.h"
#include "engine/exec/executor.h"
#include "engine/session_impl.h"
#include "engine/types/collation.h"
#include "engine/types/temporal.h"

namespace ordinal::engine {

absl::StatusOr<std::optional<std::vector<ResultColumn>>> SessionImpl::Describe(
    const sql::Statement& statement) {
  const auto* select = std::get_if<sql::Select>(&statement.body);
  if (select == nullptr) return std::nullopt;
  StartStatement(&statement);
  absl::StatusOr<std::vector<ResultColumn>> columns;
  {
    functions::ScopedSessionContext scope(&context_);
    ScopedTemporalMode temporal(temporal_mode_);
    ScopedConnectionCollation collation(settings_.collation_id);
    absl::Status allowed = Authorize(statement);
    if (allowed.ok()) allowed = CheckTableLocks(statement);
    columns = allowed.ok() ? DescribeSelect(*select)
                           : absl::StatusOr<std::vector<ResultColumn>>(allowed);
  }
  if (!columns.ok()) {
    // Recorded as a failed statement's error is (SHOW ERRORS shows it).
    FinishStatement(&statement, columns.status());
    return columns.status();
  }
  // A description is no statement's result: ROW_COUNT() and FOUND_ROWS() keep their values.
  CountDiagnostics();
  return std::optional<std::vector<ResultColumn>>(*std::move(columns));
}

absl::StatusOr<std::vector<ResultColumn>> SessionImpl::DescribeSelect(const sql::Select& select) {
  absl::ReaderMutexLock schema_lock(&state_.schema_change_mu);
  std::unique_ptr<kv::Transaction> own;
  kv::Transaction* txn = txn_ != nullptr ? txn_.get() : lock_snapshot_.get();
  if (txn == nullptr) {
    own = state_.store.BeginTransaction();
    txn = own.get();
  }
  exec::QueryMemory memory(state_.query_memory);
  exec::ExecContext ctx{*txn, state_.catalog, state_.auto_increment, current_database_, &memory};
  ShareSessionViews(ctx);
  absl::StatusOr<std::vector<ResultColumn>> columns = exec::DescribeQuery(select, ctx);
  if (own != nullptr) own->Rollback();
  return columns;
}

}  // namespace ordinal::engine
