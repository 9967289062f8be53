// A slot holding the one value (the node's Store) that calls borrow, which can be replaced
// in place while the server keeps serving: the leveldb DBImpl / postmaster way of one
// long-lived owner, instead of restarting the server around a new store.
//
// A call borrows the value with Acquire() and holds the Lease for its whole duration. The
// slot is in one of three modes:
//   open      Acquire lends the installed value at once;
//   swapping  Close(reason, /*swap=*/true) was called: Acquire waits (up to its deadline)
//             for the next Install, then fails with UNAVAILABLE "<reason>";
//   empty     no value (first clone, shutdown): Acquire fails at once with UNAVAILABLE
//             "<reason>".
// Replacing a value: Close() (no new leases; the caller may then end long calls such as
// streams through the returned pointer), TakeWhenIdle() (waits until every lease was
// released, then hands the old value over), Install(new value).
//
// Ownership: the slot owns the installed value until TakeWhenIdle hands it over.
// Thread safety: thread-safe. A Lease must not outlive the slot.
#ifndef ORDINAL_SERVER_SLOT_H_
#define ORDINAL_SERVER_SLOT_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {

template <typename T>
class Slot {
 public:
  // Shared use of the installed value; releasing it lets a swap proceed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : slot_(other.slot_), value_(other.value_) {
      other.slot_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (slot_ != nullptr) slot_->Release();
    }
    T& operator*() const { return *value_; }
    T* operator->() const { return value_; }

   private:
    friend class Slot;
    Lease(Slot* slot, T* value) : slot_(slot), value_(value) {}
    Slot* slot_;
    T* value_;
  };

  explicit Slot(std::string empty_reason) : reason_(std::move(empty_reason)) {}
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  // A lease on the installed value; see the modes above. `deadline` bounds only the wait
  // of a swap (absl::Now() or earlier: never wait).
  absl::StatusOr<Lease> Acquire(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    if (value_ == nullptr || !open_) {
      auto lendable = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return (value_ != nullptr && open_) || !swapping_;
      };
      if (swapping_) mu_.AwaitWithDeadline(absl::Condition(&lendable), deadline);
      if (value_ == nullptr || !open_) return absl::UnavailableError(reason_);
    }
    ++leases_;
    return Lease(this, value_.get());
  }

  // Installs `value` in place of nothing (after TakeWhenIdle, or in an empty slot) and
  // wakes the calls waiting for it.
  void Install(std::unique_ptr<T> value) {
    absl::MutexLock lock(&mu_);
    value_ = std::move(value);
    open_ = true;
    swapping_ = false;
  }

  // Stops lending: new Acquires wait for the next Install (`swap`) or fail at once, with
  // `reason`. Returns the installed value (still owned by the slot; nullptr when empty) so
  // that the caller can end long calls (streams) that hold leases.
  T* Close(std::string reason, bool swap) {
    absl::MutexLock lock(&mu_);
    open_ = false;
    swapping_ = swap;
    reason_ = std::move(reason);
    return value_.get();
  }

  // Sets why the slot does not lend (while empty or closed), keeping its mode.
  void SetReason(std::string reason) {
    absl::MutexLock lock(&mu_);
    reason_ = std::move(reason);
  }

  // After Close: waits until every lease was released (logging every 5 s while calls
  // hold it) and hands the value over; the slot is then empty. nullptr when it was empty.
  std::unique_ptr<T> TakeWhenIdle() {
    absl::MutexLock lock(&mu_);
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return leases_ == 0; };
    while (!mu_.AwaitWithTimeout(absl::Condition(&idle), absl::Seconds(5))) {
      spdlog::warn("waiting for {} call(s) to finish before the store is released", leases_);
    }
    return std::move(value_);
  }

  // Calls holding a lease now (for tests and logs).
  int leases() const {
    absl::MutexLock lock(&mu_);
    return leases_;
  }

 private:
  void Release() {
    absl::MutexLock lock(&mu_);
    --leases_;
  }

  mutable absl::Mutex mu_;
  std::unique_ptr<T> value_ ABSL_GUARDED_BY(mu_);
  bool open_ ABSL_GUARDED_BY(mu_) = false;
  bool swapping_ ABSL_GUARDED_BY(mu_) = false;
  std::string reason_ ABSL_GUARDED_BY(mu_);
  int leases_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_SLOT_H_
