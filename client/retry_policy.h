// When and how often the cluster client tries a statement again.
//
// Backoff: exponential delays (initial, doubling, capped) inside an overall budget. The
// caller asks for the next delay; when waiting it out would end past the deadline there is
// no next attempt.
//
// Which failures are worth another attempt:
//   - a read that failed with UNAVAILABLE: the pod could not be reached, lost the
//     connection, is shutting down, or (errno 1205) timed out waiting for min_position.
//     Reads change nothing, so they may be sent again, to the same pod or another one.
//   - a write only when it certainly never reached a server: the connection was refused
//     (gRPC: "failed to connect to all addresses"). Anything else (a lost connection, a
//     deadline) may have committed, so the error is returned instead of re-sending.
#ifndef ORDINAL_CLIENT_RETRY_POLICY_H_
#define ORDINAL_CLIENT_RETRY_POLICY_H_

#include <chrono>
#include <optional>
#include <string>

#include "absl/status/status.h"

namespace ordinal {

struct RetryPolicy {
  std::chrono::milliseconds initial_backoff{50};
  std::chrono::milliseconds max_backoff{2000};
  double multiplier = 2.0;
};

// The delays of one call's attempts. Not thread-safe; one per call.
class Backoff {
 public:
  using Clock = std::chrono::steady_clock;

  Backoff(const RetryPolicy& policy, Clock::time_point deadline);

  // The delay to wait before the next attempt, growing with every call; nullopt when the
  // deadline would pass before the delay ends (the call should give up).
  std::optional<std::chrono::milliseconds> NextDelay();

  // Whether the deadline has not passed yet.
  bool HasTimeLeft() const { return Clock::now() < deadline_; }
  Clock::time_point deadline() const { return deadline_; }

 private:
  RetryPolicy policy_;
  Clock::time_point deadline_;
  std::chrono::milliseconds next_;
};

// Whether a read that failed with `status` may be sent again (to this pod or another).
bool IsRetryableRead(const absl::Status& status);

// Whether a statement that failed with `status` certainly never reached a server, so even
// a write may be sent again.
bool CertainlyNotSent(const absl::Status& status);

// Whether `status` is a replica refusing a write (FAILED_PRECONDITION, errno 1290).
bool IsReadOnlyReplicaError(const absl::Status& status);

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_RETRY_POLICY_H_
