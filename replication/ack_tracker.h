// The primary's record of its replicas: who is connected and which position each one has
// acknowledged as applied and synced. Feeds semi-synchronous commits (WaitForAcks) and
// SHOW REPLICAS (Snapshot). Replicas are keyed by ordinal; a replica that reconnects
// replaces its earlier stream (a stale stream's Disconnected is ignored).
//
// Thread safety: thread-safe. Acks wake WaitForAcks through a condition variable.
#ifndef ORDINAL_REPLICATION_ACK_TRACKER_H_
#define ORDINAL_REPLICATION_ACK_TRACKER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ordinal/v1/admin.pb.h"

namespace ordinal::replication {

class AckTracker {
 public:
  struct Config {
    // A replica is "near the retention edge" when its distance above the oldest retained
    // position is below this fraction of the retained positions.
    double near_edge_fraction = 0.1;
  };

  // Identifies one stream of one replica.
  struct StreamId {
    uint32_t ordinal = 0;
    uint64_t generation = 0;
  };

  AckTracker() : AckTracker(Config{}) {}
  explicit AckTracker(Config config) : config_(config) {}

  // A replica subscribed from `position` (which it holds applied and durable).
  StreamId Connected(uint32_t ordinal, const std::string& address, uint64_t position);

  // The replica acknowledged `position`; positions never go back.
  void Ack(const StreamId& stream, uint64_t position);

  // The stream ended. Ignored when the replica has reconnected since.
  void Disconnected(const StreamId& stream);

  // True as soon as at least `k` replicas acknowledged >= `position` (at once for k <= 0);
  // false when `deadline` passes first (the caller counts the fallback).
  bool WaitForAcks(uint64_t position, int k, absl::Time deadline);

  // One ReplicaInfo per replica seen since start, by ordinal. `primary_position` is the
  // primary's latest position and `oldest_retained` its OldestRetainedPosition().
  std::vector<ordinal::v1::ReplicaInfo> Snapshot(uint64_t primary_position,
                                                 uint64_t oldest_retained) const;

 private:
  struct Replica {
    std::string address;
    bool connected = false;
    uint64_t generation = 0;
    uint64_t acked = 0;
  };
  int CountAckedLocked(uint64_t position) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Config config_;
  mutable absl::Mutex mu_;
  absl::CondVar acked_;
  std::map<uint32_t, Replica> replicas_ ABSL_GUARDED_BY(mu_);
  uint64_t next_generation_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_ACK_TRACKER_H_
