// The benchmark schema (sysbench's sbtest tables plus the heartbeat table) and the prepare /
// cleanup commands that create and drop it.
//
// prepare: CREATE DATABASE IF NOT EXISTS, then per table sysbench's CREATE TABLE, rows
// 1..table_size loaded with multi-row INSERTs (kRowsPerInsert rows each) by `threads`
// connections in parallel, then the secondary index k_N (created after the load, as sysbench
// does), and the heartbeat table. cleanup drops the tables (the database stays, as with
// sysbench).
#ifndef ORDINAL_BENCH_SCHEMA_H_
#define ORDINAL_BENCH_SCHEMA_H_

#include <string>

#include "absl/status/status.h"
#include "bench/target.h"
#include "bench/workloads/workload.h"

namespace ordinal::bench {

inline constexpr int kRowsPerInsert = 1000;

std::string CreateTableSql(int table);
std::string CreateIndexSql(int table);
std::string CreateHeartbeatTableSql();

absl::Status Prepare(const Target& target, const std::string& database,
                     const WorkloadOptions& options, int threads);
absl::Status Cleanup(const Target& target, const std::string& database,
                     const WorkloadOptions& options);

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_SCHEMA_H_
