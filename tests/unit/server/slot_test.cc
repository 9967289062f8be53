// The slot that lends the node's store to calls and lets the node replace it in place.
#include "server/slot.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace ordinal::server {
namespace {

class SlotTest : public ::testing::Test {
 protected:
  absl::StatusOr<Slot<std::string>::Lease> Borrow(absl::Duration wait = absl::ZeroDuration()) {
    return slot_.Acquire(absl::Now() + wait);
  }

  Slot<std::string> slot_{"cloning from ordinal 0"};
};

TEST_F(SlotTest, EmptySlotRefusesAtOnceWithItsReason) {
  absl::StatusOr<Slot<std::string>::Lease> lease = Borrow(absl::Seconds(30));
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(lease.status().message(), "cloning from ordinal 0");
}

TEST_F(SlotTest, InstalledValueIsLent) {
  slot_.Install(std::make_unique<std::string>("store 1"));
  absl::StatusOr<Slot<std::string>::Lease> lease = Borrow();
  ASSERT_TRUE(lease.ok());
  EXPECT_EQ(**lease, "store 1");
  EXPECT_EQ(slot_.leases(), 1);
}

TEST_F(SlotTest, CallDuringASwapWaitsForTheNewValue) {
  slot_.Install(std::make_unique<std::string>("old"));
  slot_.Close("swapping", /*swap=*/true);
  EXPECT_EQ(*slot_.TakeWhenIdle(), "old");
  std::string seen;
  std::thread call([&] {
    absl::StatusOr<Slot<std::string>::Lease> lease = Borrow(absl::Seconds(60));
    seen = lease.ok() ? **lease : std::string(lease.status().message());
  });
  slot_.Install(std::make_unique<std::string>("new"));
  call.join();
  EXPECT_EQ(seen, "new");
}

TEST_F(SlotTest, CallDuringASwapFailsWithTheReasonAfterItsDeadline) {
  slot_.Install(std::make_unique<std::string>("old"));
  slot_.Close("the store is being replaced", /*swap=*/true);
  absl::StatusOr<Slot<std::string>::Lease> lease = Borrow(absl::Milliseconds(10));
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(lease.status().message(), "the store is being replaced");
}

TEST_F(SlotTest, TakeWaitsForCallsInFlight) {
  slot_.Install(std::make_unique<std::string>("old"));
  auto lease = std::make_unique<Slot<std::string>::Lease>(*Borrow());
  slot_.Close("swapping", /*swap=*/true);
  std::atomic<bool> taken{false};
  std::thread swap([&] {
    slot_.TakeWhenIdle();
    taken = true;
  });
  EXPECT_EQ(**lease, "old");  // the call in flight still uses the old value
  EXPECT_FALSE(taken);
  lease.reset();
  swap.join();
  EXPECT_TRUE(taken);
}

TEST_F(SlotTest, ClosedForShutdownRefusesAtOnce) {
  slot_.Install(std::make_unique<std::string>("store"));
  slot_.Close("shutting down", /*swap=*/false);
  absl::StatusOr<Slot<std::string>::Lease> lease = Borrow(absl::Seconds(30));
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(lease.status().message(), "shutting down");
}

}  // namespace
}  // namespace ordinal::server
