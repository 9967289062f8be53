// A replica Database applying a primary's log: same content, exactly once, atomically with
// its applied position, and never from bad bytes or another history.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "tests/unit/engine/replication_fixture.h"

namespace ordinal::engine {
namespace {

using ReplicaApplyTest = ReplicationTest;

std::string RowCount(Database& db) {
  absl::StatusOr<std::unique_ptr<Session>> session = db.NewSession("");
  absl::StatusOr<ResultSet> result = (*session)->Execute("SELECT COUNT(*) FROM d.t");
  if (!result.ok()) return result.status().ToString();
  return result->rows.at(0).at(0).ToString();
}

TEST_F(ReplicaApplyTest, ReplicaMatchesThePrimary) {
  CreateTable();
  InsertRows(0, 20);
  Run(*primary_, "UPDATE d.t SET v = 'changed' WHERE id < 5");
  Run(*primary_, "DELETE FROM d.t WHERE id >= 15");
  Ship();
  EXPECT_EQ(Checksum(*replica_, "d.t"), Checksum(*primary_, "d.t"));
  EXPECT_EQ(replica_->LatestPosition(), primary_->LatestPosition());
  EXPECT_EQ(replica_->AppliedPosition(), primary_->LatestPosition());
}

TEST_F(ReplicaApplyTest, BatchesAppliedOneAtATimeGiveTheSameContent) {
  CreateTable();
  InsertRows(0, 5);
  ASSERT_TRUE(replica_->AdoptClusterId(primary_->ClusterId()).ok());
  for (const LogBatch& batch : ReadLog(0)) {
    ASSERT_TRUE(replica_->ApplyBatches({batch}).ok());
    EXPECT_EQ(replica_->AppliedPosition(), batch.last_sequence);
  }
  EXPECT_EQ(Checksum(*replica_, "d.t"), Checksum(*primary_, "d.t"));
}

// Reads on a replica share a snapshot while nothing is applied (kv::Store::BeginRead); each
// still sees every batch applied before it.
TEST_F(ReplicaApplyTest, SelectOnTheReplicaSeesEveryBatchAppliedBeforeIt) {
  CreateTable();
  Ship();
  EXPECT_EQ(RowCount(*replica_), "0");
  for (int i = 0; i < 3; ++i) {
    InsertRows(i, i + 1);
    Ship();
    EXPECT_EQ(RowCount(*replica_), std::to_string(i + 1));
  }
}

TEST_F(ReplicaApplyTest, SameBatchesTwiceAreRejected) {
  CreateTable();
  InsertRows(0, 3);
  Ship();
  const uint64_t applied = replica_->AppliedPosition();
  absl::Status again = replica_->ApplyBatches(ReadLog(0));
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition) << again;
  EXPECT_EQ(replica_->AppliedPosition(), applied);
  EXPECT_EQ(RowCount(*replica_), "3");
}

TEST_F(ReplicaApplyTest, GapIsRejected) {
  CreateTable();
  InsertRows(0, 3);
  ASSERT_TRUE(replica_->AdoptClusterId(primary_->ClusterId()).ok());
  std::vector<LogBatch> batches = ReadLog(0);
  batches.erase(batches.begin() + 1);
  EXPECT_EQ(replica_->ApplyBatches(batches).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(replica_->AppliedPosition(), 0u);
}

class MalformedBatchTest : public ReplicationTest {
 protected:
  // Applies the primary's log with its last batch replaced by `mangle(last batch)`; the
  // apply must fail with DATA_LOSS and change nothing.
  template <typename Mangle>
  void ExpectRejected(Mangle mangle) {
    CreateTable();
    InsertRows(0, 3);
    ASSERT_TRUE(replica_->AdoptClusterId(primary_->ClusterId()).ok());
    std::vector<LogBatch> batches = ReadLog(0);
    mangle(batches.back());
    absl::Status status = replica_->ApplyBatches(batches);
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
    EXPECT_EQ(replica_->AppliedPosition(), 0u);
    EXPECT_TRUE(Query(*replica_, "SHOW DATABASES").empty());
  }
};

TEST_F(MalformedBatchTest, TruncatedBatch) {
  ExpectRejected([](LogBatch& batch) { batch.data.resize(batch.data.size() - 3); });
}

TEST_F(MalformedBatchTest, TruncatedHeader) {
  ExpectRejected([](LogBatch& batch) { batch.data.resize(7); });
}

TEST_F(MalformedBatchTest, WrongCountInHeader) {
  ExpectRejected([](LogBatch& batch) { batch.data[8] = static_cast<char>(batch.data[8] + 1); });
}

TEST_F(MalformedBatchTest, SequencesDisagreeWithTheRecords) {
  ExpectRejected([](LogBatch& batch) { batch.last_sequence += 1; });
}

TEST_F(MalformedBatchTest, HeaderSequenceDisagreesWithTheBatch) {
  ExpectRejected([](LogBatch& batch) { batch.data[0] = static_cast<char>(batch.data[0] + 1); });
}

TEST_F(MalformedBatchTest, RandomBytes) {
  ExpectRejected([](LogBatch& batch) {
    for (size_t i = 12; i < batch.data.size(); ++i) batch.data[i] = static_cast<char>(i * 37 + 11);
  });
}

TEST_F(ReplicaApplyTest, AppliedPositionSurvivesReopen) {
  CreateTable();
  InsertRows(0, 4);
  Ship();
  const uint64_t applied = replica_->AppliedPosition();
  OpenReplica();
  EXPECT_EQ(replica_->AppliedPosition(), applied);
  EXPECT_EQ(replica_->LatestPosition(), applied);
  EXPECT_EQ(replica_->ClusterId(), primary_->ClusterId());
  InsertRows(4, 6);
  Ship();  // resumes right after the stored position
  EXPECT_EQ(RowCount(*replica_), "6");
}

TEST_F(ReplicaApplyTest, ReplicaRefusesWritesAndNamesThePrimary) {
  CreateTable();
  Ship();
  for (const std::string sql :
       {"INSERT INTO d.t VALUES (1, 'a')", "CREATE TABLE d.u (id INT PRIMARY KEY)",
        "CREATE DATABASE e", "DELETE FROM d.t", "UPDATE d.t SET v = 'x'", "DROP TABLE d.t"}) {
    absl::Status status = Try(*replica_, sql);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << sql;
    EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kReadOnly) << sql;
    EXPECT_TRUE(absl::StrContains(status.message(), kPrimaryAddress)) << status;
  }
  EXPECT_EQ(RowCount(*replica_), "0");
  EXPECT_EQ(Query(*replica_, "SHOW TABLES FROM d").size(), 1u);
}

TEST_F(ReplicaApplyTest, WriteInsideATransactionOnAReplicaIsRefused) {
  CreateTable();
  Ship();
  std::unique_ptr<Session> session = *replica_->NewSession("d");
  ASSERT_TRUE(session->Execute("BEGIN").ok());
  absl::StatusOr<ResultSet> insert = session->Execute("INSERT INTO t VALUES (1, 'a')");
  EXPECT_EQ(GetMysqlErrno(insert.status()), MysqlErrno::kReadOnly);
  EXPECT_TRUE(session->Execute("SELECT * FROM t").ok());
  EXPECT_TRUE(session->Execute("COMMIT").ok());
}

TEST_F(ReplicaApplyTest, DdlAppliedOnAReplicaIsVisible) {
  CreateTable();
  InsertRows(0, 2);
  Ship();
  EXPECT_EQ(Query(*replica_, "SELECT v FROM d.t WHERE id = 1"),
            (std::vector<std::vector<std::string>>{{"v1"}}));
  Run(*primary_, "CREATE TABLE d.u (id INT PRIMARY KEY)");
  Run(*primary_, "DROP TABLE d.t");
  Ship();
  EXPECT_EQ(Query(*replica_, "SHOW TABLES FROM d"), (std::vector<std::vector<std::string>>{{"u"}}));
  EXPECT_EQ(GetMysqlErrno(Try(*replica_, "SELECT * FROM d.t")), MysqlErrno::kNoSuchTable);
}

TEST_F(ReplicaApplyTest, DatabaseDefaultCollationReplicates) {
  Run(*primary_, "CREATE DATABASE c DEFAULT CHARACTER SET latin1");
  Run(*primary_, "ALTER DATABASE c COLLATE latin1_bin");
  Run(*primary_, "CREATE TABLE c.t (id INT PRIMARY KEY, v VARCHAR(5))");
  Ship();
  EXPECT_EQ(Query(*replica_, "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
                             "WHERE SCHEMA_NAME = 'c'"),
            (std::vector<std::vector<std::string>>{{"latin1_bin"}}));
  EXPECT_EQ(Query(*replica_, "SELECT COLLATION_NAME FROM information_schema.COLUMNS "
                             "WHERE TABLE_SCHEMA = 'c' AND COLUMN_NAME = 'v'"),
            (std::vector<std::vector<std::string>>{{"latin1_bin"}}));
}

TEST_F(ReplicaApplyTest, ApplyOnThePrimaryIsRefused) {
  CreateTable();
  EXPECT_EQ(primary_->ApplyBatches(ReadLog(0)).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ReplicaApplyTest, PrimaryLogIsNotServedByAReplica) {
  EXPECT_EQ(replica_->OpenLog(0).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ReplicaApplyTest, InitialPositionIsWhereTheReplicaStarts) {
  CreateTable();
  const uint64_t start = primary_->LatestPosition();
  InsertRows(0, 2);
  ASSERT_TRUE(replica_->AdoptClusterId(primary_->ClusterId()).ok());
  ASSERT_TRUE(replica_->SetInitialPosition(start).ok());
  EXPECT_TRUE(replica_->SetInitialPosition(start).ok());
  EXPECT_EQ(replica_->SetInitialPosition(start + 1).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(replica_->ApplyBatches(ReadLog(start)).ok());
  EXPECT_EQ(replica_->AppliedPosition(), primary_->LatestPosition());
  OpenReplica();
  EXPECT_EQ(replica_->AppliedPosition(), primary_->LatestPosition());
}

}  // namespace
}  // namespace ordinal::engine
