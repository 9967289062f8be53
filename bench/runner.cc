#include "bench/runner.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "bench/drivers/driver.h"
#include "bench/runner_internal.h"
#include "bench/session_group_worker.h"
#include "common/sql_error.h"

namespace ordinal::bench {

void Counters::Add(const Counters& o) {
  transactions += o.transactions;
  reads += o.reads;
  writes += o.writes;
  other += o.other;
  errors += o.errors;
  retries += o.retries;
}

using runner_internal::Clock;
using runner_internal::Shared;
using runner_internal::WorkerStats;

void WorkerStats::Record(const Counters& c, uint64_t nanos, const std::string& error) {
  absl::MutexLock lock(&mu);
  total.Add(c);
  interval.Add(c);
  if (c.transactions > 0) {
    total_latency.Record(nanos);
    interval_latency.Record(nanos);
  }
  if (c.errors > 0 && errors.size() < 3) errors.push_back(error);
}

namespace {

// A thread of its own per session, on blocking Connections (one per endpoint it may use).
class ConnectionWorker : public runner_internal::Worker {
 public:
  ConnectionWorker(Shared* shared, WorkerStats* stats, int index)
      : shared_(shared),
        stats_(stats),
        rng_(runner_internal::SessionSeed(*shared->options, index)) {}

  absl::Status Connect() override {
    const Target& t = *shared_->target;
    for (int i = 0; i < static_cast<int>(t.endpoints.size()); ++i) {
      if (i > 0 && shared_->options->read_from == ReadFrom::kPrimary) break;
      auto c = bench::Connect(t, i, *shared_->database);
      if (!c.ok()) return c.status();
      connections_.push_back(*std::move(c));
    }
    return absl::OkStatus();
  }

  void Loop() override {
    Transaction txn;
    while (!shared_->stop.load(std::memory_order_relaxed)) {
      Clock::time_point begin = Clock::now();
      if (shared_->options->rate > 0) {
        uint64_t ticket = shared_->next_ticket++;
        begin = shared_->start + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(ticket / shared_->options->rate));
        if (begin >= shared_->deadline) return;
        std::this_thread::sleep_until(begin);
      }
      shared_->workload->Next(rng_, &txn);
      Counters c = RunWithRetries(Pick(txn), txn);
      uint64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - begin).count();
      stats_->Record(c, nanos, last_error_);
    }
  }

 private:
  Connection* Pick(const Transaction& txn) {
    int n = static_cast<int>(connections_.size());
    if (!txn.read_only() || n == 1) return connections_[0].get();
    switch (shared_->options->read_from) {
      case ReadFrom::kPrimary:
        return connections_[0].get();
      case ReadFrom::kReplicas:
        return connections_[rng_.Uniform(1, n - 1)].get();
      case ReadFrom::kAny:
        return connections_[rng_.Uniform(0, n - 1)].get();
    }
    return connections_[0].get();
  }

  // One attempt: BEGIN, statements, COMMIT. Counts the queries it ran.
  absl::Status Attempt(Connection* conn, const Transaction& txn, Counters* c) {
    if (txn.explicit_transaction) {
      if (absl::Status s = conn->Begin(); !s.ok()) return s;
      ++c->other;
    }
    for (const Statement& statement : txn.statements) {
      if (absl::Status s = conn->ExecuteStatement(statement).status(); !s.ok()) return s;
    }
    c->reads += txn.reads;
    c->writes += txn.writes;
    if (txn.explicit_transaction) {
      if (absl::Status s = conn->Commit(); !s.ok()) return s;
      ++c->other;
    }
    return absl::OkStatus();
  }

