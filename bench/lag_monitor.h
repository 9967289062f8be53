// LagMonitor: replica lag measured the same way for every system, as pt-heartbeat does.
//
// A writer thread runs `REPLACE INTO bench_heartbeat (id, ts_us) VALUES (1, <now µs>)` on the
// primary every kHeartbeatInterval. Per replica, a reader thread runs
// `SELECT ts_us FROM bench_heartbeat WHERE id=1` every kPollInterval; when it sees a newer
// ts_us it records one sample, now - ts_us. So each heartbeat gives one sample per replica,
// precise to the poll interval, and the sample includes the primary's commit (as with
// pt-heartbeat). The wall clock is shared: primary and replicas run on this machine.
//
// A heartbeat row left by an earlier run (ts_us before Start) gives no sample.
//
// Stop() stops the writer, lets the readers catch up for up to kDrainTimeout, then records
// every heartbeat a replica never showed as a lower bound (stop time - ts_us), so a replica
// that falls behind is not flattered by its missing samples.
//
// Thread safety: Start/Stop from one thread; CurrentWorstLagMs and Results from any.
#ifndef ORDINAL_BENCH_LAG_MONITOR_H_
#define ORDINAL_BENCH_LAG_MONITOR_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "bench/histogram.h"
#include "bench/target.h"

namespace ordinal::bench {

inline constexpr std::chrono::milliseconds kHeartbeatInterval{100};
inline constexpr std::chrono::milliseconds kPollInterval{10};
inline constexpr std::chrono::milliseconds kDrainTimeout{2000};

struct ReplicaLag {
  std::string endpoint;
  LatencyHistogram lag;       // nanoseconds, one sample per heartbeat
  uint64_t unseen = 0;        // heartbeats never seen (recorded as lower bounds)
  uint64_t read_errors = 0;
};

class LagMonitor {
 public:
  LagMonitor(Target target, std::string database);
  ~LagMonitor();

  // Creates the heartbeat table if needed and starts the threads. No-op without replicas.
  absl::Status Start();
  void Stop();

  // The worst replica's lag right now in ms: the newest sample, or longer when the next
  // heartbeat is overdue. -1 without replicas or samples.
  double CurrentWorstLagMs() const;
  std::vector<ReplicaLag> Results() const;

 private:
  struct Replica {
    int endpoint = 0;
    absl::Mutex mu;
    int64_t last_seen_us ABSL_GUARDED_BY(mu) = 0;
    int64_t last_lag_us ABSL_GUARDED_BY(mu) = -1;
    ReplicaLag result ABSL_GUARDED_BY(mu);
    std::thread thread;
  };

  void WriteLoop();
  void ReadLoop(Replica* replica);
  // The oldest written heartbeat newer than `seen_us`, or 0.
  int64_t FirstWrittenAfter(int64_t seen_us) const;

  Target target_;
  std::string database_;
  std::vector<std::unique_ptr<Replica>> replicas_;
  std::thread writer_;
  absl::Notification stop_writer_;
  absl::Notification stop_readers_;
  std::atomic<int64_t> final_ts_us_{0};
  // Heartbeats older than this were left by an earlier run and are ignored.
  int64_t start_us_ = 0;
  mutable absl::Mutex written_mu_;
  std::vector<int64_t> written_us_ ABSL_GUARDED_BY(written_mu_);
  std::atomic<uint64_t> write_errors_{0};
  bool started_ = false;
};

// Microseconds since the Unix epoch.
int64_t WallMicros();

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_LAG_MONITOR_H_
