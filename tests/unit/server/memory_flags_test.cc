// --memory_budget_mb and its shares (server/config.h PlanMemory; docs/memory-and-disk.md):
// half to the block cache, a quarter to all statements, an eighth per statement; explicit
// shares replace theirs; out-of-range values are refused with the flag named.
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

TEST(MemoryFlagsTest, DefaultBudgetIsSharedOut) {
  const Config config = Valid();
  ASSERT_TRUE(ValidateConfig(config).ok());
  const MemoryPlan plan = PlanMemory(config);
  EXPECT_EQ(plan.block_cache_bytes, 512ull << 20);
  EXPECT_EQ(plan.query_memory_total_bytes, 256ull << 20);
  EXPECT_EQ(plan.query_memory_bytes, 128ull << 20);
  EXPECT_EQ(plan.replication_backlog_bytes, 64ull << 20);
}

TEST(MemoryFlagsTest, ExplicitSharesReplaceTheDerivedOnes) {
  Config config = Valid();
  config.memory_budget_mb = 64;
  config.block_cache_mb = 8;
  config.query_memory_mb = 2;
  ASSERT_TRUE(ValidateConfig(config).ok());
  const MemoryPlan plan = PlanMemory(config);
  EXPECT_EQ(plan.block_cache_bytes, 8ull << 20);
  EXPECT_EQ(plan.query_memory_bytes, 2ull << 20);
  EXPECT_EQ(plan.query_memory_total_bytes, 16ull << 20);
  EXPECT_EQ(plan.replication_backlog_bytes, 4ull << 20);
}

TEST(MemoryFlagsTest, OutOfRangeValuesNameTheirFlag) {
  Config config = Valid();
  config.memory_budget_mb = 16;
  EXPECT_TRUE(absl::StrContains(ValidateConfig(config).message(), "--memory_budget_mb"));
  config = Valid();
  config.block_cache_mb = config.memory_budget_mb + 1;
  EXPECT_TRUE(absl::StrContains(ValidateConfig(config).message(), "--block_cache_mb"));
  config = Valid();
  config.query_memory_mb = config.memory_budget_mb / 4 + 1;
  EXPECT_TRUE(absl::StrContains(ValidateConfig(config).message(), "--query_memory_mb"));
}

}  // namespace
}  // namespace ordinal::server
