// Runner: the `run` command. Starts --threads sessions, each with its own connections, runs
// the workload's transactions for --time seconds (optionally paced by --rate), retries
// retryable failures, prints a progress line every --report_interval and returns the totals.
//
// Routing (--read_from): a transaction with writes runs on the primary. A read-only
// transaction runs on the primary (primary), on a replica chosen at random (replicas; the
// primary when there is none), or on any endpoint (any).
//
// Pacing (--rate > 0): transaction i is due at start + i/rate, whichever worker takes it;
// its latency is measured from when it was due, so a saturated system shows queueing time
// instead of hiding it (no coordinated omission).
//
// Retries: a failure that IsRetryable() (write-write conflict 1213, lock wait timeout,
// unavailable) rolls back and re-runs the same transaction, up to kMaxAttempts; each re-run
// counts as a retry. Any other failure rolls back, counts as an error and moves on.
#ifndef ORDINAL_BENCH_RUNNER_H_
#define ORDINAL_BENCH_RUNNER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/histogram.h"
#include "bench/lag_monitor.h"
#include "bench/target.h"
#include "bench/workloads/workload.h"

namespace ordinal::bench {

enum class ReadFrom { kPrimary, kReplicas, kAny };

inline constexpr int kMaxAttempts = 100;

struct RunOptions {
  // Sessions (connections), each running one transaction at a time, as sysbench's threads.
  int threads = 1;
  // OS threads driving the sessions: 0 gives each session a thread of its own on a
  // blocking Connection; N > 0 (OrdinalDB on session streams only) drives them from N
  // threads, each with one ordinal::SessionGroup (bench/session_group_worker.h).
  int client_threads = 0;
  double time_seconds = 10;
  double rate = 0;  // transactions per second over all threads; 0: unlimited
  ReadFrom read_from = ReadFrom::kPrimary;
  double report_interval = 10;  // seconds; 0: no progress lines
  bool measure_lag = true;      // run the LagMonitor when the target has replicas
  uint64_t seed = 1;
};

struct Counters {
  uint64_t transactions = 0;
  uint64_t reads = 0;
  uint64_t writes = 0;
  uint64_t other = 0;  // BEGIN / COMMIT
  uint64_t errors = 0;
  uint64_t retries = 0;
  uint64_t queries() const { return reads + writes + other; }
  void Add(const Counters& o);
};

struct RunResult {
  double elapsed_seconds = 0;
  Counters counters;
  LatencyHistogram latency;  // per transaction, retries included, nanoseconds
  std::vector<ReplicaLag> replicas;
  std::vector<std::string> error_samples;  // the first few distinct errors
  std::vector<std::string> positions;      // "address: position" (OrdinalDB only)
};

absl::StatusOr<RunResult> Run(const Target& target, const std::string& database,
                              const Workload& workload, const RunOptions& options);

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_RUNNER_H_
