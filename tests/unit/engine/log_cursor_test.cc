// The log as a reader sees it, at the storage seam: order, contiguity, catching up,
// roll-over of the WAL, retention and purge.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/kv/store.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/scoped_temp_dir.h"

namespace ordinal::engine::kv {
namespace {

class LogCursorTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open(uint64_t retention_seconds = 3600) {
    store_.reset();
    StoreOptions options;
    options.data_dir = dir_.Sub("db");
    options.block_cache_bytes = 8 << 20;
    options.sync_commit = false;
    options.log_retention_seconds = retention_seconds;
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Commits `keys` puts in one transaction; returns the commit position.
  uint64_t Commit(int keys = 1) {
    std::unique_ptr<Transaction> txn = store_->BeginTransaction();
    for (int i = 0; i < keys; ++i) {
      EXPECT_TRUE(txn->Put("k" + std::to_string(next_key_++), "v").ok());
    }
    absl::StatusOr<uint64_t> position = txn->Commit();
    EXPECT_TRUE(position.ok()) << position.status();
    return position.value_or(0);
  }

  static std::vector<LogBatch> Drain(LogCursor& cursor) {
    std::vector<LogBatch> batches;
    while (true) {
      absl::StatusOr<std::optional<LogBatch>> batch = cursor.Next();
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok() || !batch->has_value()) return batches;
      batches.push_back(std::move(**batch));
    }
  }

  std::vector<LogBatch> ReadAll(uint64_t after) { return Drain(*store_->OpenLog(after)); }

  static void ExpectContiguous(const std::vector<LogBatch>& batches, uint64_t after) {
    uint64_t expected = after + 1;
    for (const LogBatch& batch : batches) {
      EXPECT_EQ(batch.first_sequence, expected);
      EXPECT_GE(batch.last_sequence, batch.first_sequence);
      expected = batch.last_sequence + 1;
    }
  }

  ordinal::testing::ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
  int next_key_ = 0;
};

TEST_F(LogCursorTest, ReadsEveryBatchInOrderFromTheStart) {
  Commit(1);
  Commit(3);
  const uint64_t last = Commit(2);
  std::vector<LogBatch> batches = ReadAll(0);
  ASSERT_EQ(batches.size(), 3u);
  ExpectContiguous(batches, 0);
  EXPECT_EQ(batches[1].last_sequence - batches[1].first_sequence + 1, 3u);
  EXPECT_EQ(batches.back().last_sequence, last);
}

TEST_F(LogCursorTest, StartsRightAfterTheGivenPosition) {
  Commit();
  const uint64_t middle = Commit(2);
  Commit();
  std::vector<LogBatch> batches = ReadAll(middle);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].first_sequence, middle + 1);
}

TEST_F(LogCursorTest, PositionPastTheLatestIsNothingYet) {
  const uint64_t last = Commit();
  std::unique_ptr<LogCursor> cursor = store_->OpenLog(last + 100);
  absl::StatusOr<std::optional<LogBatch>> batch = cursor->Next();
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_FALSE(batch->has_value());
}

TEST_F(LogCursorTest, CaughtUpCursorSeesLaterCommits) {
  Commit();
  std::unique_ptr<LogCursor> cursor = store_->OpenLog(0);
  ASSERT_EQ(Drain(*cursor).size(), 1u);
  const uint64_t later = Commit(2);
  std::vector<LogBatch> batches = Drain(*cursor);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].last_sequence, later);
  EXPECT_EQ(cursor->position(), later);
}

TEST_F(LogCursorTest, CursorFollowsTheLogAcrossAFlush) {
  const uint64_t first = Commit();
  std::unique_ptr<LogCursor> cursor = store_->OpenLog(0);
  ASSERT_EQ(Drain(*cursor).size(), 1u);
  ASSERT_TRUE(store_->Flush().ok());  // the WAL rolls over to a new file
  const uint64_t second = Commit();
  std::vector<LogBatch> batches = Drain(*cursor);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].first_sequence, first + 1);
  EXPECT_EQ(batches[0].last_sequence, second);
}

