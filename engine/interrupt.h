// Stops a session's running statement from another thread: what KILL QUERY and KILL
// CONNECTION do to the connection they name. The session clears it when a statement starts
// and checks it while the statement runs: between rows of every table scan, and in waits
// for a commit position (WAIT_FOR_EXECUTED_GTID_SET), which Interrupt() wakes at once. A
// statement interrupted so ends with the error given to Interrupt(); its transaction work
// is rolled back as for any failed statement.
//
// A front end also uses it to end a statement it wants to run again elsewhere (a MySQL
// statement over its budget on an I/O thread, docs/mysql-protocol.md): that request never
// replaces a KILL or a shutdown raised before it (InterruptUnlessRaised), while a KILL
// raised after it replaces it (Interrupt).
//
// Thread safety: thread-safe. Shared (std::shared_ptr) between the session and whoever may
// interrupt it, so a late KILL never touches a closed session.
#ifndef ORDINAL_ENGINE_INTERRUPT_H_
#define ORDINAL_ENGINE_INTERRUPT_H_

#include <atomic>
#include <functional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace ordinal::engine {

class StatementInterrupt {
 public:
  // `wake` wakes the session's waits (it must be cheap and thread-safe).
  explicit StatementInterrupt(std::function<void()> wake) : wake_(std::move(wake)) {}

  // Ends the running statement (if any) with `error` at its next check.
  void Interrupt(absl::Status error) {
    {
      absl::MutexLock lock(&mu_);
      error_ = std::move(error);
      raised_.store(true, std::memory_order_release);
    }
    if (wake_) wake_();
  }

  // The same, unless an interrupt is raised already (whose error then stands): false so.
  bool InterruptUnlessRaised(absl::Status error) {
    {
      absl::MutexLock lock(&mu_);
      if (raised_.load(std::memory_order_acquire)) return false;
      error_ = std::move(error);
      raised_.store(true, std::memory_order_release);
    }
    if (wake_) wake_();
    return true;
  }

  // Cheap: one atomic load (checked once per row).
  bool raised() const { return raised_.load(std::memory_order_acquire); }
  const std::atomic<bool>& flag() const { return raised_; }

  // OK, or the error the running statement must end with.
  absl::Status Check() const {
    if (!raised()) return absl::OkStatus();
    absl::MutexLock lock(&mu_);
    return error_;
  }

  // A new statement starts: an interrupt raised before it does not apply to it.
  void Clear() { raised_.store(false, std::memory_order_release); }

 private:
  const std::function<void()> wake_;
  std::atomic<bool> raised_{false};
  mutable absl::Mutex mu_;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_INTERRUPT_H_
