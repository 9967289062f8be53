#include "replication/clone_token_bucket.h"

#include <algorithm>
#include <utility>

namespace ordinal::replication {

TokenBucket::TokenBucket(uint64_t bytes_per_second, uint64_t burst_bytes, Clock now)
    : bytes_per_second_(bytes_per_second),
      burst_(static_cast<double>(burst_bytes)),
      now_(now ? std::move(now) : Clock([] { return absl::Now(); })),
      tokens_(static_cast<double>(burst_bytes)),
      last_(now_()) {}

void TokenBucket::Refill() {
  const absl::Time now = now_();
  if (now > last_) {
    const double earned = absl::ToDoubleSeconds(now - last_) * bytes_per_second_;
    tokens_ = std::min(burst_, tokens_ + earned);
    last_ = now;
  }
}

absl::Duration TokenBucket::Take(uint64_t bytes) {
  if (bytes_per_second_ == 0) return absl::ZeroDuration();
  absl::MutexLock lock(&mu_);
  Refill();
  tokens_ -= static_cast<double>(bytes);
  if (tokens_ >= 0) return absl::ZeroDuration();
  return absl::Seconds(-tokens_ / static_cast<double>(bytes_per_second_));
}

}  // namespace ordinal::replication
