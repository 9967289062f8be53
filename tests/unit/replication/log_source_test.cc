// A subscriber's log source: the log file while behind the backlog, then the backlog; a
// purged position is OUT_OF_RANGE.
#include "replication/log_source.h"

#include "gtest/gtest.h"
#include "tests/unit/replication/replication_fixture.h"

namespace ordinal::replication {
namespace {

class LogSourceTest : public ReplicationFixture {
 protected:
  void StartBacklog() {
    backlog_ = std::make_unique<Backlog>(*primary_, Backlog::Config{});
    ASSERT_TRUE(backlog_->Start().ok());
  }

  // Everything `source` yields until it reaches `position`.
  static std::vector<ShippedBatchPtr> ReadUpTo(LogSource& source, uint64_t position) {
    std::vector<ShippedBatchPtr> all;
    while (source.position() < position) {
      absl::StatusOr<std::vector<ShippedBatchPtr>> next =
          source.Next(absl::Now() + absl::Seconds(30));
      EXPECT_TRUE(next.ok()) << next.status();
      if (!next.ok() || next->empty()) break;
      all.insert(all.end(), next->begin(), next->end());
    }
    return all;
  }
};

TEST_F(LogSourceTest, OldPositionIsReadFromTheLogFile) {
  OpenPrimary();
  CreateTable();
  InsertRows(1, 0, 5);
  StartBacklog();  // starts after every batch so far
  LogSource source(*primary_, *backlog_, 0, LogSource::Config{});
  ASSERT_TRUE(source.CheckRetained().ok());
  std::vector<ShippedBatchPtr> batches = ReadUpTo(source, primary_->LatestPosition());
  ASSERT_FALSE(batches.empty());
  EXPECT_EQ(batches.front()->batch.first_sequence, 1u);
  EXPECT_EQ(batches.back()->batch.last_sequence, primary_->LatestPosition());
  EXPECT_EQ(batches.front()->commit_time_micros, 0);  // unknown when read back from the file
}

TEST_F(LogSourceTest, CaughtUpSourceSwitchesToTheBacklog) {
  OpenPrimary();
  CreateTable();
  StartBacklog();
  LogSource source(*primary_, *backlog_, 0, LogSource::Config{});
  ReadUpTo(source, primary_->LatestPosition());
  InsertRows(1, 0, 1);
  std::vector<ShippedBatchPtr> batches = ReadUpTo(source, primary_->LatestPosition());
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_FALSE(source.reading_log_file());
  EXPECT_GT(batches[0]->commit_time_micros, 0);
}

TEST_F(LogSourceTest, SmallMessageBudgetSplitsGroups) {
  OpenPrimary();
  CreateTable();
  InsertRows(1, 0, 5);
  StartBacklog();
  LogSource source(*primary_, *backlog_, 0, LogSource::Config{.max_message_bytes = 1});
  absl::StatusOr<std::vector<ShippedBatchPtr>> next = source.Next(absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->size(), 1u);
}

TEST_F(LogSourceTest, PurgedPositionIsOutOfRange) {
  engine::DatabaseOptions options = Options("short", engine::DatabaseRole::kPrimary);
  options.log_retention_seconds = 1;
  options.log_retention_bytes = 0;  // a size bound would be checked only every 600 s
  primary_ = OpenOrDie(options);
  CreateTable();
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  uint64_t oldest = 0;
  while (oldest == 0 && absl::Now() < give_up) {
    primary_ = nullptr;
    primary_ = OpenOrDie(options);  // recovery retires the old WAL; opening purges aged files
    oldest = primary_->OldestRetainedPosition().value_or(0);
    if (oldest == 0) absl::SleepFor(absl::Milliseconds(200));  // lets the archive age
  }
  ASSERT_GT(oldest, 0u) << "the archived log was never purged";
  StartBacklog();
  LogSource source(*primary_, *backlog_, 0, LogSource::Config{});
  EXPECT_EQ(source.CheckRetained().code(), absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace ordinal::replication
