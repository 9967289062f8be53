// Prometheus metrics of one server, served in the text format on http://HOST:PORT/metrics
// when a metrics port is given:
//   ordinal_statements_total{kind}                 statements executed (kind: StatementLabel)
//   ordinal_statement_errors_total{code}           failed statements by gRPC status code name
//   ordinal_statement_duration_seconds{kind}       latency histogram, log-spaced buckets
//   ordinal_open_sessions                          sessions currently open
//   ordinal_latest_position                        newest committed position
//   ordinal_rocksdb_estimate_num_keys, ordinal_rocksdb_total_sst_files_size_bytes,
//   ordinal_rocksdb_cur_size_all_mem_tables_bytes, ordinal_rocksdb_block_cache_usage_bytes
//   ordinal_sync_fallbacks_total                   commits that gave up waiting for
//                                                  --sync_replicas (semi-sync fallbacks)
//   ordinal_node_state{state}                      1 for the node's state, 0 for the others
//                                                  (server/node_state.h)
// The database figures are left out while no store is open (first clone, swap).
// On a replica:
//   ordinal_replica_lag_ms                         how far behind the primary, in time
//   ordinal_replica_applied_position               the primary's position applied here
//   ordinal_replica_state{state}                   1 for the follower's state, 0 for others
// On the primary:
//   ordinal_replicas_connected                     replicas with an open stream
// On the primary with --log_archive_dir (docs/operations.md):
//   ordinal_log_archive_position                   newest durable position in the archive
//   ordinal_log_archive_gaps_total                 times the log lost batches before archiving
//   ordinal_log_archive_healthy                    0 while the archiver's last step failed
// Clones, as a source (every pod):
//   ordinal_clone_bytes_sent_total                 snapshot bytes sent to other pods
//   ordinal_clone_active                           snapshots being served now
//   ordinal_clones_served_total                    snapshots served to the end
// Clones, as a target (replicas):
//   ordinal_clone_bytes_received_total             snapshot bytes received, all clones
//   ordinal_clone_progress_ratio                   0..1 of the current clone; 1 when none
// Per front end (frontend="mysql"), once AddFrontend registered it:
//   ordinal_frontend_connections{frontend}         connections open now
//   ordinal_frontend_connections_total{frontend}   connections served since start
//   ordinal_frontend_connections_refused_total{frontend}  turned away at the limit
//   ordinal_frontend_commands_total{frontend}      commands (packets) received
//   ordinal_frontend_blocking_commands_total{frontend}  commands run on the blocking pool
//                                                  (they may wait for a commit's fsync)
//   ordinal_frontend_received_bytes_total{frontend}, ordinal_frontend_sent_bytes_total{frontend}
// Parked waits (server/wait_budget.h), once AddWaits registered the budget:
//   ordinal_parked_waits                           waits parked now (min_position reads,
//                                                  WAIT_FOR_EXECUTED_GTID_SET, SLEEP)
//   ordinal_parked_waits_max                       --max_parked_waits
//   ordinal_parked_waits_refused_total             waits refused: every slot was taken
// The gauges and counters are read from their sources on each scrape. The Metrics outlive
// every store the node opens: statement counters keep counting across a re-clone.
//
// Thread safety: RecordStatement is thread-safe.
#ifndef ORDINAL_SERVER_METRICS_H_
#define ORDINAL_SERVER_METRICS_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/frontend_counters.h"
#include "server/wait_budget.h"
#include "ordinal/v1/admin.pb.h"

namespace prometheus {
class Exposer;
class Registry;
class Collectable;
}  // namespace prometheus

namespace ordinal::server {

// The clone figures of one scrape (server/clone_node.h).
struct CloneFigures {
  uint64_t bytes_sent = 0;
  int active = 0;
  uint64_t clones_served = 0;
  bool target = false;  // the pod is a replica: the target figures below apply
  uint64_t bytes_received = 0;
  double progress_ratio = 1;
};

// The figures of the open database, read at scrape time.
struct DatabaseFigures {
  uint64_t latest_position = 0;
  // RocksDB integer properties by name ("rocksdb.estimate-num-keys", ...), when known.
  std::vector<std::pair<std::string, uint64_t>> properties;
};

// The database properties DatabaseFigures carries.
inline constexpr const char* kDatabaseProperties[] = {
    "rocksdb.estimate-num-keys", "rocksdb.total-sst-files-size",
    "rocksdb.cur-size-all-mem-tables", "rocksdb.block-cache-usage",
    "rocksdb.num-running-flushes", "rocksdb.num-running-compactions",
    "rocksdb.mem-table-flush-pending", "rocksdb.compaction-pending"};

// The replication figures of one scrape.
struct ReplicationFigures {
  std::string node_state;  // NodeStateName of the node's state
  CloneFigures clone;
  std::optional<ordinal::v1::ReplicationState> replica;  // set on a replica
  std::optional<int> replicas_connected;                  // set on the primary
  uint64_t sync_fallbacks = 0;
  // The log archiver's, on a primary with --log_archive_dir.
  std::optional<uint64_t> archive_position;
  uint64_t archive_gaps = 0;
  bool archive_healthy = true;
};

class Metrics {
 public:
  // Metrics that are recorded but not served (no metrics port).
  static std::unique_ptr<Metrics> Unserved();

  // Serves the metrics on `host`:`port`. `database` (nullopt while no store is open),
  // `open_sessions` and `replication` are called on every scrape and must stay valid while
  // the Metrics exist. UNAVAILABLE when the port cannot be bound.
  static absl::StatusOr<std::unique_ptr<Metrics>> Serve(
      const std::string& host, int port, std::function<std::optional<DatabaseFigures>()> database,
      std::function<size_t()> open_sessions, std::function<ReplicationFigures()> replication);
  ~Metrics();

  // Serves `counters` labelled frontend=`name` from now on (when the metrics are served).
  void AddFrontend(std::string name, std::shared_ptr<const FrontendCounters> counters);
  // Serves the figures of `waits` from now on; it must outlive the Metrics.
  void AddWaits(const WaitBudget& waits);

  // Counts one statement of `kind` that took `latency` and ended with `status`.
  void RecordStatement(std::string_view kind, absl::Duration latency, const absl::Status& status);

 private:
  Metrics();
  struct Families;

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Families> families_;
  std::shared_ptr<prometheus::Collectable> database_collector_;
  std::shared_ptr<prometheus::Collectable> replication_collector_;
  std::vector<std::shared_ptr<prometheus::Collectable>> frontend_collectors_;  // and waits
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_METRICS_H_
