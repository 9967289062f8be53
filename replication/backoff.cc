#include "replication/backoff.h"

#include <algorithm>

namespace ordinal::replication {

absl::Duration Backoff::Next() {
  absl::Duration base = initial_;
  for (int i = 0; i < attempts_ && base < max_; ++i) base *= 2;
  base = std::min(base, max_);
  if (attempts_ < 64) ++attempts_;
  const double fraction = absl::Uniform(rng_, 0.5, 1.0);
  return base * fraction;
}

void Backoff::Saturate() { attempts_ = 64; }

}  // namespace ordinal::replication
