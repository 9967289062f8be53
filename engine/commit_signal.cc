#include "engine/commit_signal.h"

namespace ordinal::engine {

void CommitSignal::Notify() {
  // A waiter registers (increments waiters_) before it evaluates its condition under mu_.
  // The fence orders the caller's earlier publication of the new position before the load
  // below, so a Notify that reads 0 here precedes that registration, and the waiter's
  // evaluation then sees the advanced position.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (waiters_.load(std::memory_order_seq_cst) == 0) return;
  absl::MutexLock lock(&mu_);
  advanced_.SignalAll();
}

bool CommitSignal::WaitUntil(const std::function<bool()>& done, absl::Time deadline) {
  waiters_.fetch_add(1, std::memory_order_seq_cst);
  bool reached = false;
  {
    absl::MutexLock lock(&mu_);
    while (!(reached = done())) {
      if (advanced_.WaitWithDeadline(&mu_, deadline)) {
        reached = done();  // timed out: one last look
        break;
      }
    }
  }
  waiters_.fetch_sub(1, std::memory_order_seq_cst);
  return reached;
}

}  // namespace ordinal::engine
