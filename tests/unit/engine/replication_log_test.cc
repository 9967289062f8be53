// The Database facade's primary side of replication (OpenLog, commit notification,
// cluster id) and the position waits used by reads with min_position.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/sql_error.h"
#include "common/status_reason.h"
#include "tests/unit/engine/replication_fixture.h"

namespace ordinal::engine {
namespace {

using ReplicationLogTest = ReplicationTest;

// Far enough that a correct wait never reaches it; tests assert no timing.
absl::Time Eventually() { return absl::Now() + absl::Minutes(5); }

TEST_F(ReplicationLogTest, LogOfAFreshPrimaryIsEveryCommitInOrder) {
  CreateTable();
  InsertRows(0, 3);
  std::vector<LogBatch> batches = ReadLog(0);
  ASSERT_EQ(batches.size(), 6u);  // cluster id, CREATE DATABASE, CREATE TABLE, 3 inserts
  uint64_t expected = 1;
  for (const LogBatch& batch : batches) {
    EXPECT_EQ(batch.first_sequence, expected);
    expected = batch.last_sequence + 1;
  }
  EXPECT_EQ(batches.back().last_sequence, primary_->LatestPosition());
}

TEST_F(ReplicationLogTest, CommitPositionIsTheBatchsLastSequence) {
  CreateTable();
  ResultSet insert = Run(*primary_, "INSERT INTO d.t VALUES (1, 'a')");
  std::vector<LogBatch> batches = ReadLog(insert.commit_position - 1);
  ASSERT_FALSE(batches.empty());
  EXPECT_EQ(batches.back().last_sequence, insert.commit_position);
}

TEST_F(ReplicationLogTest, CursorSeesCommitsMadeAfterItCaughtUp) {
  CreateTable();
  absl::StatusOr<std::unique_ptr<LogCursor>> cursor = primary_->OpenLog(0);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  Drain(**cursor);
  InsertRows(0, 2);
  std::vector<LogBatch> later = Drain(**cursor);
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later.back().last_sequence, primary_->LatestPosition());
}

// Concurrent commits may share one WAL record (RocksDB's group commit); the log stays
// contiguous and carries every commit exactly once, also while being read.
TEST_F(ReplicationLogTest, ConcurrentCommitsAreReadContiguously) {
  CreateTable();
  absl::StatusOr<std::unique_ptr<LogCursor>> cursor = primary_->OpenLog(0);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  std::vector<LogBatch> batches = Drain(**cursor);
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([this, w] { InsertRows(w * 100, w * 100 + 40); });
  }
  for (int round = 0; round < 20; ++round) {
    for (LogBatch& batch : Drain(**cursor)) batches.push_back(std::move(batch));
  }
  for (std::thread& writer : writers) writer.join();
  for (LogBatch& batch : Drain(**cursor)) batches.push_back(std::move(batch));

  uint64_t expected = 1;
  for (const LogBatch& batch : batches) {
    ASSERT_EQ(batch.first_sequence, expected);
    expected = batch.last_sequence + 1;
  }
  EXPECT_EQ(batches.back().last_sequence, primary_->LatestPosition());
  ASSERT_TRUE(replica_->AdoptClusterId(primary_->ClusterId()).ok());
  ASSERT_TRUE(replica_->ApplyBatches(batches).ok());
  EXPECT_EQ(Checksum(*replica_, "d.t"), Checksum(*primary_, "d.t"));
  EXPECT_EQ(Query(*replica_, "SELECT COUNT(*) FROM d.t"),
            (std::vector<std::vector<std::string>>{{"160"}}));
}

TEST_F(ReplicationLogTest, LogIsReadAcrossReopen) {
  CreateTable();
  OpenPrimary();
  InsertRows(0, 2);
  std::vector<LogBatch> batches = ReadLog(0);
  // bootstrap (cluster id, epoch 1), two DDL, epoch 2 of the reopen, two inserts
  ASSERT_EQ(batches.size(), 6u);
  EXPECT_EQ(batches.back().last_sequence, primary_->LatestPosition());
}

TEST_F(ReplicationLogTest, OldestRetainedPositionOfAFreshPrimaryIsZero) {
  absl::StatusOr<uint64_t> oldest = primary_->OldestRetainedPosition();
  ASSERT_TRUE(oldest.ok()) << oldest.status();
  EXPECT_EQ(*oldest, 0u);
}

TEST_F(ReplicationLogTest, PurgedPositionIsRefusedAtOpenLog) {
  DatabaseOptions options = Options("short", DatabaseRole::kPrimary);
  options.log_retention_seconds = 1;
  options.log_retention_bytes = 0;  // a size bound would check only every 600 s
  primary_ = OpenOrDie(options);
  CreateTable();
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  uint64_t oldest = 0;
  while (oldest == 0 && absl::Now() < give_up) {
    primary_ = nullptr;
    primary_ = OpenOrDie(options);  // recovery retires the old WAL; opening purges aged files
    absl::StatusOr<uint64_t> retained = primary_->OldestRetainedPosition();
    ASSERT_TRUE(retained.ok()) << retained.status();
    oldest = *retained;
    if (oldest == 0) absl::SleepFor(absl::Milliseconds(200));  // let the archive age
  }
  ASSERT_GT(oldest, 0u) << "the archived log was never purged";
  absl::StatusOr<std::unique_ptr<LogCursor>> cursor = primary_->OpenLog(0);
  EXPECT_EQ(cursor.status().code(), absl::StatusCode::kOutOfRange) << cursor.status();
  EXPECT_TRUE(absl::StrContains(cursor.status().message(), "purged"));
  EXPECT_TRUE(primary_->OpenLog(oldest).ok());
}

