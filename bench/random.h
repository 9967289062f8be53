// Random choices the workloads make: a fast per-thread generator, sysbench's uniform ids and
// '#'-template strings, and YCSB's scrambled zipfian key chooser.
//
// Thread safety: Rng is per thread. ZipfianChooser is immutable after construction and may be
// shared; it draws from the caller's Rng.
#ifndef ORDINAL_BENCH_RANDOM_H_
#define ORDINAL_BENCH_RANDOM_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace ordinal::bench {

// xoshiro256** seeded through splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next();
  // Uniform in [lo, hi] (inclusive).
  int64_t Uniform(int64_t lo, int64_t hi);
  // Uniform in [0, 1).
  double UniformDouble();

 private:
  uint64_t s_[4];
};

// sysbench's rand.string: every '#' becomes a random digit, every '@' a random lowercase
// letter, other characters are kept.
std::string RandomString(Rng& rng, std::string_view pattern);

// sysbench's c and pad value templates: 10 (c) and 5 (pad) groups of 11 '#', joined by '-'.
std::string_view CValueTemplate();
std::string_view PadValueTemplate();

// Zipfian choice over [1, n] with exponent theta (YCSB's ZipfianGenerator, Gray et al.),
// scrambled by a hash so that the hot keys are spread over the key space (YCSB's
// ScrambledZipfianGenerator).
class ZipfianChooser {
 public:
  ZipfianChooser(int64_t n, double theta = 0.99);
  int64_t Next(Rng& rng) const;
  // The unscrambled rank in [0, n): 0 is the most popular.
  int64_t NextRank(Rng& rng) const;

 private:
  int64_t n_;
  double theta_;
  double alpha_;
  double zetan_;
  double eta_;
  double half_pow_theta_;
};

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_RANDOM_H_
