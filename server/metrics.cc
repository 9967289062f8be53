#include "server/metrics.h"

#include <atomic>
#include <cmath>
#include <iterator>
#include <exception>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/metric_family.h"
#include "prometheus/registry.h"
#include "replication/follower.h"
#include "server/node_state.h"
#include "server/statement_label.h"

namespace ordinal::server {
namespace {

// 10 us .. ~42 s, each bucket twice the previous.
prometheus::Histogram::BucketBoundaries LatencyBuckets() {
  prometheus::Histogram::BucketBoundaries buckets;
  for (int i = 0; i < 23; ++i) buckets.push_back(1e-5 * std::pow(2.0, i));
  return buckets;
}

// One unlabelled sample of a gauge or a counter, built at scrape time.
prometheus::MetricFamily Sample(prometheus::MetricType type, std::string name, std::string help,
                                double value) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(std::move(metric));
  return family;
}

prometheus::MetricFamily Gauge(std::string name, std::string help, double value) {
  return Sample(prometheus::MetricType::Gauge, std::move(name), std::move(help), value);
}

prometheus::MetricFamily Counter(std::string name, std::string help, double value) {
  return Sample(prometheus::MetricType::Counter, std::move(name), std::move(help), value);
}

// Reads the database and session figures when scraped.
class DatabaseCollector : public prometheus::Collectable {
 public:
  DatabaseCollector(std::function<std::optional<DatabaseFigures>()> database,
                    std::function<size_t()> open_sessions)
      : database_(std::move(database)), open_sessions_(std::move(open_sessions)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> out;
    out.push_back(Gauge("ordinal_open_sessions", "Sessions currently open.",
                        static_cast<double>(open_sessions_())));
    const std::optional<DatabaseFigures> figures = database_();
    if (!figures.has_value()) return out;
    out.push_back(Gauge("ordinal_latest_position", "Newest committed position.",
                        static_cast<double>(figures->latest_position)));
    struct Property {
      const char* property;
      const char* metric;
      const char* help;
    };
    static constexpr Property kProperties[] = {
        {"rocksdb.estimate-num-keys", "ordinal_rocksdb_estimate_num_keys",
         "Estimated number of keys in RocksDB."},
        {"rocksdb.total-sst-files-size", "ordinal_rocksdb_total_sst_files_size_bytes",
         "Total size of all SST files."},
        {"rocksdb.cur-size-all-mem-tables", "ordinal_rocksdb_cur_size_all_mem_tables_bytes",
         "Size of the active and unflushed memtables."},
        {"rocksdb.block-cache-usage", "ordinal_rocksdb_block_cache_usage_bytes",
         "Memory used by the block cache."},
        // Background work: a store is settled when all four are 0 (bench/sysbench-compare
        // waits for that before it measures a replica).
        {"rocksdb.num-running-flushes", "ordinal_rocksdb_running_flushes",
         "Memtable flushes running now."},
        {"rocksdb.num-running-compactions", "ordinal_rocksdb_running_compactions",
         "Compactions running now."},
        {"rocksdb.mem-table-flush-pending", "ordinal_rocksdb_flush_pending",
         "1 when a memtable flush is pending."},
        {"rocksdb.compaction-pending", "ordinal_rocksdb_compaction_pending",
         "1 when at least one compaction is pending."},
    };
    for (const Property& p : kProperties) {
      for (const auto& [name, value] : figures->properties) {
        if (name == p.property) out.push_back(Gauge(p.metric, p.help, static_cast<double>(value)));
      }
    }
    return out;
  }

