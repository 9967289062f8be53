#include "server/statement_runner.h"

#include <variant>

#include "common/status_macros.h"
#include "engine/sql/parser.h"
#include "server/statement_label.h"

namespace ordinal::server {

absl::StatusOr<engine::ResultSet> StatementRunner::Run(engine::Session& session,
                                                       std::string_view sql) {
  const absl::Time start = absl::Now();
  absl::StatusOr<engine::ResultSet> result = Execute(session, sql);
  // A commit is answered once enough replicas have it (or the semi-sync timeout passed).
  if (result.ok() && result->commit_position > 0) {
    // Semi-sync waits on the primary, whose store is not swapped; none is waited for while
    // a store is being swapped.
    if (absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast());
        store.ok()) {
      (*store)->sync().AwaitAcks(result->commit_position);
    }
  }
  metrics_.RecordStatement(StatementLabel(sql), absl::Now() - start, result.status());
  return result;
}

absl::Status StatementRunner::Check(std::string_view sql) {
  return engine::sql::ParseStatement(sql).status();
}

bool StatementRunner::RunsWithoutBlocking(std::string_view sql) {
  const std::string_view kind = StatementLabel(sql);
  return kind == "select" || kind == "show" || kind == "describe" || kind == "explain" ||
         kind == "use";
}

absl::StatusOr<engine::ResultSet> StatementRunner::Execute(engine::Session& session,
                                                           std::string_view sql) {
  ORDINAL_ASSIGN_OR_RETURN(engine::sql::Statement statement, engine::sql::ParseStatement(sql));
  if (std::holds_alternative<engine::sql::ShowReplicaStatus>(statement.body)) {
    return ReplicaStatusResult(node_.ReplicationStatus());
  }
  if (std::holds_alternative<engine::sql::ShowReplicas>(statement.body)) {
    absl::StatusOr<Slot<Store>::Lease> store = slot_.Acquire(absl::InfinitePast());
    if (!store.ok()) return store.status();
    return (*store)->replication().ShowReplicas();
  }
  return session.Execute(statement);
}

}  // namespace ordinal::server
