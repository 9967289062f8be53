// What the runner's workers share (runner.cc runs them): the run's settings and stop flag,
// and each worker's statistics, which the reporter merges. Internal to the runner.
#ifndef ORDINAL_BENCH_RUNNER_INTERNAL_H_
#define ORDINAL_BENCH_RUNNER_INTERNAL_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "bench/histogram.h"
#include "bench/runner.h"

namespace ordinal::bench::runner_internal {

using Clock = std::chrono::steady_clock;

// What a worker has done, merged by the reporter: `interval` is swapped out every report.
struct WorkerStats {
  absl::Mutex mu;
  Counters total ABSL_GUARDED_BY(mu);
  Counters interval ABSL_GUARDED_BY(mu);
  LatencyHistogram total_latency ABSL_GUARDED_BY(mu);
  LatencyHistogram interval_latency ABSL_GUARDED_BY(mu);
  std::vector<std::string> errors ABSL_GUARDED_BY(mu);

  // Adds one transaction's counters (its latency when it committed) and its error.
  void Record(const Counters& c, uint64_t nanos, const std::string& error);
};

struct Shared {
  const Target* target;
  const std::string* database;
  const Workload* workload;
  const RunOptions* options;
  Clock::time_point start;
  Clock::time_point deadline;
  std::atomic<uint64_t> next_ticket{0};
  std::atomic<bool> stop{false};
};

// One OS thread's work: connects before the run starts, then loops until `stop`.
class Worker {
 public:
  virtual ~Worker() = default;
  virtual absl::Status Connect() = 0;
  virtual void Loop() = 0;
};

// The seed of session `index`'s random numbers (the same whichever worker drives it).
inline uint64_t SessionSeed(const RunOptions& options, int index) {
  return options.seed * 7919 + index;
}

}  // namespace ordinal::bench::runner_internal

#endif  // ORDINAL_BENCH_RUNNER_INTERNAL_H_
