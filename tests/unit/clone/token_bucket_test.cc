// The clone source's bandwidth limit, with an injected clock: pure arithmetic, no sleeping.
#include "replication/clone_token_bucket.h"

#include "gtest/gtest.h"

namespace ordinal::replication {
namespace {

constexpr uint64_t kMiB = 1 << 20;

class TokenBucketTest : public ::testing::Test {
 protected:
  TokenBucket::Clock Clock() {
    return [this] { return now_; };
  }
  void Advance(absl::Duration d) { now_ += d; }

  absl::Time now_ = absl::FromUnixSeconds(1000);
};

TEST_F(TokenBucketTest, ZeroRateIsUnlimited) {
  TokenBucket bucket(0, kMiB, Clock());
  EXPECT_EQ(bucket.Take(1000 * kMiB), absl::ZeroDuration());
}

TEST_F(TokenBucketTest, StartsWithOneBurstFree) {
  TokenBucket bucket(8 * kMiB, kMiB, Clock());
  EXPECT_EQ(bucket.Take(kMiB), absl::ZeroDuration());
}

TEST_F(TokenBucketTest, DebtBeyondTheBurstIsPaidAtTheRate) {
  TokenBucket bucket(8 * kMiB, kMiB, Clock());
  ASSERT_EQ(bucket.Take(kMiB), absl::ZeroDuration());
  // One more MiB at 8 MiB/s: an eighth of a second.
  EXPECT_EQ(bucket.Take(kMiB), absl::Milliseconds(125));
}

TEST_F(TokenBucketTest, FourMegabytesAtEightPerSecondTakeAboutHalfASecondInTotal) {
  TokenBucket bucket(8 * kMiB, kMiB, Clock());
  absl::Duration total;
  for (int i = 0; i < 4; ++i) {
    const absl::Duration wait = bucket.Take(kMiB);
    Advance(wait);  // the sender sleeps exactly as told
    total += wait;
  }
  // The first MiB is the burst; the other three pay 125 ms each.
  EXPECT_EQ(total, absl::Milliseconds(375));
}

TEST_F(TokenBucketTest, IdleTimeRefillsUpToTheBurstOnly) {
  TokenBucket bucket(kMiB, kMiB, Clock());
  ASSERT_EQ(bucket.Take(kMiB), absl::ZeroDuration());
  Advance(absl::Seconds(10));  // would earn 10 MiB, but the bucket holds one
  EXPECT_EQ(bucket.Take(kMiB), absl::ZeroDuration());
  EXPECT_EQ(bucket.Take(kMiB), absl::Seconds(1));
}

TEST_F(TokenBucketTest, ElapsedTimeReducesTheWait) {
  TokenBucket bucket(kMiB, kMiB, Clock());
  ASSERT_EQ(bucket.Take(kMiB), absl::ZeroDuration());
  Advance(absl::Milliseconds(500));
  EXPECT_EQ(bucket.Take(kMiB), absl::Milliseconds(500));
}

}  // namespace
}  // namespace ordinal::replication
