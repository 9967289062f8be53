// Replicas' acknowledgements: semi-sync waits and SHOW REPLICAS.
#include "replication/ack_tracker.h"

#include <thread>

#include "gtest/gtest.h"
#include "replication/status_rows.h"

namespace ordinal::replication {
namespace {

absl::Time Soon() { return absl::Now() + absl::Seconds(30); }

TEST(AckTrackerTest, WaitReturnsOnceEnoughReplicasAcked) {
  AckTracker tracker;
  AckTracker::StreamId one = tracker.Connected(1, "r1", 0);
  AckTracker::StreamId two = tracker.Connected(2, "r2", 0);
  std::thread acker([&] {
    tracker.Ack(one, 10);
    tracker.Ack(two, 12);
  });
  EXPECT_TRUE(tracker.WaitForAcks(10, 2, Soon()));
  acker.join();
}

TEST(AckTrackerTest, WaitTimesOutWithTooFewAcks) {
  AckTracker tracker;
  AckTracker::StreamId one = tracker.Connected(1, "r1", 0);
  tracker.Ack(one, 10);
  EXPECT_FALSE(tracker.WaitForAcks(10, 2, absl::Now() + absl::Milliseconds(20)));
}

TEST(AckTrackerTest, ZeroReplicasNeverWait) {
  AckTracker tracker;
  EXPECT_TRUE(tracker.WaitForAcks(100, 0, absl::InfinitePast()));
}

TEST(AckTrackerTest, AcksNeverGoBack) {
  AckTracker tracker;
  AckTracker::StreamId one = tracker.Connected(1, "r1", 0);
  tracker.Ack(one, 10);
  tracker.Ack(one, 5);
  EXPECT_EQ(tracker.Snapshot(10, 0)[0].acked_position(), 10u);
}

TEST(AckTrackerTest, StaleStreamDoesNotDisconnectTheNewOne) {
  AckTracker tracker;
  AckTracker::StreamId old_stream = tracker.Connected(1, "r1", 0);
  tracker.Connected(1, "r1", 0);
  tracker.Disconnected(old_stream);
  EXPECT_TRUE(tracker.Snapshot(0, 0)[0].connected());
}

TEST(AckTrackerTest, ReplicaNearTheRetentionEdgeIsFlagged) {
  AckTracker tracker;
  tracker.Connected(1, "r1", 105);  // 5 above the edge of 100 retained positions
  tracker.Connected(2, "r2", 190);
  std::vector<ordinal::v1::ReplicaInfo> infos = tracker.Snapshot(/*primary=*/200, /*oldest=*/100);
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].positions_above_retention_edge(), 5u);
  EXPECT_TRUE(infos[0].near_retention_edge());
  EXPECT_EQ(infos[1].lag_positions(), 10u);
  EXPECT_FALSE(infos[1].near_retention_edge());
}

TEST(StatusRowsTest, ReplicasRowsWarnNearTheEdge) {
  AckTracker tracker;
  tracker.Connected(1, "r1", 105);
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
