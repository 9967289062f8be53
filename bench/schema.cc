#include "bench/schema.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "bench/drivers/driver.h"
#include "bench/random.h"

namespace ordinal::bench {

std::string CreateTableSql(int table) {
  return absl::StrFormat(
      "CREATE TABLE sbtest%d(id INTEGER NOT NULL AUTO_INCREMENT, "
      "k INTEGER DEFAULT '0' NOT NULL, c CHAR(120) DEFAULT '' NOT NULL, "
      "pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id))",
      table);
}

std::string CreateIndexSql(int table) {
  return absl::StrFormat("CREATE INDEX k_%d ON sbtest%d(k)", table, table);
}

std::string CreateHeartbeatTableSql() {
  return "CREATE TABLE IF NOT EXISTS bench_heartbeat (id INTEGER NOT NULL, "
         "ts_us BIGINT NOT NULL, PRIMARY KEY (id))";
}

namespace {

std::string BulkInsertSql(Rng& rng, int table, int64_t first, int64_t last, int64_t table_size) {
  std::string sql = absl::StrFormat("INSERT INTO sbtest%d(id, k, c, pad) VALUES", table);
  sql.reserve(sql.size() + (last - first + 1) * 210);
  for (int64_t id = first; id <= last; ++id) {
    absl::StrAppendFormat(&sql, "%s(%d, %d, '%s', '%s')", id == first ? "" : ",", id,
                          rng.Uniform(1, table_size), RandomString(rng, CValueTemplate()),
                          RandomString(rng, PadValueTemplate()));
  }
  return sql;
}

// Loads rows 1..table_size of `table`: `threads` connections take chunks in turn.
absl::Status LoadRows(const Target& target, const std::string& database, int table,
                      int64_t table_size, int threads) {
  int64_t chunks = (table_size + kRowsPerInsert - 1) / kRowsPerInsert;
  std::atomic<int64_t> next_chunk{0};
  absl::Mutex mu;
  absl::Status first_error;
  std::vector<std::thread> workers;
  for (int w = 0; w < std::max(1, threads); ++w) {
    workers.emplace_back([&, w] {
      Rng rng(0x5eed0000 + table * 1000 + w);
      auto conn = Connect(target, 0, database);
      for (int64_t chunk; conn.ok() && (chunk = next_chunk++) < chunks;) {
        int64_t first = chunk * kRowsPerInsert + 1;
        int64_t last = std::min(table_size, first + kRowsPerInsert - 1);
        absl::Status s = (*conn)->Execute(BulkInsertSql(rng, table, first, last, table_size)).status();
        if (!s.ok()) {
          absl::MutexLock lock(&mu);
          if (first_error.ok()) first_error = s;
          return;
        }
      }
      if (!conn.ok()) {
        absl::MutexLock lock(&mu);
        if (first_error.ok()) first_error = conn.status();
      }
    });
  }
  for (std::thread& t : workers) t.join();
  return first_error;
}

}  // namespace

absl::Status Prepare(const Target& target, const std::string& database,
                     const WorkloadOptions& options, int threads) {
  {
    auto admin = Connect(target, 0, "");
    if (!admin.ok()) return admin.status();
    auto created = (*admin)->Execute(absl::StrCat("CREATE DATABASE IF NOT EXISTS ", database));
    if (!created.ok()) return created.status();
  }
  auto conn = Connect(target, 0, database);
  if (!conn.ok()) return conn.status();
  for (int t = 1; t <= options.tables; ++t) {
    std::printf("Creating table 'sbtest%d'...\n", t);
    absl::Status s = (*conn)->Execute(CreateTableSql(t)).status();
    if (!s.ok()) return s;
    std::printf("Inserting %lld records into 'sbtest%d'\n",
                static_cast<long long>(options.table_size), t);
    std::fflush(stdout);
    s = LoadRows(target, database, t, options.table_size, threads);
    if (!s.ok()) return s;
    std::printf("Creating a secondary index on 'sbtest%d'...\n", t);
    s = (*conn)->Execute(CreateIndexSql(t)).status();
    if (!s.ok()) return s;
  }
  return (*conn)->Execute(CreateHeartbeatTableSql()).status();
}

absl::Status Cleanup(const Target& target, const std::string& database,
                     const WorkloadOptions& options) {
  auto conn = Connect(target, 0, database);
  if (!conn.ok()) return conn.status();
  for (int t = 1; t <= options.tables; ++t) {
    std::printf("Dropping table 'sbtest%d'...\n", t);
    absl::Status s = (*conn)->Execute(absl::StrFormat("DROP TABLE IF EXISTS sbtest%d", t)).status();
    if (!s.ok()) return s;
  }
  return (*conn)->Execute("DROP TABLE IF EXISTS bench_heartbeat").status();
}

}  // namespace ordinal::bench
