// AUTO_INCREMENT counters (docs/sql-decisions.md, "AUTO_INCREMENT counters live in memory").
//
// One counter per table id, owned by the Database and shared by every session. A counter is
// initialized lazily, the first time a table needs it, from the largest value already stored
// in the table's auto-increment column (or hidden _rowid), read through the caller's
// transaction, and at least the table's AUTO_INCREMENT option minus one. Afterwards it only moves forward: Next() hands out the next value and an
// explicitly inserted larger value bumps it (Observe). Counters are never written inside a
// transaction, so concurrent inserts never conflict on them; values handed to a transaction
// that rolls back are not reused (as InnoDB).
//
// Thread safety: all methods are thread-safe.
#ifndef ORDINAL_ENGINE_EXEC_AUTO_INCREMENT_H_
#define ORDINAL_ENGINE_EXEC_AUTO_INCREMENT_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "engine/catalog/catalog.h"
#include "engine/kv/store.h"

namespace ordinal::engine::exec {

// The column whose values the table's counter generates: the AUTO_INCREMENT column, else the
// hidden _rowid of a table without a primary key; -1 when the table has neither.
int AutoIncrementColumn(const catalog::TableInfo& table);

class AutoIncrementCounters {
 public:
  AutoIncrementCounters() = default;
  AutoIncrementCounters(const AutoIncrementCounters&) = delete;
  AutoIncrementCounters& operator=(const AutoIncrementCounters&) = delete;

  // Reserves and returns the next value for `table` (1 for an empty table). `txn` is used
  // only to initialize the counter. Errors: a storage error while initializing; 1690 when
  // the counter would pass INT64_MAX.
  absl::StatusOr<int64_t> Next(kv::Transaction& txn, const catalog::TableInfo& table);

  // The value Next() would return now, without reserving it (SHOW CREATE TABLE, SHOW TABLE
  // STATUS, information_schema.TABLES).
  absl::StatusOr<int64_t> Peek(kv::Transaction& txn, const catalog::TableInfo& table);

  // Records that `value` was stored explicitly: later Next() calls return larger values.
  absl::Status Observe(kv::Transaction& txn, const catalog::TableInfo& table, int64_t value);

  // Forgets the counter of a dropped table.
  void Forget(uint64_t table_id);

 private:
  // The largest value used so far, initializing it from storage when unknown.
  absl::StatusOr<int64_t*> CounterLocked(kv::Transaction& txn, const catalog::TableInfo& table)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  absl::flat_hash_map<uint64_t, int64_t> last_ ABSL_GUARDED_BY(mu_);
};

// The next AUTO_INCREMENT values `counters` hand out, read through `txn` (which must outlive
// the result) for information_schema and SHOW: tables with a declared AUTO_INCREMENT column
// only (not a hidden row id); nullopt when the counter cannot be read.
std::function<std::optional<int64_t>(const catalog::TableInfo&)> NextAutoIncrementReader(
    AutoIncrementCounters& counters, kv::Transaction& txn);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_AUTO_INCREMENT_H_
