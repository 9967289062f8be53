#include "server/connection_registry.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_reason.h"

namespace ordinal::server {

void ConnectionRegistry::Add(uint32_t id, Entry entry) {
  absl::MutexLock lock(&mu_);
  connections_[id] = std::move(entry);
}

void ConnectionRegistry::Remove(uint32_t id) {
  absl::MutexLock lock(&mu_);
  connections_.erase(id);
}

absl::Status ConnectionRegistry::Kill(uint64_t id, bool query_only, const Killer& killer) {
  Entry victim;
  {
    absl::MutexLock lock(&mu_);
    auto it = id <= UINT32_MAX ? connections_.find(static_cast<uint32_t>(id))
                               : connections_.end();
    if (it == connections_.end()) {
      return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kNoSuchThread,
                      absl::StrCat("Unknown thread id: ", id));
    }
    victim = it->second;
  }
  if (!killer.holds_super && victim.user != killer.user) {
    return SqlError(absl::StatusCode::kPermissionDenied, MysqlErrno::kKillDenied,
                    absl::StrCat("You are not owner of thread ", id));
  }
  victim.interrupt->Interrupt(query_only ? QueryInterrupted() : ConnectionKilled());
  if (!query_only && victim.close) victim.close();
  return absl::OkStatus();
}

void ConnectionRegistry::InterruptAll() {
  std::vector<std::shared_ptr<engine::StatementInterrupt>> running;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, entry] : connections_) running.push_back(entry.interrupt);
  }
  for (const auto& interrupt : running) interrupt->Interrupt(ServerShutdown());
}

absl::Status ConnectionRegistry::ServerShutdown() {
  return WithReason(SqlError(absl::StatusCode::kUnavailable, MysqlErrno::kServerShutdown,
                             "Server shutdown in progress"),
                    StatusReason::kShuttingDown);
}

absl::Status ConnectionRegistry::QueryInterrupted() {
  return SqlError(absl::StatusCode::kCancelled, MysqlErrno::kQueryInterrupted,
                  "Query execution was interrupted");
}

absl::Status ConnectionRegistry::ConnectionKilled() {
  return SqlError(absl::StatusCode::kCancelled, MysqlErrno::kConnectionKilled,
                  "Connection was killed");
}

}  // namespace ordinal::server
