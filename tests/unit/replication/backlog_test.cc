// The primary's in-memory backlog: filled by its tailer on commit, bounded by bytes.
#include "replication/backlog.h"

#include <thread>

#include "gtest/gtest.h"
#include "replication/batch_checksum.h"
#include "tests/unit/replication/replication_fixture.h"

namespace ordinal::replication {
namespace {

class BacklogTest : public ReplicationFixture {
 protected:
  void SetUp() override {
    OpenPrimary();
    CreateTable();
  }

  void StartBacklog(size_t capacity_bytes = 64 << 20) {
    Backlog::Config config;
    config.capacity_bytes = capacity_bytes;
    backlog_ = std::make_unique<Backlog>(*primary_, config);
    ASSERT_TRUE(backlog_->Start().ok());
  }

  static absl::Time Soon() { return absl::Now() + absl::Seconds(30); }
};

TEST_F(BacklogTest, CommitWakesAWaitingSubscriber) {
  StartBacklog();
  const uint64_t start = primary_->LatestPosition();
  Backlog::ReadResult read;
  std::thread subscriber([&] { read = backlog_->ReadAfter(start, 1 << 20, Soon()); });
  InsertRows(1, 0, 1);
  subscriber.join();
  ASSERT_EQ(read.outcome, Backlog::Outcome::kBatches);
  ASSERT_EQ(read.batches.size(), 1u);
  EXPECT_EQ(read.batches[0]->batch.first_sequence, start + 1);
  EXPECT_EQ(read.batches[0]->batch.last_sequence, primary_->LatestPosition());
}

TEST_F(BacklogTest, BatchesCarryChecksumAndCommitTime) {
  StartBacklog();
  const uint64_t start = primary_->LatestPosition();
  InsertRows(1, 0, 3);
  Backlog::ReadResult read = backlog_->ReadAfter(start, 1 << 20, Soon());
  ASSERT_EQ(read.outcome, Backlog::Outcome::kBatches);
  for (const ShippedBatchPtr& batch : read.batches) {
    EXPECT_EQ(batch->checksum, BatchChecksum(batch->batch.data));
    EXPECT_GT(batch->commit_time_micros, 0);
  }
}

TEST_F(BacklogTest, PositionBeforeTheBacklogStartIsTooOld) {
  StartBacklog();
  Backlog::ReadResult read = backlog_->ReadAfter(0, 1 << 20, Soon());
  EXPECT_EQ(read.outcome, Backlog::Outcome::kTooOld);
}

TEST_F(BacklogTest, OldBatchesFallOffWhenOverBudget) {
  StartBacklog(/*capacity_bytes=*/1);
  const uint64_t start = primary_->LatestPosition();
  InsertRows(1, 0, 3);
  ASSERT_TRUE(Eventually([&] { return backlog_->newest_position() == primary_->LatestPosition(); }));
  EXPECT_FALSE(backlog_->Covers(start));
  Backlog::ReadResult read =
      backlog_->ReadAfter(backlog_->base_position(), 1 << 20, Soon());
  ASSERT_EQ(read.outcome, Backlog::Outcome::kBatches);
  EXPECT_EQ(read.batches.size(), 1u);  // only the newest batch is kept
}

TEST_F(BacklogTest, ReadTimesOutWhenNothingCommits) {
  StartBacklog();
  Backlog::ReadResult read = backlog_->ReadAfter(primary_->LatestPosition(), 1 << 20,
                                                 absl::Now() + absl::Milliseconds(50));
  EXPECT_EQ(read.outcome, Backlog::Outcome::kTimedOut);
}

TEST_F(BacklogTest, StopReleasesWaitingSubscribers) {
  StartBacklog();
  Backlog::ReadResult read;
  std::thread subscriber(
      [&] { read = backlog_->ReadAfter(primary_->LatestPosition(), 1 << 20, Soon()); });
  backlog_->Stop();
  subscriber.join();
  EXPECT_EQ(read.outcome, Backlog::Outcome::kStopped);
}

}  // namespace
}  // namespace ordinal::replication
