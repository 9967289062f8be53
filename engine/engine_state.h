// What every Session of one Database shares: the store, the catalog and the AUTO_INCREMENT
// counters, and whether sessions may write. Internal to engine/ (the facade in database.h
// is the public surface).
#ifndef ORDINAL_ENGINE_ENGINE_STATE_H_
#define ORDINAL_ENGINE_ENGINE_STATE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/auth/accounts.h"
#include "engine/auth/usage_limits.h"
#include "engine/catalog/catalog.h"
#include "engine/exec/auto_increment.h"
#include "engine/exec/query_memory.h"
#include "engine/kv/store.h"
#include "engine/process_list.h"
#include "engine/vars/system_variables.h"

namespace ordinal::engine {

// Owned by the Database; sessions hold a reference and must not outlive it.
struct EngineState {
  kv::Store& store;
  catalog::Catalog& catalog;
  exec::AutoIncrementCounters& auto_increment;
  // The global values of the system variables (SET GLOBAL); sessions start from them.
  vars::GlobalVariables& globals;
  // The stored accounts (a snapshot per statement) and their resource counters.
  auth::AccountStore& accounts;
  auth::UsageLimits& usage;
  // A replica's sessions refuse every write statement (errno 1290) and name the primary.
  bool read_only = false;
  std::string primary_address;
  // Database::WaitForPosition as a predicate (true once reached), for the sessions'
  // WAIT_FOR_EXECUTED_GTID_SET; it also returns (false) as soon as `*stop` is set and
  // wake_position_waiters() ran (a KILL).
  std::function<bool(uint64_t position, absl::Time deadline, const std::atomic<bool>* stop)>
      wait_for_position;
  // Wakes every wait_for_position so that each re-checks its `stop`.
  std::function<void()> wake_position_waiters;
  // Schema changes against commits. DDL holds it exclusively from before its transaction's
  // snapshot until the new catalog is visible; data statements and commits hold it shared.
  // So no commit lands between a CREATE INDEX's snapshot and its commit (its backfill sees
  // every row), while independent commits never wait on each other. Transactions that
  // straddle a schema change are caught at commit instead (see SessionImpl::WrittenTable).
  absl::Mutex schema_change_mu;
  // The sessions, for SHOW PROCESSLIST.
  ProcessList process_list;
  // Working memory of running statements (DatabaseOptions::query_memory_*).
  exec::QueryMemoryPool query_memory;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_ENGINE_STATE_H_
