#include "bench/random.h"

#include <cmath>

namespace ordinal::bench {
namespace {

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t Fnv1a64(uint64_t v) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < 8; ++i) {
    h ^= v & 0xff;
    h *= 0x100000001b3ULL;
    v >>= 8;
  }
  return h;
}

double Zeta(int64_t n, double theta) {
  double sum = 0;
  for (int64_t i = 1; i <= n; ++i) sum += 1.0 / std::pow(static_cast<double>(i), theta);
  return sum;
}

}  // namespace

Rng::Rng(uint64_t seed) {
  for (uint64_t& s : s_) s = SplitMix64(seed);
}

uint64_t Rng::Next() {
  uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

int64_t Rng::Uniform(int64_t lo, int64_t hi) {
  uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  return lo + static_cast<int64_t>(Next() % span);
}

double Rng::UniformDouble() { return (Next() >> 11) * 0x1.0p-53; }

std::string RandomString(Rng& rng, std::string_view pattern) {
  std::string out(pattern);
  for (char& c : out) {
    if (c == '#') c = static_cast<char>('0' + rng.Next() % 10);
    else if (c == '@') c = static_cast<char>('a' + rng.Next() % 26);
  }
  return out;
}

std::string_view CValueTemplate() {
  static const std::string* const kTemplate = [] {
    auto* s = new std::string;
    for (int i = 0; i < 10; ++i) *s += (i == 0 ? "" : "-") + std::string(11, '#');
    return s;
  }();
  return *kTemplate;
}

std::string_view PadValueTemplate() {
  static const std::string* const kTemplate = [] {
    auto* s = new std::string;
    for (int i = 0; i < 5; ++i) *s += (i == 0 ? "" : "-") + std::string(11, '#');
    return s;
  }();
  return *kTemplate;
}

ZipfianChooser::ZipfianChooser(int64_t n, double theta)
    : n_(n < 1 ? 1 : n), theta_(theta), alpha_(1.0 / (1.0 - theta)) {
  zetan_ = Zeta(n_, theta_);
  double zeta2 = Zeta(2, theta_);
  eta_ = (1 - std::pow(2.0 / n_, 1 - theta_)) / (1 - zeta2 / zetan_);
  half_pow_theta_ = 1 + std::pow(0.5, theta_);
}

int64_t ZipfianChooser::NextRank(Rng& rng) const {
  double u = rng.UniformDouble();
  double uz = u * zetan_;
  if (uz < 1.0) return 0;
  if (uz < half_pow_theta_) return n_ > 1 ? 1 : 0;
  int64_t rank = static_cast<int64_t>(n_ * std::pow(eta_ * u - eta_ + 1, alpha_));
  return rank >= n_ ? n_ - 1 : rank;
}

int64_t ZipfianChooser::Next(Rng& rng) const {
  return 1 + static_cast<int64_t>(Fnv1a64(static_cast<uint64_t>(NextRank(rng))) %
                                  static_cast<uint64_t>(n_));
}

}  // namespace ordinal::bench