  Counters RunWithRetries(Connection* conn, const Transaction& txn) {
    Counters c;
    for (int attempt = 1;; ++attempt) {
      absl::Status s = Attempt(conn, txn, &c);
      if (s.ok()) {
        ++c.transactions;
        return c;
      }
      // Best effort: the transaction failed already, and a lost connection cannot roll back.
      if (txn.explicit_transaction) conn->Rollback().IgnoreError();
      // A retryable failure when the run has ended is not retried, and not an error
      // either: the transaction was cut off by the end of the run, as sysbench's ignored
      // errors are.
      if (IsRetryable(s) && shared_->stop.load(std::memory_order_relaxed)) return c;
      if (!IsRetryable(s) || attempt >= kMaxAttempts) {
        ++c.errors;
        last_error_ = std::string(s.ToString());
        return c;
      }
      ++c.retries;
      if (s.code() == absl::StatusCode::kUnavailable) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  }

  Shared* shared_;
  WorkerStats* stats_;
  Rng rng_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::string last_error_;
};

void PrintProgress(double at, int threads, const Counters& c, const LatencyHistogram& lat,
                   double seconds, double lag_ms) {
  std::string lag = lag_ms < 0 ? "-" : absl::StrFormat("%.1f", lag_ms);
  std::printf(
      "[ %.0fs ] thds: %d tps: %.2f qps: %.2f (r/w/o: %.2f/%.2f/%.2f) lat (ms,95%%): %.2f "
      "err/s: %.2f retries/s: %.2f lag (ms, worst replica): %s\n",
      at, threads, c.transactions / seconds, c.queries() / seconds, c.reads / seconds,
      c.writes / seconds, c.other / seconds, lat.Percentile(0.95) / 1e6, c.errors / seconds,
      c.retries / seconds, lag.c_str());
  std::fflush(stdout);
}

void CollectPositions(const Target& target, const std::string& database, RunResult* result) {
  if (target.system != System::kOrdinal) return;
  for (int i = 0; i < static_cast<int>(target.endpoints.size()); ++i) {
    auto conn = Connect(target, i, database);
    if (!conn.ok()) continue;
    auto pos = (*conn)->ServerPosition();
    if (pos.ok()) result->positions.push_back(absl::StrCat(target.endpoints[i].address(), ": ", *pos));
  }
}

absl::Status CheckClientThreads(const Target& target, const RunOptions& options) {
  if (target.system != System::kOrdinal || target.unary_calls) {
    return absl::InvalidArgumentError(
        "--client_threads needs an OrdinalDB target on session streams");
  }
  if (options.rate > 0) return absl::InvalidArgumentError("--client_threads needs --rate=0");
  if (target.endpoints.size() > 1 && options.read_from == ReadFrom::kAny) {
    return absl::InvalidArgumentError("--client_threads needs --read_from=primary or replicas");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RunResult> Run(const Target& target, const std::string& database,
                              const Workload& workload, const RunOptions& options) {
  Shared shared;
  shared.target = &target;
  shared.database = &database;
  shared.workload = &workload;
  shared.options = &options;
  std::vector<std::unique_ptr<WorkerStats>> stats;
  std::vector<std::unique_ptr<runner_internal::Worker>> workers;
  if (options.client_threads > 0) {
    if (absl::Status s = CheckClientThreads(target, options); !s.ok()) return s;
    // Sessions spread evenly over the threads, in order.
    const int threads = std::min(options.client_threads, options.threads);
    for (int t = 0; t < threads; ++t) {
      const int first = options.threads * t / threads;
      const int end = options.threads * (t + 1) / threads;
      stats.push_back(std::make_unique<WorkerStats>());
      workers.push_back(std::make_unique<runner_internal::SessionGroupWorker>(
          &shared, stats.back().get(), first, end - first));
    }
  } else {
    for (int i = 0; i < options.threads; ++i) {
      stats.push_back(std::make_unique<WorkerStats>());
      workers.push_back(std::make_unique<ConnectionWorker>(&shared, stats.back().get(), i));
    }
  }
  for (auto& w : workers) {
    if (absl::Status s = w->Connect(); !s.ok()) return s;
  }
  LagMonitor lag(target, database);
  if (options.measure_lag) {
    if (absl::Status s = lag.Start(); !s.ok()) return s;
  }
  shared.start = Clock::now();
  shared.deadline = shared.start + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(options.time_seconds));
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([p = w.get()] { p->Loop(); });

  Clock::time_point last = shared.start;
  while (Clock::now() < shared.deadline) {
    Clock::time_point next = options.report_interval > 0
        ? last + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double>(options.report_interval))
        : shared.deadline;
    std::this_thread::sleep_until(std::min(next, shared.deadline));
    if (options.report_interval <= 0 || Clock::now() < next) continue;
    Counters c;
    LatencyHistogram h;
    for (auto& s : stats) {
      absl::MutexLock lock(&s->mu);
      c.Add(s->interval);
      h.Merge(s->interval_latency);
      s->interval = Counters();
      s->interval_latency.Clear();
    }
    double seconds = std::chrono::duration<double>(Clock::now() - last).count();
    last = Clock::now();
    PrintProgress(std::chrono::duration<double>(last - shared.start).count(), options.threads, c,
                  h, seconds, lag.CurrentWorstLagMs());
  }
  shared.stop = true;
  for (std::thread& t : threads) t.join();
  RunResult result;
  result.elapsed_seconds = std::chrono::duration<double>(Clock::now() - shared.start).count();
  lag.Stop();
  for (auto& s : stats) {
    absl::MutexLock lock(&s->mu);
    result.counters.Add(s->total);
    result.latency.Merge(s->total_latency);
    for (const std::string& e : s->errors) {
      if (result.error_samples.size() < 5) result.error_samples.push_back(e);
    }
  }
  result.replicas = lag.Results();
  CollectPositions(target, database, &result);
  return result;
}

}  // namespace ordinal::bench
