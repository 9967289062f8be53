// Reconnect backoff: a delay that starts at `initial`, doubles after every failed attempt up
// to `max`, and is jittered (a uniform draw in [delay/2, delay]) so that replicas restarted
// together do not reconnect in lockstep. Reset() after a successful attempt.
//
// Thread safety: one thread at a time.
#ifndef ORDINAL_REPLICATION_BACKOFF_H_
#define ORDINAL_REPLICATION_BACKOFF_H_

#include "absl/random/random.h"
#include "absl/time/time.h"

namespace ordinal::replication {

class Backoff {
 public:
  Backoff(absl::Duration initial, absl::Duration max) : initial_(initial), max_(max) {}

  // The delay to wait before the next attempt; doubles the base for the one after.
  absl::Duration Next();

  // Back to `initial` (after an attempt that got somewhere).
  void Reset() { attempts_ = 0; }

  // Jumps to the longest delay (for failures that a quick retry will not fix).
  void Saturate();

 private:
  absl::Duration initial_;
  absl::Duration max_;
  int attempts_ = 0;
  absl::BitGen rng_;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_BACKOFF_H_