 private:
  std::function<std::optional<DatabaseFigures>()> database_;
  std::function<size_t()> open_sessions_;
};

// ordinal_node_state{state}: 1 for the node's state, 0 for every other one.
prometheus::MetricFamily NodeStateFamily(const std::string& current) {
  prometheus::MetricFamily family;
  family.name = "ordinal_node_state";
  family.help = "1 for the node's lifecycle state (docs/node-lifecycle.md), 0 for the others.";
  family.type = prometheus::MetricType::Gauge;
  for (NodeState state : kAllNodeStates) {
    prometheus::ClientMetric metric;
    metric.label.push_back({"state", std::string(NodeStateName(state))});
    metric.gauge.value = current == NodeStateName(state) ? 1 : 0;
    family.metric.push_back(std::move(metric));
  }
  return family;
}

// ordinal_replica_state{state}: 1 for the current state, 0 for every other one.
prometheus::MetricFamily ReplicaStateFamily(const std::string& current) {
  prometheus::MetricFamily family;
  family.name = "ordinal_replica_state";
  family.help = "1 for the replica's replication state, 0 for the others.";
  family.type = prometheus::MetricType::Gauge;
  static constexpr const char* kStates[] = {replication::kStateConnecting,
                                            replication::kStateStreaming,
                                            replication::kStateNeedsClone,
                                            replication::kStateError,
                                            "cloning",
                                            replication::kStateDiverged,
                                            replication::kStateWaitingForDiskSpace};
  for (const char* state : kStates) {
    prometheus::ClientMetric metric;
    metric.label.push_back({"state", state});
    metric.gauge.value = current == state ? 1 : 0;
    family.metric.push_back(std::move(metric));
  }
  return family;
}

void AppendCloneFigures(const CloneFigures& clone, std::vector<prometheus::MetricFamily>& out) {
  out.push_back(Counter("ordinal_clone_bytes_sent_total",
                        "Snapshot bytes this pod sent to clone targets.",
                        static_cast<double>(clone.bytes_sent)));
  out.push_back(Gauge("ordinal_clone_active", "Snapshots this pod is serving now.",
                      static_cast<double>(clone.active)));
  out.push_back(Counter("ordinal_clones_served_total", "Snapshots this pod served to the end.",
                        static_cast<double>(clone.clones_served)));
  if (!clone.target) return;
  out.push_back(Counter("ordinal_clone_bytes_received_total",
                        "Snapshot bytes this replica received, all clones.",
                        static_cast<double>(clone.bytes_received)));
  out.push_back(Gauge("ordinal_clone_progress_ratio",
                      "Progress of this replica's clone, 0..1; 1 when it is not cloning.",
                      clone.progress_ratio));
}

// Reads the replication figures when scraped.
class ReplicationCollector : public prometheus::Collectable {
 public:
  explicit ReplicationCollector(std::function<ReplicationFigures()> figures)
      : figures_(std::move(figures)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    const ReplicationFigures figures = figures_();
    std::vector<prometheus::MetricFamily> out;
    out.push_back(Counter("ordinal_sync_fallbacks_total",
                          "Commits that fell back to asynchronous replication because fewer "
                          "than --sync_replicas replicas acknowledged in time.",
                          static_cast<double>(figures.sync_fallbacks)));
    if (!figures.node_state.empty()) out.push_back(NodeStateFamily(figures.node_state));
    if (figures.replica.has_value()) {
      const ordinal::v1::ReplicationState& state = *figures.replica;
      out.push_back(Gauge("ordinal_replica_lag_ms",
                          "How far this replica is behind the primary, in milliseconds.",
                          state.lag_ms()));
      out.push_back(Gauge("ordinal_replica_applied_position",
                          "The primary's position this replica has applied.",
                          static_cast<double>(state.applied_position())));
      out.push_back(ReplicaStateFamily(state.state()));
    }
    AppendCloneFigures(figures.clone, out);
    if (figures.archive_position.has_value()) {
      out.push_back(Gauge("ordinal_log_archive_position",
                          "The newest position durably in --log_archive_dir.",
                          static_cast<double>(*figures.archive_position)));
      out.push_back(Counter("ordinal_log_archive_gaps_total",
                            "Times the log no longer held the batches the archive needed.",
                            static_cast<double>(figures.archive_gaps)));
      out.push_back(Gauge("ordinal_log_archive_healthy",
                          "1 while archiving works; 0 while its last step failed.",
                          figures.archive_healthy ? 1 : 0));
    }
    if (figures.replicas_connected.has_value()) {
      out.push_back(Gauge("ordinal_replicas_connected", "Replicas streaming from this primary.",
                          static_cast<double>(*figures.replicas_connected)));
    }
    return out;
  }

 private:
  std::function<ReplicationFigures()> figures_;
};

}  // namespace

struct Metrics::Families {
  explicit Families(prometheus::Registry& registry)
      : statements(prometheus::BuildCounter()
                       .Name("ordinal_statements_total")
                       .Help("Statements executed, by kind.")
                       .Register(registry)),
        errors(prometheus::BuildCounter()
                   .Name("ordinal_statement_errors_total")
                   .Help("Statements that failed, by gRPC status code.")
                   .Register(registry)),
        duration(prometheus::BuildHistogram()
                     .Name("ordinal_statement_duration_seconds")
                     .Help("Time to execute a statement, by kind.")
                     .Register(registry)),
        buckets(LatencyBuckets()) {}

  prometheus::Family<prometheus::Counter>& statements;
  prometheus::Family<prometheus::Counter>& errors;
  prometheus::Family<prometheus::Histogram>& duration;
  const prometheus::Histogram::BucketBoundaries buckets;

  // The series of one statement kind, created on its first statement (so the exposition
  // lists only kinds that ran) and then reused without Family::Add, which takes the family's
  // mutex and builds a new metric on every call.
  struct KindSeries {
    std::atomic<prometheus::Counter*> statements{nullptr};
    std::atomic<prometheus::Histogram*> duration{nullptr};
  };
  KindSeries kinds[std::size(kStatementLabels)];

  // The series of `kind`, or nullptr for a kind outside kStatementLabels.
  KindSeries* SeriesOf(std::string_view kind) {
    for (size_t i = 0; i < std::size(kStatementLabels); ++i) {
      if (kStatementLabels[i] == kind) return &kinds[i];
    }
    return nullptr;
  }
};

