// Wakes threads waiting for a position to advance: whoever advances it (a commit, an
// apply on a replica) calls Notify() after the new position is visible; a waiter re-checks
// its condition on every wake-up. No polling: a waiter sleeps until a Notify() or its
// deadline. Internal to engine/.
//
// Thread safety: thread-safe.
#ifndef ORDINAL_ENGINE_COMMIT_SIGNAL_H_
#define ORDINAL_ENGINE_COMMIT_SIGNAL_H_

#include <atomic>
#include <functional>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ordinal::engine {

class CommitSignal {
 public:
  // Wakes every waiter. Cheap when nobody waits (one atomic load).
  void Notify();

  // Returns true as soon as `done()` holds, false if `deadline` passes first. `done` is
  // evaluated under the signal's lock after every Notify(); it must not call Notify().
  bool WaitUntil(const std::function<bool()>& done, absl::Time deadline);

 private:
  std::atomic<int> waiters_{0};
  absl::Mutex mu_;
  absl::CondVar advanced_;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_COMMIT_SIGNAL_H_
