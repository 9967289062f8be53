#include "bench/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ordinal::bench {

// Bucket layout: values below kSubBuckets map to themselves (group 0). A value with highest
// set bit e >= kSubBucketBits belongs to group g = e - kSubBucketBits + 1, and within it to
// the sub-bucket given by the kSubBucketBits bits below the highest one.
int LatencyHistogram::BucketOf(uint64_t nanos) {
  if (nanos < kSubBuckets) return static_cast<int>(nanos);
  int e = 63 - std::countl_zero(nanos);
  if (e > kMaxExponent) return kBuckets - 1;
  int group = e - kSubBucketBits + 1;
  int sub = static_cast<int>((nanos >> (e - kSubBucketBits)) & (kSubBuckets - 1));
  return group * kSubBuckets + sub;
}

uint64_t LatencyHistogram::BucketUpperBound(int bucket) {
  int group = bucket / kSubBuckets;
  uint64_t sub = bucket % kSubBuckets;
  if (group == 0) return sub;
  int e = group + kSubBucketBits - 1;
  uint64_t width = uint64_t{1} << (e - kSubBucketBits);
  return (uint64_t{1} << e) + (sub + 1) * width - 1;
}

void LatencyHistogram::Record(uint64_t nanos) {
  ++buckets_[BucketOf(nanos)];
  ++count_;
  sum_ += nanos;
  min_ = std::min(min_, nanos);
  max_ = std::max(max_, nanos);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (int i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LatencyHistogram::Clear() { *this = LatencyHistogram(); }

uint64_t LatencyHistogram::Percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * count_)));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::min(BucketUpperBound(i), max_);
  }
  return max_;
}

}  // namespace ordinal::bench
