// Replicas' acknowledgements: semi-sync waits and SHOW REPLICAS.
#include "replication/ack_tracker.h"

#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "replication/status_rows.h"

namespace ordinal::replication {
namespace {

absl::Time Soon() { return absl::Now() + absl::Seconds(30); }

TEST(AckTrackerTest, WaitReturnsOnceEnoughReplicasAcked) {
  AckTracker tracker;
  AckTracker::StreamId one = *tracker.Connected(1, "r1", 0);
  AckTracker::StreamId two = *tracker.Connected(2, "r2", 0);
  tracker.Sent(one, 10);
  tracker.Sent(two, 12);
  std::thread acker([&] {
    EXPECT_TRUE(tracker.Ack(one, 10).ok());
    EXPECT_TRUE(tracker.Ack(two, 12).ok());
  });
  EXPECT_TRUE(tracker.WaitForAcks(10, 2, Soon()));
  acker.join();
}

TEST(AckTrackerTest, WaitTimesOutWithTooFewAcks) {
  AckTracker tracker;
  AckTracker::StreamId one = *tracker.Connected(1, "r1", 0);
  tracker.Sent(one, 10);
  ASSERT_TRUE(tracker.Ack(one, 10).ok());
  EXPECT_FALSE(tracker.WaitForAcks(10, 2, absl::Now() + absl::Milliseconds(20)));
}

TEST(AckTrackerTest, StopWaitsEndsEveryWaitNowAndLater) {
  AckTracker tracker;
  tracker.Connected(1, "r1", 0).IgnoreError();
  bool acknowledged = true;
  std::thread waiter([&] { acknowledged = tracker.WaitForAcks(10, 1, absl::InfiniteFuture()); });
  tracker.StopWaits();
  waiter.join();
  EXPECT_FALSE(acknowledged);
  EXPECT_FALSE(tracker.WaitForAcks(10, 1, absl::InfiniteFuture()));
}

TEST(AckTrackerTest, StopPredicateEndsAWaitWithoutADeadline) {
  AckTracker tracker;
  tracker.Connected(1, "r1", 0).IgnoreError();
  std::atomic<bool> cancelled{false};
  std::atomic<int> asked{0};
  bool acknowledged = true;
  std::thread waiter([&] {
    acknowledged = tracker.WaitForAcks(10, 1, absl::InfiniteFuture(), [&] {
      ++asked;
      return cancelled.load();
    });
  });
  while (asked.load() < 2) absl::SleepFor(absl::Milliseconds(5));  // it is waiting
  cancelled = true;
  waiter.join();
  EXPECT_FALSE(acknowledged);
}

TEST(AckTrackerTest, AcksStillEndAWaitThatHasAStopPredicate) {
  AckTracker tracker;
  AckTracker::StreamId one = *tracker.Connected(1, "r1", 0);
  tracker.Sent(one, 10);
  std::thread acker([&] { EXPECT_TRUE(tracker.Ack(one, 10).ok()); });
  EXPECT_TRUE(tracker.WaitForAcks(10, 1, absl::InfiniteFuture(), [] { return false; }));
  acker.join();
}

TEST(AckTrackerTest, ZeroReplicasNeverWait) {
  AckTracker tracker;
  EXPECT_TRUE(tracker.WaitForAcks(100, 0, absl::InfinitePast()));
}

TEST(AckTrackerTest, AcksNeverGoBack) {
  AckTracker tracker;
  AckTracker::StreamId one = *tracker.Connected(1, "r1", 0);
  tracker.Sent(one, 10);
  ASSERT_TRUE(tracker.Ack(one, 10).ok());
  ASSERT_TRUE(tracker.Ack(one, 5).ok());
  EXPECT_EQ(tracker.Snapshot(10, 0)[0].acked_position(), 10u);
}

AckTracker::Config Config(absl::Duration takeover_after) {
  AckTracker::Config config;
  config.takeover_after = takeover_after;
  return config;
}

TEST(AckTrackerTest, StaleStreamDoesNotDisconnectTheNewOne) {
  AckTracker tracker(Config(absl::ZeroDuration()));
  AckTracker::StreamId old_stream = *tracker.Connected(1, "r1", 0);
  ASSERT_TRUE(tracker.Connected(1, "r1", 0).ok());
  tracker.Disconnected(old_stream);
  EXPECT_TRUE(tracker.Snapshot(0, 0)[0].connected());
}

// A stream may acknowledge only what was sent on it: a forged Ack{2^64-1} must not satisfy
// semi-sync waits for positions never written.
TEST(AckTrackerTest, AckAboveWhatWasSentIsRefused) {
  AckTracker tracker;
  AckTracker::StreamId one = *tracker.Connected(1, "r1", 5);
  tracker.Sent(one, 8);
  absl::Status forged = tracker.Ack(one, UINT64_MAX);
  EXPECT_EQ(forged.code(), absl::StatusCode::kInvalidArgument) << forged;
  EXPECT_FALSE(tracker.WaitForAcks(9, 1, absl::Now() + absl::Milliseconds(20)));
  EXPECT_TRUE(tracker.Ack(one, 8).ok());
  EXPECT_TRUE(tracker.WaitForAcks(8, 1, Soon()));
  EXPECT_EQ(tracker.Snapshot(8, 0)[0].acked_position(), 8u);
}

TEST(AckTrackerTest, SubscribedPositionMayBeAcknowledgedBeforeAnythingIsSent) {
  AckTracker tracker;
  AckTracker::StreamId one = *tracker.Connected(1, "r1", 7);
  EXPECT_TRUE(tracker.Ack(one, 7).ok());
  EXPECT_FALSE(tracker.Ack(one, 8).ok());
}

TEST(AckTrackerTest, AcksDieWithTheirStream) {
  AckTracker tracker;
  AckTracker::StreamId one = *tracker.Connected(1, "r1", 0);
  tracker.Sent(one, 10);
  ASSERT_TRUE(tracker.Ack(one, 10).ok());
  tracker.Disconnected(one);
  EXPECT_FALSE(tracker.WaitForAcks(10, 1, absl::Now() + absl::Milliseconds(20)));
  EXPECT_TRUE(tracker.Ack(one, 10).ok());  // an ended stream's ack is ignored
  EXPECT_FALSE(tracker.WaitForAcks(10, 1, absl::Now() + absl::Milliseconds(20)));
}

TEST(AckTrackerTest, SecondLiveStreamForAnOrdinalIsRefused) {
  AckTracker tracker;  // default takeover_after: a fresh stream is live
  AckTracker::StreamId real = *tracker.Connected(1, "real", 0);
  absl::StatusOr<AckTracker::StreamId> impostor = tracker.Connected(1, "impostor", 0);
  EXPECT_EQ(impostor.status().code(), absl::StatusCode::kAlreadyExists) << impostor.status();
  EXPECT_TRUE(tracker.IsCurrent(real));
  EXPECT_EQ(tracker.Snapshot(0, 0)[0].address(), "real");
}

TEST(AckTrackerTest, SilentStreamIsReplacedAndItsAcksIgnored) {
  AckTracker tracker(Config(absl::ZeroDuration()));
  AckTracker::StreamId old_stream = *tracker.Connected(1, "r1", 0);
  tracker.Sent(old_stream, 10);
  AckTracker::StreamId new_stream = *tracker.Connected(1, "r1", 3);
  EXPECT_FALSE(tracker.IsCurrent(old_stream));
  EXPECT_TRUE(tracker.IsCurrent(new_stream));
  EXPECT_TRUE(tracker.Ack(old_stream, 10).ok());
  EXPECT_EQ(tracker.Snapshot(10, 0)[0].acked_position(), 3u);
}

TEST(AckTrackerTest, DepartedReplicasAreForgotten) {
  AckTracker::Config config;
  config.forget_departed_after = absl::ZeroDuration();
  AckTracker tracker(config);
  AckTracker::StreamId one = *tracker.Connected(1, "r1", 0);
  tracker.Connected(2, "r2", 0).IgnoreError();
  tracker.Disconnected(one);
  std::vector<ordinal::v1::ReplicaInfo> infos = tracker.Snapshot(0, 0);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].ordinal(), 2u);
}

