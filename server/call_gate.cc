#include "server/call_gate.h"

namespace ordinal::server {

absl::StatusOr<CallGate::Pass> CallGate::Enter() {
  absl::MutexLock lock(&mu_);
  if (closed_) return absl::UnavailableError("the server is shutting down");
  ++in_flight_;
  return Pass(this);
}

void CallGate::Leave() {
  absl::MutexLock lock(&mu_);
  --in_flight_;
}

bool CallGate::CloseAndDrain(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  auto drained = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return in_flight_ == 0; };
  return mu_.AwaitWithTimeout(absl::Condition(&drained), timeout);
}

}  // namespace ordinal::server
