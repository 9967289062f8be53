// LatencyHistogram: a log-linear histogram of durations in nanoseconds, for percentiles.
//
// Each power of two is split into kSubBuckets linear buckets, so a recorded value is known to
// within 1/kSubBuckets (about 1.6%) of itself; values below kSubBuckets ns are exact. The
// range ends at 2^kMaxExponent ns (about 18 minutes); larger values land in the last bucket.
// Memory is fixed (a few tens of KB) and recording is O(1).
//
// Thread safety: none. Each worker thread records into its own histogram; the reporter merges
// copies (Merge) under the owner's lock.
#ifndef ORDINAL_BENCH_HISTOGRAM_H_
#define ORDINAL_BENCH_HISTOGRAM_H_

#include <array>
#include <cstdint>

namespace ordinal::bench {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 6;
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  static constexpr int kMaxExponent = 40;

  void Record(uint64_t nanos);
  void Merge(const LatencyHistogram& other);
  void Clear();

  uint64_t count() const { return count_; }
  uint64_t max() const { return max_; }
  uint64_t min() const { return count_ == 0 ? 0 : min_; }
  double mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / count_; }
  // The value at quantile q in [0, 1] (an upper bound of its bucket, capped at max()); 0 when
  // empty.
  uint64_t Percentile(double q) const;

 private:
  static constexpr int kBuckets = (kMaxExponent - kSubBucketBits + 2) * kSubBuckets;
  static int BucketOf(uint64_t nanos);
  static uint64_t BucketUpperBound(int bucket);

  std::array<uint64_t, kBuckets> buckets_{};
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
};

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_HISTOGRAM_H_
