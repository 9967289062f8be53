// A session's cancellation flag: raised by KILL QUERY / KILL CONNECTION or at shutdown, waited
// on by functions that block (SLEEP), so they return early instead of sleeping blind.
// Thread-safe: Cancel() may be called from any thread while a statement waits.
#ifndef ORDINAL_ENGINE_FUNCTIONS_CANCEL_SIGNAL_H_
#define ORDINAL_ENGINE_FUNCTIONS_CANCEL_SIGNAL_H_

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ordinal::engine::functions {

class CancelSignal {
 public:
  // Raises the flag and wakes every waiter.
  void Cancel() {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }
  // Lowers the flag (the session's owner does it before the next statement).
  void Reset() {
    absl::MutexLock lock(&mu_);
    cancelled_ = false;
  }
  bool cancelled() const {
    absl::MutexLock lock(&mu_);
    return cancelled_;
  }
  // Waits until the flag is raised (true) or `deadline` passes (false).
  bool WaitUntil(absl::Time deadline) const {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithDeadline(absl::Condition(&cancelled_), deadline);
  }

 private:
  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ordinal::engine::functions

#endif  // ORDINAL_ENGINE_FUNCTIONS_CANCEL_SIGNAL_H_
