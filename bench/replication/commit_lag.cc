#include "bench/replication/commit_lag.h"

#include <algorithm>

namespace ordinal::bench {

CommitLag::CommitLag(int replicas) : seen_(replicas, 0), lag_(replicas) {}

void CommitLag::RecordCommit(uint64_t position, Clock::time_point when) {
  absl::MutexLock lock(&mu_);
  if (position == 0) {
    ++without_position_;
    return;
  }
  if (!commits_.emplace(position, when).second) ++repeated_positions_;
  // A replica already seen past the position applied it before the writer got here.
  for (size_t r = 0; r < seen_.size(); ++r) {
    if (seen_[r] >= position) lag_[r].Record(0);
  }
}

void CommitLag::RecordApplied(int replica, uint64_t applied, Clock::time_point when) {
  absl::MutexLock lock(&mu_);
  uint64_t& seen = seen_.at(replica);
  if (applied <= seen) return;
  for (auto it = commits_.upper_bound(seen); it != commits_.end() && it->first <= applied; ++it) {
    const auto lag = std::max(when - it->second, Clock::duration::zero());
    lag_[replica].Record(
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(lag).count()));
  }
  seen = applied;
}

uint64_t CommitLag::without_position() const {
  absl::MutexLock lock(&mu_);
  return without_position_;
}

uint64_t CommitLag::repeated_positions() const {
  absl::MutexLock lock(&mu_);
  return repeated_positions_;
}

uint64_t CommitLag::seen(int replica) const {
  absl::MutexLock lock(&mu_);
  return seen_.at(replica);
}

uint64_t CommitLag::max_position() const {
  absl::MutexLock lock(&mu_);
  return commits_.empty() ? 0 : commits_.rbegin()->first;
}

LatencyHistogram CommitLag::Result(int replica) const {
  absl::MutexLock lock(&mu_);
  return lag_.at(replica);
}

}  // namespace ordinal::bench
