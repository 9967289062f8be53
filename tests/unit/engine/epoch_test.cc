// Epochs in the Database (engine/history.h): a primary opens one, durably, every time it
// opens its store; the history replicates with the data; a replica's store promoted to
// primary (ordinal 0's recovery) continues after its applied position.
#include <filesystem>

#include "tests/unit/engine/replication_fixture.h"

namespace ordinal::engine {
namespace {

class EpochTest : public ReplicationTest {
 protected:
  History HistoryOf(Database& db) {
    absl::StatusOr<History> history = db.CurrentHistory();
    EXPECT_TRUE(history.ok()) << history.status();
    return history.ok() ? *history : History();
  }
};

TEST_F(EpochTest, BootstrapOpensEpochOne) {
  History history = HistoryOf(*primary_);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history.last().number, 1u);
  EXPECT_EQ(history.last().first_position, 1u);
  EXPECT_NE(history.last().id, 0u);
}

TEST_F(EpochTest, EveryRestartOpensTheNextEpochAfterTheNewestPosition) {
  CreateTable();
  InsertRows(0, 3);
  const uint64_t latest = primary_->LatestPosition();
  OpenPrimary();
  History history = HistoryOf(*primary_);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history.last().number, 2u);
  EXPECT_EQ(history.last().first_position, latest + 1);
  EXPECT_EQ(history.last().previous_end, latest);
  OpenPrimary();
  EXPECT_EQ(HistoryOf(*primary_).size(), 3u);
}

TEST_F(EpochTest, TheEpochRecordIsTheFirstBatchOfTheEpoch) {
  CreateTable();
  const uint64_t latest = primary_->LatestPosition();
  OpenPrimary();
  std::vector<LogBatch> log = ReadLog(latest);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front().first_sequence, latest + 1);
  EXPECT_EQ(primary_->LatestPosition(), log.back().last_sequence);
}

TEST_F(EpochTest, ReplicaStoresThePrimarysHistoryWithWhatItApplied) {
  CreateTable();
  Ship();
  EXPECT_EQ(HistoryOf(*replica_), HistoryOf(*primary_));
  OpenPrimary();
  InsertRows(0, 2);
  Ship();
  EXPECT_EQ(HistoryOf(*replica_), HistoryOf(*primary_));
  EXPECT_EQ(HistoryOf(*replica_).size(), 2u);
}

TEST_F(EpochTest, PromotedReplicaStoreContinuesAfterItsAppliedPosition) {
  CreateTable();
  InsertRows(0, 5);
  Ship();
  const uint64_t applied = replica_->AppliedPosition();
  const History before = HistoryOf(*replica_);
  // What ordinal 0's recovery does: open the replica's store as the primary.
  replica_.reset();
  std::unique_ptr<Database> promoted = OpenOrDie(Options("replica", DatabaseRole::kPrimary));
  ASSERT_NE(promoted, nullptr);
  History history = HistoryOf(*promoted);
  ASSERT_EQ(history.size(), before.size() + 1);
  EXPECT_EQ(history.last().previous_end, applied);
  EXPECT_GT(history.last().first_position, applied + 1);
  EXPECT_TRUE(CheckOnHistory(before, applied, history, promoted->LatestPosition()).on_history);
  EXPECT_EQ(history.ResumePosition(applied), history.last().first_position - 1);
  // The replica-era log is not in the primary's numbering: never served.
  absl::StatusOr<uint64_t> oldest = promoted->OldestRetainedPosition();
  ASSERT_TRUE(oldest.ok());
  EXPECT_GE(*oldest, history.last().first_position - 1);
  EXPECT_TRUE(absl::IsOutOfRange(promoted->OpenLog(applied - 1).status()));
  // A second restart is an ordinary one.
  promoted.reset();
  promoted = OpenOrDie(Options("replica", DatabaseRole::kPrimary));
  History again = HistoryOf(*promoted);
  EXPECT_EQ(again.last().previous_end + 1, again.last().first_position);
  EXPECT_EQ(Checksum(*promoted, "d.t"), Checksum(*primary_, "d.t"));
}

TEST_F(EpochTest, ReplicaCrossesTheRecoveryGapAndFollowsThePromotedStore) {
  CreateTable();
  InsertRows(0, 3);
  Ship();
  // Ordinal 0 recovers from a copy of this replica: another replica at the same position
  // crosses the gap, then applies the new epoch's log.
  replica_.reset();
  std::filesystem::copy(dir_.Sub("replica"), dir_.Sub("promoted"),
                        std::filesystem::copy_options::recursive);
  OpenReplica();
  const uint64_t applied = replica_->AppliedPosition();
  primary_ = OpenOrDie(Options("promoted", DatabaseRole::kPrimary));
  ASSERT_NE(primary_, nullptr);
  InsertRows(10, 12);
  const uint64_t resume = HistoryOf(*primary_).ResumePosition(applied);
  ASSERT_GT(resume, applied);
  ASSERT_TRUE(replica_->CrossEpochGap(applied, resume).ok());
  EXPECT_FALSE(replica_->CrossEpochGap(applied, resume).ok());
  Ship();
  EXPECT_EQ(replica_->AppliedPosition(), primary_->LatestPosition());
  EXPECT_EQ(Checksum(*replica_, "d.t"), Checksum(*primary_, "d.t"));
  EXPECT_EQ(HistoryOf(*replica_), HistoryOf(*primary_));
}


// A log whose last batch fills the memtable: replaying it at open flushes the memtable and
// leaves a fresh, empty one that begins after the newest sequence, so an optimistic
// transaction cannot check the epoch write for conflicts (RocksDB answers TryAgain,
// ABORTED 1213 here). Opening as the primary must still work, the first time.
TEST_F(EpochTest, OpensAfterReplayingABatchLargerThanTheMemtable) {
  CreateTable();
  Run(*primary_, "CREATE TABLE d.big (id INT PRIMARY KEY, v LONGTEXT)");
  absl::StatusOr<std::unique_ptr<Session>> session = primary_->NewSession("");
  ASSERT_TRUE(session.ok()) << session.status();
  ASSERT_TRUE((*session)->Execute("BEGIN").ok());
  for (int i = 0; i < 72; ++i) {  // 72 MiB in one batch, more than a 64 MiB memtable
    absl::StatusOr<ResultSet> insert = (*session)->Execute(
        "INSERT INTO d.big VALUES (" + std::to_string(i) + ", REPEAT('x', 1048576))");
    ASSERT_TRUE(insert.ok()) << insert.status();
  }
  ASSERT_TRUE((*session)->Execute("COMMIT").ok());
  session->reset();
  const uint64_t latest = primary_->LatestPosition();
  primary_.reset();  // the batch stays in the log only: closing does not flush
  absl::StatusOr<std::unique_ptr<Database>> reopened =
      Database::Open(Options("primary", DatabaseRole::kPrimary));
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  primary_ = std::move(*reopened);
  History history = HistoryOf(*primary_);
  EXPECT_EQ(history.size(), 2u);
  EXPECT_GE(history.last().first_position, latest + 1);
  EXPECT_EQ(history.last().previous_end + 1, history.last().first_position);
  EXPECT_EQ(Query(*primary_, "SELECT COUNT(*), SUM(LENGTH(v)) FROM d.big"),
            (std::vector<std::vector<std::string>>{{"72", "75497472"}}));
  OpenPrimary();  // and again, an ordinary restart
  EXPECT_EQ(HistoryOf(*primary_).size(), 3u);
}

}  // namespace
}  // namespace ordinal::engine
