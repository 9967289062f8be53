// Semi-synchronous commits on the primary (--sync_replicas=K, --sync_timeout_ms), as in
// MySQL: after a statement committed, its response waits until K replicas have
// acknowledged the commit's position as applied and synced. When the timeout passes first,
// the commit is answered as a success anyway (it is durable on the primary) and counted as
// a fallback to asynchronous replication. A run of fallbacks is one "episode": it is
// logged once when it starts and once when acknowledgements come back in time.
//
// K = 0 (or no AckTracker, as on a replica) never waits.
//
// A wait also ends early, as a fallback, when its `stop` predicate says so: the statement
// was killed (KILL QUERY, a MySQL client's hang-up) or the gRPC client cancelled or passed
// its deadline. Such an early end is counted as a fallback but does not start an episode:
// it says nothing about the replicas. At shutdown (StopWaits) every wait ends at once.
//
// Ownership: references the AckTracker, which must outlive this object.
// Thread safety: thread-safe; many commits wait concurrently.
#ifndef ORDINAL_SERVER_SYNC_REPLICAS_H_
#define ORDINAL_SERVER_SYNC_REPLICAS_H_

#include <atomic>
#include <cstdint>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "replication/ack_tracker.h"

namespace ordinal::server {

class SyncReplicas {
 public:
  // `acks` may be null (asynchronous whatever `k`).
  SyncReplicas(replication::AckTracker* acks, int k, absl::Duration timeout)
      : acks_(acks), k_(acks == nullptr ? 0 : k), timeout_(timeout) {}

  // Waits for K acknowledgements of `position`, up to the timeout or until `stop` returns
  // true (asked every AckTracker::kStopPollInterval). True when they came (or nothing needs
  // waiting); false after counting a fallback.
  bool AwaitAcks(uint64_t position, const std::function<bool()>& stop = {});

  // Ends every AwaitAcks now and from now on (shutdown): they return as fallbacks; the
  // commits they wait for are durable on the primary.
  void StopWaits() {
    if (acks_ != nullptr) acks_->StopWaits();
  }

  // The configured K (0 when asynchronous).
  int k() const { return k_; }
  // Commits that fell back to asynchronous since start.
  uint64_t fallbacks() const { return fallbacks_.load(std::memory_order_relaxed); }

 private:
  // Logs the start or the end of a fallback episode.
  void NoteOutcome(bool acknowledged, uint64_t position);

  replication::AckTracker* const acks_;
  const int k_;
  const absl::Duration timeout_;
  std::atomic<uint64_t> fallbacks_{0};
  absl::Mutex mu_;
  bool falling_back_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_SYNC_REPLICAS_H_
