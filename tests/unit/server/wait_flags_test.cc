// The bounds of the wait flags: a cap of every position wait and a budget of parked waits,
// each refused with the flag named when out of range.
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/config.h"

namespace ordinal::server {
namespace {

Config Valid() {
  Config config;
  config.data_dir = "/tmp/unused";
  return config;
}

TEST(WaitFlagsTest, DefaultsAreValid) { EXPECT_TRUE(ValidateConfig(Valid()).ok()); }

TEST(WaitFlagsTest, MaxWaitTimeoutMustBeAtMostAnHour) {
  Config config = Valid();
  config.max_wait_timeout_ms = 3600001;
  absl::Status status = ValidateConfig(config);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(status.message(), "--max_wait_timeout_ms")) << status;
  config.max_wait_timeout_ms = 0;
  EXPECT_FALSE(ValidateConfig(config).ok());
}

TEST(WaitFlagsTest, SyncTimeoutMustBeAtMostAnHour) {
  Config config = Valid();
  config.sync_timeout_ms = 3600001;
  EXPECT_TRUE(absl::StrContains(ValidateConfig(config).message(), "--sync_timeout_ms"));
}

TEST(WaitFlagsTest, ParkedWaitsMustBePositiveAndBounded) {
  Config config = Valid();
  config.max_parked_waits = 0;
  EXPECT_TRUE(absl::StrContains(ValidateConfig(config).message(), "--max_parked_waits"));
  config.max_parked_waits = 4097;
  EXPECT_FALSE(ValidateConfig(config).ok());
}

}  // namespace
}  // namespace ordinal::server
