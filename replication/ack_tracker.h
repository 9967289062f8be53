// The primary's record of its replicas: who is connected and which position each one has
// acknowledged as applied and synced. Feeds semi-synchronous commits (WaitForAcks) and
// SHOW REPLICAS (Snapshot).
//
// A replica's word is checked, not trusted (docs/replication-protocol.md, "What the primary
// believes"):
// - One live stream per ordinal. A second stream claiming an ordinal whose stream was heard
//   from within `takeover_after` is refused (ALREADY_EXISTS); a silent one is replaced, and
//   the replaced stream's acks and end are ignored from then on.
// - A stream may acknowledge only positions the primary has sent on it (Sent) or that the
//   replica held when it subscribed; anything above is a protocol violation.
// - Acks die with their stream: only connected replicas count towards WaitForAcks.
// - Departed replicas are forgotten after `forget_departed_after`, and at most
//   `max_departed` of them are remembered, so peers cannot grow the table without bound.
// - The address a replica announces is kept bounded and escaped (common/printable.h).
//
// Thread safety: thread-safe. Acks wake WaitForAcks through a condition variable.
#ifndef ORDINAL_REPLICATION_ACK_TRACKER_H_
#define ORDINAL_REPLICATION_ACK_TRACKER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
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
    // A stream heard from more recently than this cannot be replaced by a new stream that
    // claims the same ordinal. Replicas ack every heartbeat, so a few heartbeat intervals.
    absl::Duration takeover_after = absl::Seconds(2);
    // Disconnected replicas stay listed (connected = false) this long, then are forgotten.
    absl::Duration forget_departed_after = absl::Minutes(5);
    // At most this many disconnected replicas are remembered; the oldest go first.
    size_t max_departed = 16;
  };

  // Identifies one stream of one replica.
  struct StreamId {
    uint32_t ordinal = 0;
    uint64_t generation = 0;
  };

  AckTracker() : AckTracker(Config{}) {}
  explicit AckTracker(Config config) : config_(config) {}

  // A replica subscribed from `position` (which it holds applied and durable; the caller
  // has checked that the primary has it). ALREADY_EXISTS when a live stream holds `ordinal`.
  absl::StatusOr<StreamId> Connected(uint32_t ordinal, std::string_view address,
                                     uint64_t position);

  // The primary is about to send positions up to `position` on `stream`.
  void Sent(const StreamId& stream, uint64_t position);

  // The replica acknowledged `position`; positions never go back. INVALID_ARGUMENT when
  // `position` is above what was sent on the stream (the caller ends the stream). Acks of
  // a replaced or ended stream are ignored (OK).
  absl::Status Ack(const StreamId& stream, uint64_t position);

  // True while `stream` is the live stream of its ordinal (false once replaced or ended).
  bool IsCurrent(const StreamId& stream) const;

  // The stream ended. Ignored when the replica has reconnected since.
  void Disconnected(const StreamId& stream);

  // True as soon as at least `k` connected replicas acknowledged >= `position` (at once for
  // k <= 0); false when `deadline` passes first (the caller counts the fallback).
  // Also false at once after StopWaits(), and within kStopPollInterval of `stop` returning
  // true (the waiter's client went away or its statement was killed); `stop` is called
  // from the waiting thread only, without the tracker's lock.
  bool WaitForAcks(uint64_t position, int k, absl::Time deadline,
                   const std::function<bool()>& stop = {});
  static constexpr absl::Duration kStopPollInterval = absl::Milliseconds(20);

  // Ends every WaitForAcks, now and from now on (the primary is shutting down).
  void StopWaits();

  // One ReplicaInfo per connected or recently departed replica, by ordinal.
  // `primary_position` is the primary's latest position and `oldest_retained` its
  // OldestRetainedPosition().
  std::vector<ordinal::v1::ReplicaInfo> Snapshot(uint64_t primary_position,
                                                 uint64_t oldest_retained) const;

 private:
  struct Replica {
    std::string address;
    bool connected = false;
    uint64_t generation = 0;
    uint64_t acked = 0;
    uint64_t sent = 0;
    absl::Time last_heard;
    absl::Time departed;
  };
  int CountAckedLocked(uint64_t position) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ForgetDepartedLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Replica* FindLocked(const StreamId& stream) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Config config_;
  mutable absl::Mutex mu_;
  absl::CondVar acked_;
  std::map<uint32_t, Replica> replicas_ ABSL_GUARDED_BY(mu_);
  uint64_t next_generation_ ABSL_GUARDED_BY(mu_) = 1;
  bool waits_stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_ACK_TRACKER_H_