TEST(AckTrackerTest, AtMostMaxDepartedAreRemembered) {
  AckTracker::Config config;
  config.max_departed = 3;
  AckTracker tracker(config);
  for (uint32_t ordinal = 1; ordinal <= 50; ++ordinal) {
    tracker.Disconnected(*tracker.Connected(ordinal, "r", 0));
  }
  std::vector<ordinal::v1::ReplicaInfo> infos = tracker.Snapshot(0, 0);
  ASSERT_EQ(infos.size(), 3u);
  EXPECT_EQ(infos.back().ordinal(), 50u);  // the most recent departures stay
}

TEST(AckTrackerTest, AnnouncedAddressIsEscapedAndBounded) {
  AckTracker tracker;
  tracker.Connected(1, "10.0.0.1:1\n[info] forged line\n", 0).IgnoreError();
  tracker.Connected(2, std::string(1 << 20, 'x'), 0).IgnoreError();
  std::vector<ordinal::v1::ReplicaInfo> infos = tracker.Snapshot(0, 0);
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].address().find('\n'), std::string::npos);
  EXPECT_LT(infos[1].address().size(), 256u);
}

TEST(AckTrackerTest, ReplicaNearTheRetentionEdgeIsFlagged) {
  AckTracker tracker;
  tracker.Connected(1, "r1", 105).IgnoreError();  // 5 above the edge of 100 retained positions
  tracker.Connected(2, "r2", 190).IgnoreError();
  std::vector<ordinal::v1::ReplicaInfo> infos = tracker.Snapshot(/*primary=*/200, /*oldest=*/100);
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].positions_above_retention_edge(), 5u);
  EXPECT_TRUE(infos[0].near_retention_edge());
  EXPECT_EQ(infos[1].lag_positions(), 10u);
  EXPECT_FALSE(infos[1].near_retention_edge());
}

TEST(StatusRowsTest, ReplicasRowsWarnNearTheEdge) {
  AckTracker tracker;
  tracker.Connected(1, "r1", 105).IgnoreError();
  engine::ResultSet rows = ReplicasRows(tracker.Snapshot(200, 100));
  ASSERT_EQ(rows.columns.size(), 7u);
  EXPECT_EQ(rows.columns[6].name, "Warning");
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_FALSE(rows.rows[0][6].string_value().empty());
}

TEST(StatusRowsTest, ReplicaStatusIsOneRow) {
  ordinal::v1::ReplicationState state;
  state.set_state("streaming");
  state.set_applied_position(7);
  engine::ResultSet rows = ReplicaStatusRows(state);
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.columns[1].name, "State");
  EXPECT_EQ(rows.rows[0][1].string_value(), "streaming");
  EXPECT_EQ(rows.rows[0][2].int_value(), 7);
}

}  // namespace
}  // namespace ordinal::replication
