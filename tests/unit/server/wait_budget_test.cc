// The budget of parked waits: a fixed number of slots, refused with a structured reason
// when full, given back when a slot is released.
#include "server/wait_budget.h"

#include <optional>
#include <vector>

#include "common/sql_error.h"
#include "common/status_reason.h"
#include "gtest/gtest.h"

namespace ordinal::server {
namespace {

TEST(WaitBudgetTest, AFullBudgetRefusesWithTooManyWaits) {
  WaitBudget budget(2);
  std::vector<WaitBudget::Slot> slots;
  slots.push_back(*budget.Take());
  slots.push_back(*budget.Take());
  absl::StatusOr<WaitBudget::Slot> third = budget.Take();
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(GetMysqlErrno(third.status()), MysqlErrno::kTooManyWaits);
  EXPECT_EQ(GetStatusReason(third.status()), StatusReason::kTooManyWaits);
  EXPECT_EQ(budget.parked(), 2u);
  EXPECT_EQ(budget.refused(), 1u);
}

TEST(WaitBudgetTest, AReleasedSlotCanBeTakenAgain) {
  WaitBudget budget(1);
  {
    std::optional<WaitBudget::Slot> slot(*budget.Take());
    EXPECT_FALSE(budget.Take().ok());
  }
  EXPECT_EQ(budget.parked(), 0u);
  EXPECT_TRUE(budget.Take().ok());
}

}  // namespace
}  // namespace ordinal::server