// Reads one front end's traffic figures when scraped.
class FrontendCollector : public prometheus::Collectable {
 public:
  FrontendCollector(std::string name, std::shared_ptr<const FrontendCounters> counters)
      : name_(std::move(name)), counters_(std::move(counters)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    const FrontendCounters& c = *counters_;
    auto load = [](const auto& atomic) {
      return static_cast<double>(atomic.load(std::memory_order_relaxed));
    };
    std::vector<prometheus::MetricFamily> out = {
        Gauge("ordinal_frontend_connections", "Connections open now.", load(c.connections_open)),
        Counter("ordinal_frontend_connections_total", "Connections served since start.",
                load(c.connections_total)),
        Counter("ordinal_frontend_connections_refused_total",
                "Connections turned away at the connection limit.", load(c.connections_refused)),
        Counter("ordinal_frontend_commands_total", "Commands received.", load(c.commands_total)),
        Counter("ordinal_frontend_blocking_commands_total",
                "Commands run on the blocking pool: they may wait for a commit's fsync or "
                "for replicas.",
                load(c.commands_blocking)),
        Counter("ordinal_frontend_rerun_statements_total",
                "Statements ended on an I/O thread and run again from the start on the "
                "blocking pool: over their time budget there, or their result outgrew one "
                "write to the client.",
                load(c.statements_rerun)),
        Counter("ordinal_frontend_received_bytes_total", "Bytes received from clients.",
                load(c.bytes_received)),
        Counter("ordinal_frontend_sent_bytes_total", "Bytes sent to clients.",
                load(c.bytes_sent)),
    };
    for (prometheus::MetricFamily& family : out) {
      family.metric.front().label.push_back({"frontend", name_});
    }
    return out;
  }

 private:
  const std::string name_;
  const std::shared_ptr<const FrontendCounters> counters_;
};

// Reads the wait budget's figures when scraped.
class WaitsCollector : public prometheus::Collectable {
 public:
  explicit WaitsCollector(const WaitBudget& waits) : waits_(waits) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    return {
        Gauge("ordinal_parked_waits", "Statements parked waiting for a position or sleeping.",
              static_cast<double>(waits_.parked())),
        Gauge("ordinal_parked_waits_max", "Parked waits allowed at once (--max_parked_waits).",
              static_cast<double>(waits_.max_waits())),
        Counter("ordinal_parked_waits_refused_total",
                "Waits refused because every slot of the budget was taken.",
                static_cast<double>(waits_.refused())),
    };
  }

 private:
  const WaitBudget& waits_;
};

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<Families>(*registry_)) {}

Metrics::~Metrics() = default;

std::unique_ptr<Metrics> Metrics::Unserved() { return std::unique_ptr<Metrics>(new Metrics()); }

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Serve(
    const std::string& host, int port, std::function<std::optional<DatabaseFigures>()> database,
    std::function<size_t()> open_sessions, std::function<ReplicationFigures()> replication) {
  std::unique_ptr<Metrics> metrics(new Metrics());
  std::string address = absl::StrCat(host, ":", port);
  try {
    metrics->exposer_ = std::make_unique<prometheus::Exposer>(address, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address, ": ", e.what()));
  }
  metrics->database_collector_ =
      std::make_shared<DatabaseCollector>(std::move(database), std::move(open_sessions));
  metrics->exposer_->RegisterCollectable(metrics->registry_);
  metrics->replication_collector_ =
      std::make_shared<ReplicationCollector>(std::move(replication));
  metrics->exposer_->RegisterCollectable(metrics->database_collector_);
  metrics->exposer_->RegisterCollectable(metrics->replication_collector_);
  return metrics;
}

void Metrics::AddFrontend(std::string name, std::shared_ptr<const FrontendCounters> counters) {
  if (exposer_ == nullptr) return;
  auto collector = std::make_shared<FrontendCollector>(std::move(name), std::move(counters));
  exposer_->RegisterCollectable(collector);
  frontend_collectors_.push_back(std::move(collector));
}

void Metrics::AddWaits(const WaitBudget& waits) {
  if (exposer_ == nullptr) return;
  auto collector = std::make_shared<WaitsCollector>(waits);
  exposer_->RegisterCollectable(collector);
  frontend_collectors_.push_back(std::move(collector));
}

void Metrics::RecordStatement(std::string_view kind, absl::Duration latency,
                              const absl::Status& status) {
  Families& f = *families_;
  Families::KindSeries* series = f.SeriesOf(kind);
  prometheus::Counter* statements =
      series != nullptr ? series->statements.load(std::memory_order_acquire) : nullptr;
  prometheus::Histogram* duration =
      series != nullptr ? series->duration.load(std::memory_order_acquire) : nullptr;
  if (statements == nullptr || duration == nullptr) {
    const std::string label(kind);
    statements = &f.statements.Add({{"kind", label}});
    duration = &f.duration.Add({{"kind", label}}, f.buckets);
    if (series != nullptr) {
      series->statements.store(statements, std::memory_order_release);
      series->duration.store(duration, std::memory_order_release);
    }
  }
  statements->Increment();
  duration->Observe(absl::ToDoubleSeconds(latency));
  if (!status.ok()) {
    families_->errors.Add({{"code", absl::StatusCodeToString(status.code())}}).Increment();
  }
}

}  // namespace ordinal::server
