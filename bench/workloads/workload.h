// Workload: generates the transactions (sysbench "events") a benchmark thread runs.
//
// OLTP workloads reproduce sysbench 1.0's oltp_*.lua statement mix on sbtest1..sbtestN
// (schema.h), with sysbench's defaults: 10 point selects, 1 each of simple / sum / order /
// distinct ranges of 100 rows, 1 index update, 1 non-index update, 1 delete+insert; ids
// uniform in [1, table_size]. YCSB workloads (A: 50% read / 50% update, B: 95/5, C: reads
// only, F: 50% read / 50% read-modify-write) use the same tables with a scrambled zipfian key
// choice (theta 0.99).
//
// Thread safety: a Workload is immutable once made; Next() may be called from many threads,
// each with its own Rng.
#ifndef ORDINAL_BENCH_WORKLOADS_WORKLOAD_H_
#define ORDINAL_BENCH_WORKLOADS_WORKLOAD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/random.h"
#include "client/value.h"

namespace ordinal::bench {

struct WorkloadOptions {
  int tables = 1;
  int64_t table_size = 10000;
  int range_size = 100;
};

// One statement: its text with `?` parameter markers and the markers' values, in order.
// Drivers with parameters send both (OrdinalDB's); the others send Text().
struct Statement {
  std::string sql;
  std::vector<Value> params;
  // `sql` with each marker replaced by its value as a SQL literal (integers in decimal,
  // strings quoted and escaped, NULL).
  std::string Text() const;
};

// One event: statements run in order, inside BEGIN/COMMIT when `explicit_transaction`.
struct Transaction {
  bool explicit_transaction = false;
  std::vector<Statement> statements;
  int reads = 0;   // SELECT statements
  int writes = 0;  // INSERT / UPDATE / DELETE statements
  bool read_only() const { return writes == 0; }
  void Clear() {
    explicit_transaction = false;
    statements.clear();
    reads = writes = 0;
  }
};

class Workload {
 public:
  virtual ~Workload() = default;
  // Fills `txn` (cleared first) with the next event.
  virtual void Next(Rng& rng, Transaction* txn) const = 0;
};

// The workload called `name`, or INVALID_ARGUMENT naming the known ones.
absl::StatusOr<std::unique_ptr<Workload>> MakeWorkload(std::string_view name,
                                                       const WorkloadOptions& options);

// Every workload name, for --help and errors.
const std::vector<std::string>& WorkloadNames();

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_WORKLOADS_WORKLOAD_H_
