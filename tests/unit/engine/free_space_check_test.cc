#include "engine/kv/free_space_check.h"

#include <memory>
#include <optional>
#include <string>

#include "common/disk_full.h"
#include "gtest/gtest.h"

namespace ordinal::engine::kv {
namespace {

constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kVolume = 100ull << 30;  // reserve: 64 MiB

// A volume whose free space the test sets, counting how often it is asked.
struct FakeVolume {
  std::optional<VolumeSpace> space = VolumeSpace{10ull << 30, kVolume};
  int asked = 0;

  VolumeProbe Probe() {
    return [this](const std::string&) {
      ++asked;
      return space;
    };
  }
  void SetFree(uint64_t bytes) { space = VolumeSpace{bytes, kVolume}; }
};

class FreeSpaceCheckTest : public ::testing::Test {
 protected:
  // A check whose readings stay fresh for the whole test unless `interval` says otherwise.
  void Make(absl::Duration interval = absl::InfiniteDuration()) {
    check_ = std::make_unique<FreeSpaceCheck>("/data", volume_.Probe(), interval);
  }
  absl::Status Write(uint64_t bytes) { return check_->BeforeWrite("commit", bytes); }

  FakeVolume volume_;
  std::unique_ptr<FreeSpaceCheck> check_;
};

TEST_F(FreeSpaceCheckTest, WritesWithAmpleHeadroomShareOneReading) {
  Make();
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(Write(4096).ok());
  EXPECT_EQ(volume_.asked, 1);
}

TEST_F(FreeSpaceCheckTest, AStaleReadingIsReadAgain) {
  Make(absl::ZeroDuration());
  ASSERT_TRUE(Write(4096).ok());
  ASSERT_TRUE(Write(4096).ok());
  EXPECT_EQ(volume_.asked, 2);
}

TEST_F(FreeSpaceCheckTest, ANearlyFullVolumeIsAskedOnEveryWrite) {
  volume_.SetFree(64 * kMiB + FreeSpaceCheck::kHeadroomToReuse - 1);
  Make();
  ASSERT_TRUE(Write(4096).ok());
  ASSERT_TRUE(Write(4096).ok());
  EXPECT_EQ(volume_.asked, 2);
}

TEST_F(FreeSpaceCheckTest, WritesUsingHalfTheHeadroomAskAgain) {
  volume_.SetFree(64 * kMiB + 512 * kMiB);  // 256 MiB reusable
  Make();
  ASSERT_TRUE(Write(100 * kMiB).ok());  // asks
  ASSERT_TRUE(Write(100 * kMiB).ok());  // 200 MiB since the reading: reused
  EXPECT_EQ(volume_.asked, 1);
  ASSERT_TRUE(Write(100 * kMiB).ok());  // would make 300 MiB: asks
  EXPECT_EQ(volume_.asked, 2);
}

TEST_F(FreeSpaceCheckTest, AWriteLargerThanTheHeadroomAsks) {
  Make();
  ASSERT_TRUE(Write(4096).ok());
  ASSERT_TRUE(Write(8ull << 30).ok());
  EXPECT_EQ(volume_.asked, 2);
}

TEST_F(FreeSpaceCheckTest, AVolumeUnderTheReserveRefusesEveryWriteUntilSpaceReturns) {
  volume_.SetFree(10 * kMiB);
  Make();
  EXPECT_TRUE(IsDiskFull(Write(4096)));
  EXPECT_TRUE(IsDiskFull(Write(4096)));
  volume_.SetFree(1ull << 30);
  EXPECT_TRUE(Write(4096).ok());
  EXPECT_EQ(volume_.asked, 3);
}

TEST_F(FreeSpaceCheckTest, AForgottenReadingIsReadAgain) {
  Make();
  ASSERT_TRUE(Write(4096).ok());
  check_->ForgetReading();
  volume_.SetFree(10 * kMiB);
  EXPECT_TRUE(IsDiskFull(Write(4096)));
}

TEST_F(FreeSpaceCheckTest, AVolumeThatCannotBeAskedIsAskedEveryTimeAndNotRefused) {
  volume_.space = std::nullopt;
  Make();
  EXPECT_TRUE(Write(4096).ok());
  EXPECT_TRUE(Write(4096).ok());
  EXPECT_EQ(volume_.asked, 2);
}

TEST_F(FreeSpaceCheckTest, TheReserveIsFivePercentUpTo64MiB) {
  EXPECT_EQ(FreeSpaceCheck::ReserveBytes(100 * kMiB), 5 * kMiB);
  EXPECT_EQ(FreeSpaceCheck::ReserveBytes(kVolume), 64 * kMiB);
}

}  // namespace
}  // namespace ordinal::engine::kv
