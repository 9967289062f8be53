// The clone source's bandwidth limit (--clone_rate_limit_mb): a token bucket. Tokens are
// bytes; they accrue at `bytes_per_second` up to `burst_bytes`. Take(n) spends n tokens at
// once, letting the balance go negative, and returns how long the caller must wait before
// sending so that, over time, no more than the rate (plus one burst) goes out. A rate of 0
// means unlimited: Take always returns zero.
//
// The clock is injected so the arithmetic is testable without sleeping.
// Thread safety: thread-safe (one bucket may be shared by concurrent clones).
#ifndef ORDINAL_REPLICATION_CLONE_TOKEN_BUCKET_H_
#define ORDINAL_REPLICATION_CLONE_TOKEN_BUCKET_H_

#include <cstdint>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ordinal::replication {

class TokenBucket {
 public:
  using Clock = std::function<absl::Time()>;

  // The bucket starts full. `now` defaults to absl::Now.
  TokenBucket(uint64_t bytes_per_second, uint64_t burst_bytes, Clock now = nullptr);

  // Spends `bytes` tokens; the wait before sending them (zero when the balance covered them).
  absl::Duration Take(uint64_t bytes);

  uint64_t bytes_per_second() const { return bytes_per_second_; }

 private:
  void Refill() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const uint64_t bytes_per_second_;
  const double burst_;
  const Clock now_;
  absl::Mutex mu_;
  double tokens_ ABSL_GUARDED_BY(mu_);
  absl::Time last_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_TOKEN_BUCKET_H_
