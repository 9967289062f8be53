// Table statistics for the planner: an estimate of each table's row count and, for the
// primary key and every secondary index, of how many rows share one value of each prefix of
// its key columns (docs/statistics.md).
//
// Estimates come from three places:
//   - a sample at first use: the first entries of every index are read (a bounded scan),
//     and the row count is the index's RocksDB approximate size scaled by the bytes the
//     sampled entries take; a table small enough for the sample is counted exactly;
//   - the row-count changes of INSERT and DELETE statements (AddRows), applied as the
//     statements finish (a later rollback is not taken back: estimates may drift until the
//     next refresh);
//   - ANALYZE TABLE (Analyze): every entry of every index counted exactly.
// A sampled estimate is sampled again once it is older than `resample_after` (so a replica,
// whose rows change through the log, follows its own store); an analyzed one is kept (with
// AddRows applied) until the next ANALYZE TABLE or until the table's id changes (DDL that
// rebuilds a table gives it a new id). Nothing is persisted: a restarted server samples
// again.
//
// Thread safety: every method may be called concurrently.
#ifndef ORDINAL_ENGINE_CATALOG_TABLE_STATS_H_
#define ORDINAL_ENGINE_CATALOG_TABLE_STATS_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/kv/store.h"
#include "engine/types/value.h"

namespace ordinal::engine::catalog {

struct TableInfo;

// How the rows of one index (the primary key or a secondary index) spread over its keys.
struct IndexStats {
  uint32_t index_id = 0;  // 0: the primary key
  // rows_per_value[k - 1]: the average number of rows that share one value of the first k
  // key columns (1 for a whole unique key).
  std::vector<double> rows_per_value;
};

struct TableStats {
  double rows = 0;                  // estimated row count
  std::vector<IndexStats> indexes;  // the primary key first, then TableDef.indexes order
  bool analyzed = false;            // counted by ANALYZE TABLE (else sampled)
  // Up to kSampleRows rows of the table (table-row layout), for the selectivity of
  // conditions: the first rows in primary key order for a sampled estimate, rows spread
  // over the whole table for an analyzed one.
  // Shared between copies (it never changes once made). Never null.
  std::shared_ptr<const std::vector<std::vector<Value>>> sample =
      std::make_shared<const std::vector<std::vector<Value>>>();
  static constexpr size_t kSampleRows = 256;

  // Rows per value of the first `columns` key columns of index `index_id` (0: the primary
  // key); without statistics for that index, an assumption (docs/statistics.md).
  double RowsPerValue(uint32_t index_id, int columns) const;
};

class TableStatistics {
 public:
  explicit TableStatistics(kv::Store& store, absl::Duration resample_after = absl::Seconds(60));

  TableStatistics(const TableStatistics&) = delete;
  TableStatistics& operator=(const TableStatistics&) = delete;

  // The current estimate for `table`, sampled first when there is none (or it is stale).
  // Never fails: a sample that cannot be read leaves an empty-table estimate that is
  // sampled again on the next call.
  std::shared_ptr<const TableStats> Get(const TableInfo& table);

  // Counts every entry of every index of `table` as `txn` sees them and keeps the result
  // as the table's estimate. Errors: those of reading the store.
  absl::StatusOr<TableStats> Analyze(kv::Transaction& txn, const TableInfo& table);

  // Adjusts the row count of table `table_id` (a finished INSERT or DELETE); no-op for a
  // table without an estimate yet.
  void AddRows(uint64_t table_id, int64_t delta);

  // Entries sampled per index at first use.
  static constexpr int kSampleEntries = 4000;

 private:
  struct Entry {
    std::shared_ptr<const TableStats> stats;
    absl::Time taken;
  };

  absl::StatusOr<TableStats> Sample(const TableInfo& table);

  kv::Store& store_;
  const absl::Duration resample_after_;
  absl::Mutex mu_;
  absl::flat_hash_map<uint64_t, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_TABLE_STATS_H_
