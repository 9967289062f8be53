// The server's budget of parked waits: statements that wait for something other than the
// CPU and the disk for as long as their client asks (a gRPC read with min_position,
// WAIT_FOR_EXECUTED_GTID_SET, SLEEP). Both front ends share one budget of `max_waits`
// slots. A front end takes a slot before it starts such a statement and runs the statement
// on a pool of its own for parked waits (never on the blocking pool that commits use), so
// parked waits cannot delay other work however many clients park. When every slot is
// taken, a new wait is refused at once (TooManyWaits()), before it starts: the client
// retries later or elsewhere.
//
// How long each wait lasts is bounded elsewhere: by --max_wait_timeout_ms (the engine cuts
// every position wait), by the client's cancel (gRPC) or KILL (MySQL), and by shutdown
// (Store::StopWaits).
//
// Thread safety: thread-safe. A Slot may be released on any thread; the budget must
// outlive its slots.
#ifndef ORDINAL_SERVER_WAIT_BUDGET_H_
#define ORDINAL_SERVER_WAIT_BUDGET_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ordinal::server {

class WaitBudget {
 public:
  // A taken slot; destroying it gives the slot back.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : budget_(other.budget_) { other.budget_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (budget_ != nullptr) budget_->parked_.fetch_sub(1, std::memory_order_relaxed);
    }

   private:
    friend class WaitBudget;
    explicit Slot(WaitBudget* budget) : budget_(budget) {}
    WaitBudget* budget_;
  };

  explicit WaitBudget(size_t max_waits) : max_waits_(max_waits == 0 ? 1 : max_waits) {}

  WaitBudget(const WaitBudget&) = delete;
  WaitBudget& operator=(const WaitBudget&) = delete;

  // A slot, or TooManyWaits() when all `max_waits` are taken.
  absl::StatusOr<Slot> Take();

  // Slots taken now (the ordinal_parked_waits gauge).
  size_t parked() const { return parked_.load(std::memory_order_relaxed); }
  // Waits refused since start because every slot was taken.
  uint64_t refused() const { return refused_.load(std::memory_order_relaxed); }
  size_t max_waits() const { return max_waits_; }

  // RESOURCE_EXHAUSTED, MySQL errno 1637, reason kTooManyWaits.
  static absl::Status TooManyWaits(size_t max_waits);

 private:
  const size_t max_waits_;
  std::atomic<size_t> parked_{0};
  std::atomic<uint64_t> refused_{0};
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_WAIT_BUDGET_H_