TEST_F(ReplicationLogTest, WaitForCommitAfterWakesOnCommit) {
  CreateTable();
  const uint64_t position = primary_->LatestPosition();
  bool woke = false;
  std::thread waiter([&] { woke = primary_->WaitForCommitAfter(position, Eventually()); });
  InsertRows(0, 1);
  waiter.join();
  EXPECT_TRUE(woke);
}

TEST_F(ReplicationLogTest, WaitForCommitAfterTimesOutWithoutCommits) {
  const uint64_t position = primary_->LatestPosition();
  EXPECT_FALSE(primary_->WaitForCommitAfter(position, absl::Now() + absl::Milliseconds(10)));
  EXPECT_TRUE(primary_->WaitForCommitAfter(position - 1, absl::Now()));
}

TEST_F(ReplicationLogTest, WaitForPositionTimesOutWithUnavailable) {
  absl::Status status = replica_->WaitForPosition(5, absl::Now() + absl::Milliseconds(10));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kLockWaitTimeout);
}

TEST_F(ReplicationLogTest, WaitForPositionReturnsWhenTheBatchIsApplied) {
  CreateTable();
  InsertRows(0, 1);
  const uint64_t target = primary_->LatestPosition();
  absl::Status waited;
  std::thread reader([&] { waited = replica_->WaitForPosition(target, Eventually()); });
  Ship();
  reader.join();
  EXPECT_TRUE(waited.ok()) << waited;
  EXPECT_EQ(Query(*replica_, "SELECT COUNT(*) FROM d.t"),
            (std::vector<std::vector<std::string>>{{"1"}}));
}

TEST_F(ReplicationLogTest, WaitForPositionEndsWhenItsStopFlagIsSetAndWoken) {
  std::atomic<bool> stop{false};
  absl::Status waited;
  std::thread reader([&] { waited = replica_->WaitForPosition(5, Eventually(), &stop); });
  stop = true;
  replica_->WakePositionWaiters();
  reader.join();
  EXPECT_EQ(waited.code(), absl::StatusCode::kCancelled) << waited;
  EXPECT_EQ(GetMysqlErrno(waited), MysqlErrno::kQueryInterrupted);
}

TEST_F(ReplicationLogTest, StopWaitsEndsEveryWaitNowAndLater) {
  absl::Status waited;
  std::thread reader([&] { waited = replica_->WaitForPosition(5, absl::InfiniteFuture()); });
  replica_->StopWaits();
  reader.join();
  EXPECT_EQ(waited.code(), absl::StatusCode::kUnavailable) << waited;
  EXPECT_EQ(GetMysqlErrno(waited), MysqlErrno::kServerShutdown);
  EXPECT_EQ(GetStatusReason(waited), StatusReason::kShuttingDown);
  EXPECT_EQ(GetMysqlErrno(replica_->WaitForPosition(5, absl::InfiniteFuture())),
            MysqlErrno::kServerShutdown);
}

TEST_F(ReplicationLogTest, WaitForPositionZeroReturnsAtOnce) {
  EXPECT_TRUE(replica_->WaitForPosition(0, absl::Now()).ok());
}

TEST_F(ReplicationLogTest, PrimaryCreatesAClusterIdOnce) {
  const std::string id = primary_->ClusterId();
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  OpenPrimary();
  EXPECT_EQ(primary_->ClusterId(), id);
}

TEST_F(ReplicationLogTest, EmptyReplicaHasNoClusterId) {
  EXPECT_EQ(replica_->ClusterId(), "");
  EXPECT_EQ(replica_->AppliedPosition(), 0u);
  EXPECT_EQ(replica_->LatestPosition(), 0u);
}

TEST_F(ReplicationLogTest, ReplicaWithoutClusterIdAppliesNothing) {
  CreateTable();
  absl::Status status = replica_->ApplyBatches(ReadLog(0));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_EQ(replica_->AppliedPosition(), 0u);
}

TEST_F(ReplicationLogTest, AnotherHistorysClusterIdIsRefused) {
  ASSERT_TRUE(replica_->AdoptClusterId("0123456789abcdef0123456789abcdef").ok());
  absl::Status status = replica_->AdoptClusterId(primary_->ClusterId());
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), primary_->ClusterId())) << status;
  OpenReplica();
  EXPECT_EQ(replica_->ClusterId(), "0123456789abcdef0123456789abcdef");
}

TEST_F(ReplicationLogTest, AdoptingTheSameClusterIdAgainIsFine) {
  ASSERT_TRUE(replica_->AdoptClusterId(primary_->ClusterId()).ok());
  EXPECT_TRUE(replica_->AdoptClusterId(primary_->ClusterId()).ok());
}

}  // namespace
}  // namespace ordinal::engine
