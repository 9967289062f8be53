// CommitLag: replica lag from commit positions. Writers record when the primary acknowledged
// each commit position; a poller per replica reads the replica's applied position every few
// milliseconds, and every acknowledged position the replica has newly reached gives one
// sample: (time the poll saw it) - (time of the acknowledgement). Samples are upper bounds,
// precise to the poll interval; a position a replica was seen past before its
// acknowledgement was recorded counts as 0.
//
// Thread safety: all methods are thread-safe.
#ifndef ORDINAL_BENCH_REPLICATION_COMMIT_LAG_H_
#define ORDINAL_BENCH_REPLICATION_COMMIT_LAG_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "bench/histogram.h"

namespace ordinal::bench {

class CommitLag {
 public:
  using Clock = std::chrono::steady_clock;

  explicit CommitLag(int replicas);

  // The primary acknowledged `position` at `when`.
  void RecordCommit(uint64_t position, Clock::time_point when);
  // Replica `replica` (0-based) was seen at applied position `applied` at `when`.
  void RecordApplied(int replica, uint64_t applied, Clock::time_point when);
  // Acknowledged writes whose response carried no position, and positions acknowledged
  // more than once: both should stay 0 (they are not sampled).
  uint64_t without_position() const;
  uint64_t repeated_positions() const;
  // The highest applied position seen on replica `replica`.
  uint64_t seen(int replica) const;
  // The highest acknowledged position recorded.
  uint64_t max_position() const;
  // Lag samples of one replica, in nanoseconds.
  LatencyHistogram Result(int replica) const;

 private:
  mutable absl::Mutex mu_;
  std::map<uint64_t, Clock::time_point> commits_ ABSL_GUARDED_BY(mu_);
  std::vector<uint64_t> seen_ ABSL_GUARDED_BY(mu_);  // per replica: sampled up to
  std::vector<LatencyHistogram> lag_ ABSL_GUARDED_BY(mu_);
  uint64_t without_position_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t repeated_positions_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_REPLICATION_COMMIT_LAG_H_
