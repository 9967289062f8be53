#include "engine/kv/commit_notifier.h"

#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace ordinal::engine::kv {
namespace {

class CommitNotifierTest : public ::testing::Test {
 protected:
  CommitNotifier notifier_{[this] { calls_.fetch_add(1); }};
  std::atomic<int> calls_{0};
};

TEST_F(CommitNotifierTest, EveryNewSequenceIsAnnounced) {
  notifier_.Committed(5);
  notifier_.Committed(6);
  notifier_.Committed(9);
  EXPECT_EQ(calls_.load(), 3);
}

TEST_F(CommitNotifierTest, MembersOfOneWriteGroupAnnounceItsSequenceOnce) {
  notifier_.Committed(7);
  notifier_.Committed(7);
  notifier_.Committed(7);
  EXPECT_EQ(calls_.load(), 1);
}

TEST_F(CommitNotifierTest, ASequenceOlderThanTheAnnouncedOneIsNotAnnouncedAgain) {
  notifier_.Committed(9);
  notifier_.Committed(8);
  EXPECT_EQ(calls_.load(), 1);
}

TEST_F(CommitNotifierTest, ConcurrentMembersAnnounceTheirSequenceOnce) {
  std::vector<std::thread> members;
  for (int i = 0; i < 8; ++i) members.emplace_back([this] { notifier_.Committed(42); });
  for (std::thread& member : members) member.join();
  EXPECT_EQ(calls_.load(), 1);
}

TEST(CommitNotifierWithoutCallbackTest, CommitsWithoutACallbackDoNothing) {
  CommitNotifier notifier{nullptr};
  notifier.Committed(1);  // must not call an empty function
}

}  // namespace
}  // namespace ordinal::engine::kv
