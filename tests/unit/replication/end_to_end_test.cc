// A primary Database with the Replication service on loopback and a replica Database with a
// Follower, in one process: convergence, resume, and the failure cases of
// docs/replication-protocol.md.
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/unit/replication/replication_fixture.h"

namespace ordinal::replication {
namespace {

class EndToEndTest : public ReplicationFixture {
 protected:
  void SetUp() override {
    OpenPrimary();
    OpenReplica();
    StartPrimaryServer();
  }

  // `writers` threads insert `rows` rows each, starting at sequence `from`.
  void WriteConcurrently(int writers, int from, int rows) {
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([this, w, from, rows] { InsertRows(w, from, rows); });
    }
    for (std::thread& thread : threads) thread.join();
  }

  void ExpectConverged() {
    ASSERT_TRUE(ReplicaCatchesUp()) << follower_->State().DebugString();
    EXPECT_EQ(Checksum(*replica_), Checksum(*primary_));
  }
};

TEST_F(EndToEndTest, ConcurrentWritesConverge) {
  StartFollower();
  CreateTable();
  WriteConcurrently(/*writers=*/4, /*from=*/0, /*rows=*/50);
  ExpectConverged();
  EXPECT_EQ(Scalar(*replica_, "SELECT COUNT(*) FROM d.t"), "200");
  EXPECT_EQ(FollowerState(), kStateStreaming);
}

TEST_F(EndToEndTest, EmptyReplicaAdoptsTheClusterId) {
  StartFollower();
  CreateTable();
  ExpectConverged();
  EXPECT_EQ(replica_->ClusterId(), primary_->ClusterId());
}

TEST_F(EndToEndTest, RestartedFollowerResumesWithoutDuplicates) {
  StartFollower();
  CreateTable();
  WriteConcurrently(3, 0, 30);
  ASSERT_TRUE(ReplicaCatchesUp());
  StopFollower();
  WriteConcurrently(3, 30, 30);  // written while the replica is down
  OpenReplica();                 // the replica process restarts
  StartFollower();
  ExpectConverged();
  for (int writer = 0; writer < 3; ++writer) {
    const std::string w = std::to_string(writer);
    EXPECT_EQ(Scalar(*replica_, "SELECT COUNT(*) FROM d.t WHERE writer = " + w), "60");
    EXPECT_EQ(Scalar(*replica_, "SELECT MAX(seq) FROM d.t WHERE writer = " + w), "59");
  }
}

TEST_F(EndToEndTest, ReplicaIsReadableWhileThePrimaryIsDown) {
  StartFollower();
  CreateTable();
  InsertRows(0, 0, 5);
  ASSERT_TRUE(ReplicaCatchesUp());
  StopPrimaryServer();
  ASSERT_TRUE(Eventually([&] { return FollowerState() == kStateConnecting; }));
  EXPECT_EQ(Scalar(*replica_, "SELECT COUNT(*) FROM d.t"), "5");
  StartPrimaryServer();  // on a new port: point a new follower at it
  StopFollower();
  StartFollower();
  InsertRows(0, 5, 5);
  ExpectConverged();
}

TEST_F(EndToEndTest, CorruptedBatchIsDetectedAndNothingApplied) {
  CreateTable();
  service_->TestOnlySetCorruptBatches(true);
  StartFollower();
  ASSERT_TRUE(Eventually([&] {
    return absl::StrContains(follower_->State().last_error(), "checksum mismatch");
  }));
  EXPECT_EQ(replica_->AppliedPosition(), 0u);
  service_->TestOnlySetCorruptBatches(false);
  ExpectConverged();
}

TEST_F(EndToEndTest, OtherClusterIdAppliesNothing) {
  ASSERT_TRUE(replica_->AdoptClusterId("0123456789abcdef0123456789abcdef").ok());
  CreateTable();
  StartFollower();
  ASSERT_TRUE(Eventually([&] { return FollowerState() == kStateError; }));
  EXPECT_TRUE(absl::StrContains(follower_->State().last_error(), "cluster id"));
  EXPECT_EQ(replica_->AppliedPosition(), 0u);
}

TEST_F(EndToEndTest, StalledStreamIsNoticedAndReconnected) {
  StartFollower();
  CreateTable();
  ASSERT_TRUE(ReplicaCatchesUp());
  const uint64_t streams = follower_->streams_started();
  service_->TestOnlySetStalled(true);
  ASSERT_TRUE(Eventually([&] {
    return absl::StrContains(follower_->State().last_error(), "stalled");
  }));
  service_->TestOnlySetStalled(false);
  InsertRows(0, 0, 3);
  ExpectConverged();
  EXPECT_GT(follower_->streams_started(), streams);
}

TEST_F(EndToEndTest, WrongPasswordIsRetriedNotApplied) {
  CreateTable();
  Follower::Config config = FollowerConfig();
  config.password = "wrong";
  follower_ = std::make_unique<Follower>(*replica_, config);
  ASSERT_TRUE(follower_->Start().ok());
  ASSERT_TRUE(Eventually([&] {
    return absl::StrContains(follower_->State().last_error(), "UNAUTHENTICATED");
  }));
  EXPECT_EQ(FollowerState(), kStateConnecting);
  EXPECT_EQ(replica_->AppliedPosition(), 0u);
}

TEST_F(EndToEndTest, PrimaryListsTheReplicaWithItsAcks) {
  StartFollower();
  CreateTable();
  ASSERT_TRUE(ReplicaCatchesUp());
  const uint64_t position = primary_->LatestPosition();
  ASSERT_TRUE(acks_.WaitForAcks(position, 1, absl::Now() + absl::Seconds(30)));
  std::vector<ordinal::v1::ReplicaInfo> replicas = acks_.Snapshot(position, 0);
  ASSERT_EQ(replicas.size(), 1u);
  EXPECT_EQ(replicas[0].ordinal(), 1u);
  EXPECT_TRUE(replicas[0].connected());
  EXPECT_EQ(replicas[0].acked_position(), position);
}

TEST_F(EndToEndTest, ReplicaStatusShowsLagZeroWhenCaughtUp) {
  StartFollower();
  CreateTable();
  ASSERT_TRUE(ReplicaCatchesUp());
  ASSERT_TRUE(Eventually([&] { return follower_->State().lag_positions() == 0; }));
  ordinal::v1::ReplicationState state = follower_->State();
  EXPECT_EQ(state.applied_position(), primary_->LatestPosition());
  EXPECT_EQ(state.lag_ms(), 0);
}

TEST_F(EndToEndTest, ShutdownEndsOpenStreamsPromptly) {
  StartFollower();
  CreateTable();
  ASSERT_TRUE(ReplicaCatchesUp());
  service_->Shutdown();
  ASSERT_TRUE(Eventually([&] { return service_->active_streams() == 0; }));
}

// A primary whose log start was purged: an empty replica cannot follow it.
class PurgedLogTest : public ReplicationFixture {
 protected:
  void SetUp() override {
    engine::DatabaseOptions options = Options("primary", engine::DatabaseRole::kPrimary);
    options.log_retention_seconds = 1;
    options.log_retention_bytes = 0;  // a size bound would be checked only every 600 s
    primary_ = OpenOrDie(options);
    CreateTable();
    const absl::Time give_up = absl::Now() + absl::Seconds(60);
    while (primary_->OldestRetainedPosition().value_or(0) == 0 && absl::Now() < give_up) {
      primary_ = nullptr;
      primary_ = OpenOrDie(options);  // recovery retires the old WAL; opening purges it
      absl::SleepFor(absl::Milliseconds(200));  // lets the archive age
    }
    ASSERT_GT(primary_->OldestRetainedPosition().value_or(0), 0u);
    OpenReplica();
    StartPrimaryServer();
  }
};

TEST_F(PurgedLogTest, ReplicaBehindTheRetainedLogStopsAndNeedsAClone) {
  StartFollower();
  ASSERT_TRUE(Eventually([&] { return FollowerState() == kStateNeedsClone; }));
  EXPECT_EQ(follower_->State().last_error().find("OUT_OF_RANGE"), 0u)
      << follower_->State().last_error();
  EXPECT_EQ(replica_->AppliedPosition(), 0u);
  EXPECT_TRUE(replica_->NewSession("").ok());  // still readable
}

}  // namespace
}  // namespace ordinal::replication
