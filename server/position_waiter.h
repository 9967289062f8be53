// Waits for this server to reach a position (ExecuteRequest.min_position): reads that must
// see an earlier write wait here until the write is applied, up to a timeout.
//
// Whoever advances the position calls Notify() (the SQL service after each commit; the
// replication applier later). Waiters also re-read the position every kRecheckInterval, so
// an advance that nobody announced delays a waiter by at most that long. On the primary,
// every position a client can hold is already committed, so the wait returns at once.
//
// Thread safety: thread-safe.
#ifndef ORDINAL_SERVER_POSITION_WAITER_H_
#define ORDINAL_SERVER_POSITION_WAITER_H_

#include <atomic>
#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ordinal::server {

class PositionWaiter {
 public:
  static constexpr absl::Duration kRecheckInterval = absl::Milliseconds(20);

  // `latest` returns the newest applied position; it must be thread-safe.
  explicit PositionWaiter(std::function<uint64_t()> latest) : latest_(std::move(latest)) {}

  // Wakes waiters to re-check the position (cheap when nobody waits).
  void Notify();

  // OK once latest() >= `position` (at once when `position` is 0). UNAVAILABLE with MySQL
  // errno 1205 when `timeout` passes first.
  absl::Status WaitFor(uint64_t position, absl::Duration timeout);

 private:
  std::function<uint64_t()> latest_;
  std::atomic<int> waiters_{0};  // Notify is a no-op when nobody waits
  absl::Mutex mu_;
  absl::CondVar advanced_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_POSITION_WAITER_H_
