#include "server/sync_replicas.h"

#include "absl/time/clock.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {

bool SyncReplicas::AwaitAcks(uint64_t position, const std::function<bool()>& stop) {
  if (k_ <= 0 || position == 0) return true;
  const absl::Time deadline = absl::Now() + timeout_;
  const bool acknowledged = acks_->WaitForAcks(position, k_, deadline, stop);
  if (!acknowledged) fallbacks_.fetch_add(1, std::memory_order_relaxed);
  // A wait its caller ended says nothing about the replicas: no episode starts or ends.
  if (acknowledged || absl::Now() >= deadline) NoteOutcome(acknowledged, position);
  return acknowledged;
}

void SyncReplicas::NoteOutcome(bool acknowledged, uint64_t position) {
  absl::MutexLock lock(&mu_);
  if (falling_back_ == !acknowledged) return;  // no change of episode
  falling_back_ = !acknowledged;
  if (falling_back_) {
    spdlog::warn(
        "semi-sync: fewer than {} replica(s) acknowledged position {} within {}; commits "
        "fall back to asynchronous replication until they do",
        k_, position, absl::FormatDuration(timeout_));
  } else {
    spdlog::info("semi-sync: {} replica(s) acknowledge commits again (position {})", k_,
                 position);
  }
}

}  // namespace ordinal::server
