// --clone_source_reads: how served clones read the checkpoint's files ('direct' or
// 'buffered'); anything else is refused with the flag named, and the choice reaches the
// clone source's settings.
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/clone_node.h"
#include "server/config.h"

namespace ordinal::server {
namespace {

Config Valid() {
  Config config;
  config.data_dir = "/tmp/unused";
  return config;
}

TEST(CloneFlagsTest, SourceReadsAreBufferedByDefault) {
  EXPECT_TRUE(ValidateConfig(Valid()).ok());
  EXPECT_FALSE(CloneSettingsFor(Valid(), 1, PeerCredentials{}).direct_source_reads);
}

TEST(CloneFlagsTest, DirectSourceReadsReachTheSettings) {
  Config config = Valid();
  config.clone_source_reads = "direct";
  EXPECT_TRUE(ValidateConfig(config).ok());
  EXPECT_TRUE(CloneSettingsFor(config, 1, PeerCredentials{}).direct_source_reads);
}

TEST(CloneFlagsTest, AnyOtherReadModeIsRefused) {
  Config config = Valid();
  for (const char* mode : {"", "Direct", "mmap"}) {
    config.clone_source_reads = mode;
    absl::Status status = ValidateConfig(config);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << mode;
    EXPECT_TRUE(absl::StrContains(status.message(), "--clone_source_reads")) << status;
  }
}

}  // namespace
}  // namespace ordinal::server