TEST_F(LogCursorTest, ArchivedLogIsReadAfterFlushAndReopen) {
  Commit();
  ASSERT_TRUE(store_->Flush().ok());
  Commit(2);
  Open();
  const uint64_t last = Commit();
  std::vector<LogBatch> batches = ReadAll(0);
  ASSERT_EQ(batches.size(), 3u);
  ExpectContiguous(batches, 0);
  EXPECT_EQ(batches.back().last_sequence, last);
}

TEST_F(LogCursorTest, BatchBytesCarryTheirSequenceAndCount) {
  const uint64_t last = Commit(2);
  std::vector<LogBatch> batches = ReadAll(0);
  ASSERT_EQ(batches.size(), 1u);
  ASSERT_GE(batches[0].data.size(), 12u);
  EXPECT_EQ(static_cast<uint8_t>(batches[0].data[0]), batches[0].first_sequence);
  EXPECT_EQ(static_cast<uint8_t>(batches[0].data[8]), 2);
  EXPECT_EQ(batches[0].last_sequence, last);
}

TEST_F(LogCursorTest, OldestRetainedPositionOfAFreshLogIsZero) {
  absl::StatusOr<uint64_t> oldest = store_->OldestRetainedPosition();
  ASSERT_TRUE(oldest.ok()) << oldest.status();
  EXPECT_EQ(*oldest, 0u);
}

// With a one-second retention, archived WAL files are purged once older than that. The
// purge runs after flushes; the loop flushes until it has happened (bounded).
TEST_F(LogCursorTest, PurgedPositionIsOutOfRange) {
  Open(/*retention_seconds=*/1);
  Commit();
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  uint64_t oldest = 0;
  while (oldest == 0 && absl::Now() < give_up) {
    Commit();
    ASSERT_TRUE(store_->Flush().ok());
    absl::StatusOr<uint64_t> retained = store_->OldestRetainedPosition();
    ASSERT_TRUE(retained.ok()) << retained.status();
    oldest = *retained;
    if (oldest == 0) absl::SleepFor(absl::Milliseconds(200));  // let the archive age
  }
  ASSERT_GT(oldest, 0u) << "the archived log was never purged";

  absl::StatusOr<std::optional<LogBatch>> batch = store_->OpenLog(0)->Next();
  ASSERT_EQ(batch.status().code(), absl::StatusCode::kOutOfRange) << batch.status();
  EXPECT_TRUE(absl::StrContains(batch.status().message(), "purged"));
  EXPECT_TRUE(absl::StrContains(batch.status().message(), "oldest retained position"));

  // The oldest retained position itself is still a valid start.
  std::unique_ptr<LogCursor> cursor = store_->OpenLog(oldest);
  absl::StatusOr<std::optional<LogBatch>> first = cursor->Next();
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->first_sequence, oldest + 1);
}

// Once every file holding the log is purged, nothing yields the batches after an old
// position: the cursor must still say so rather than report "caught up".
TEST_F(LogCursorTest, FullyPurgedLogIsOutOfRange) {
  Open(/*retention_seconds=*/1);
  Commit();
  const uint64_t last = Commit();
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  uint64_t oldest = 0;
  while (oldest < last && absl::Now() < give_up) {
    Open(/*retention_seconds=*/1);  // recovery retires the old WAL; opening purges aged files
    absl::StatusOr<uint64_t> retained = store_->OldestRetainedPosition();
    ASSERT_TRUE(retained.ok()) << retained.status();
    oldest = *retained;
    if (oldest < last) absl::SleepFor(absl::Milliseconds(200));  // let the archive age
  }
  ASSERT_EQ(oldest, last) << "the archived log was never purged";

  absl::StatusOr<std::optional<LogBatch>> batch = store_->OpenLog(0)->Next();
  EXPECT_EQ(batch.status().code(), absl::StatusCode::kOutOfRange) << batch.status();
  absl::StatusOr<std::optional<LogBatch>> nothing = store_->OpenLog(last)->Next();
  ASSERT_TRUE(nothing.ok()) << nothing.status();
  EXPECT_FALSE(nothing->has_value());
}

}  // namespace
}  // namespace ordinal::engine::kv
