#include "server/metrics.h"

#include <cmath>
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

namespace ordinal::server {
namespace {

// 10 us .. ~42 s, each bucket twice the previous.
prometheus::Histogram::BucketBoundaries LatencyBuckets() {
  prometheus::Histogram::BucketBoundaries buckets;
  for (int i = 0; i < 23; ++i) buckets.push_back(1e-5 * std::pow(2.0, i));
  return buckets;
}

prometheus::MetricFamily Gauge(std::string name, std::string help, double value) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = prometheus::MetricType::Gauge;
  prometheus::ClientMetric metric;
  metric.gauge.value = value;
  family.metric.push_back(std::move(metric));
  return family;
}

// Reads the database and session figures when scraped.
class DatabaseCollector : public prometheus::Collectable {
 public:
  DatabaseCollector(const engine::Database& db, std::function<size_t()> open_sessions)
      : db_(db), open_sessions_(std::move(open_sessions)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> out;
    out.push_back(Gauge("ordinal_open_sessions", "Sessions currently open.",
                        static_cast<double>(open_sessions_())));
    out.push_back(Gauge("ordinal_latest_position", "Newest committed position.",
                        static_cast<double>(db_.LatestPosition())));
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
    };
    for (const Property& p : kProperties) {
      std::optional<uint64_t> value = db_.GetIntProperty(p.property);
      if (value.has_value()) out.push_back(Gauge(p.metric, p.help, static_cast<double>(*value)));
    }
    return out;
  }

 private:
  const engine::Database& db_;
  std::function<size_t()> open_sessions_;
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
};

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<Families>(*registry_)) {}

Metrics::~Metrics() = default;

std::unique_ptr<Metrics> Metrics::Unserved() { return std::unique_ptr<Metrics>(new Metrics()); }

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Serve(const std::string& host, int port,
                                                        const engine::Database& db,
                                                        std::function<size_t()> open_sessions) {
  std::unique_ptr<Metrics> metrics(new Metrics());
  std::string address = absl::StrCat(host, ":", port);
  try {
    metrics->exposer_ = std::make_unique<prometheus::Exposer>(address, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address, ": ", e.what()));
  }
  metrics->database_collector_ =
      std::make_shared<DatabaseCollector>(db, std::move(open_sessions));
  metrics->exposer_->RegisterCollectable(metrics->registry_);
  metrics->exposer_->RegisterCollectable(metrics->database_collector_);
  return metrics;
}

void Metrics::RecordStatement(std::string_view kind, absl::Duration latency,
                              const absl::Status& status) {
  std::string label(kind);
  families_->statements.Add({{"kind", label}}).Increment();
  families_->duration.Add({{"kind", label}}, families_->buckets)
      .Observe(absl::ToDoubleSeconds(latency));
  if (!status.ok()) {
    families_->errors.Add({{"code", absl::StatusCodeToString(status.code())}}).Increment();
  }
}

}  // namespace ordinal::server
