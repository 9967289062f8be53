#include "server/statement_runner.h"

#include <variant>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/auth/privileges.h"
#include "common/status_macros.h"
#include "engine/interrupt.h"
#include "engine/sql/parser.h"
#include "engine/statement_traits.h"
#include "server/statement_label.h"

namespace ordinal::server {

absl::StatusOr<engine::ResultSet> StatementRunner::Run(engine::Session& session,
                                                       std::string_view sql,
                                                       const std::function<bool()>& cancelled,
                                                       engine::RowSink* rows) {
  absl::StatusOr<engine::sql::Statement> statement = Parse(sql);
  if (!statement.ok()) {
    metrics_.RecordStatement(StatementLabel(sql), absl::ZeroDuration(), statement.status());
    return statement.status();
  }
  return Run(session, *statement, sql, cancelled, rows);
}

absl::StatusOr<engine::ResultSet> StatementRunner::Run(engine::Session& session,
                                                       const engine::sql::Statement& statement,
                                                       std::string_view sql,
                                                       const std::function<bool()>& cancelled,
                                                       engine::RowSink* rows) {
  const absl::Time start = absl::Now();
  absl::StatusOr<engine::ResultSet> result = Execute(session, statement, rows);
  // A commit is answered once enough replicas have it (or the semi-sync timeout passed).
  if (result.ok() && result->commit_position > 0) {
    // Semi-sync waits on the primary, whose store is not swapped; none is waited for while
    // a store is being swapped.
    if (absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast());
        store.ok()) {
      const std::shared_ptr<engine::StatementInterrupt> interrupt = session.interrupt();
      (*store)->sync().AwaitAcks(result->commit_position, [&interrupt, &cancelled] {
        return interrupt->raised() || (cancelled && cancelled());
      });
    }
  }
  metrics_.RecordStatement(StatementLabel(sql), absl::Now() - start, result.status());
  return result;
}

absl::StatusOr<engine::sql::Statement> StatementRunner::Parse(std::string_view sql) {
  return engine::sql::ParseStatement(sql);
}

absl::StatusOr<engine::sql::ParameterizedStatement> StatementRunner::ParseWithParameters(
    std::string_view sql) {
  return engine::sql::ParseWithParameters(sql);
}

bool StatementRunner::RunsWithoutBlocking(const engine::sql::Statement& statement) {
  const engine::sql::StatementBody& body = statement.body;
  if (const auto* select = std::get_if<engine::sql::Select>(&body)) {
    return !engine::CallsBlockingFunction(*select);
  }
  return OnlyReads(statement) || std::holds_alternative<engine::sql::UseDatabase>(body) ||
         std::holds_alternative<engine::sql::Kill>(body) ||
         std::holds_alternative<engine::sql::LockTables>(body) ||
         std::holds_alternative<engine::sql::UnlockTables>(body) ||
         std::holds_alternative<engine::sql::Flush>(body);
}

bool StatementRunner::ChangesWithoutWaiting(const engine::sql::Statement& statement,
                                            bool transaction_open) {
  return transaction_open && !engine::DataChangeMayBlock(statement);
}

bool StatementRunner::ParksWait(const engine::sql::Statement& statement) {
  const auto* select = std::get_if<engine::sql::Select>(&statement.body);
  return select != nullptr && engine::CallsBlockingFunction(*select);
}

bool StatementRunner::OnlyReads(const engine::sql::Statement& statement) {
  using namespace engine::sql;  // NOLINT: the statement kinds
  const StatementBody& body = statement.body;
  return std::holds_alternative<Select>(body) || std::holds_alternative<ShowDatabases>(body) ||
         std::holds_alternative<ShowTables>(body) ||
         std::holds_alternative<DescribeTable>(body) ||
         std::holds_alternative<ShowCreateTable>(body) ||
         std::holds_alternative<ShowCreateView>(body) ||
         std::holds_alternative<ShowCreateDatabase>(body) ||
         std::holds_alternative<ShowQuery>(body) ||
         std::holds_alternative<ShowVariables>(body) ||
         std::holds_alternative<ShowWarnings>(body) ||
         std::holds_alternative<ShowReplicaStatus>(body) ||
         std::holds_alternative<ShowReplicas>(body) || std::holds_alternative<Explain>(body);
}

bool StatementRunner::RunsWithoutBlocking(std::string_view sql) {
  absl::StatusOr<engine::sql::Statement> statement = Parse(sql);
  return !statement.ok() || RunsWithoutBlocking(*statement);
}

absl::StatusOr<engine::ResultSet> StatementRunner::Execute(
    engine::Session& session, const engine::sql::Statement& statement, engine::RowSink* rows) {
  const bool answered_here = std::holds_alternative<engine::sql::ShowReplicaStatus>(statement.body) ||
                             std::holds_alternative<engine::sql::ShowReplicas>(statement.body) ||
                             std::holds_alternative<engine::sql::Kill>(statement.body);
  if (answered_here) ORDINAL_RETURN_IF_ERROR(session.Authorize(statement));
  if (std::holds_alternative<engine::sql::ShowReplicaStatus>(statement.body)) {
    return ReplicaStatusResult(node_.ReplicationStatus());
  }
  if (std::holds_alternative<engine::sql::ShowReplicas>(statement.body)) {
    absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast());
    if (!store.ok()) return store.status();
    return (*store)->replication().ShowReplicas();
  }
  if (const auto* kill = std::get_if<engine::sql::Kill>(&statement.body)) {
    return Kill(session, *kill);
  }
  return session.Execute(statement, rows);
}

ConnectionRegistry::Killer StatementRunner::KillerOf(engine::Session& session) {
  return {.user = session.user_name(),
          .holds_super = session.CheckGlobalPrivilege(engine::auth::kSuper, "SUPER").ok()};
}

absl::StatusOr<engine::ResultSet> StatementRunner::Kill(engine::Session& session,
                                                        const engine::sql::Kill& kill) {
  ORDINAL_ASSIGN_OR_RETURN(engine::Value id, session.EvaluateConstant(*kill.id));
  if (id.is_null() || id.ToDouble() < 0) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kNoSuchThread,
                    "Unknown thread id: " + id.ToString());
  }
  session.interrupt()->Clear();
  ORDINAL_RETURN_IF_ERROR(connections_.Kill(static_cast<uint64_t>(id.ToDouble()),
                                            kill.query_only, KillerOf(session)));
  // A connection that killed itself (or its own query) gets the victim's error, as in MySQL.
  ORDINAL_RETURN_IF_ERROR(session.interrupt()->Check());
  return engine::ResultSet{};
}

}  // namespace ordinal::server
