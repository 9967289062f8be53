// Transactions through Session::Execute: autocommit, BEGIN/COMMIT/ROLLBACK, statement
// atomicity inside a transaction, snapshots, and conflicts between sessions.
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

class TransactionTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE shop");
    Run("USE shop");
    Run("CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL)");
    Run("INSERT INTO t VALUES (1, 0)");
    other_ = NewSession();
    Run(*other_, "USE shop");
  }

  // The ids in t, in order, as `session` sees them.
  static Rows Ids(Session& session) { return Query(session, "SELECT id FROM t ORDER BY id"); }
  // k of row 1 as `session` sees it.
  static std::string K(Session& session) {
    Rows rows = Query(session, "SELECT k FROM t WHERE id = 1");
    return rows.size() == 1 ? rows[0][0] : "<no row>";
  }

  std::unique_ptr<Session> other_;
};

TEST_F(TransactionTest, AutocommitWriteIsVisibleToOtherSessions) {
  ResultSet insert = Run("INSERT INTO t VALUES (2, 0)");
  EXPECT_GT(insert.commit_position, 0u);
  EXPECT_EQ(Ids(*other_), (Rows{{"1"}, {"2"}}));
}

TEST_F(TransactionTest, ReadHasNoCommitPosition) {
  EXPECT_EQ(Run("SELECT * FROM t").commit_position, 0u);
}

TEST_F(TransactionTest, CommitPublishesTheTransactionsWrites) {
  Run("BEGIN");
  EXPECT_TRUE(session_->in_transaction());
  Run("INSERT INTO t VALUES (2, 0)");
  Run("UPDATE t SET k = 5 WHERE id = 1");
  EXPECT_EQ(Ids(*other_), Rows{{"1"}});
  ResultSet commit = Run("COMMIT");
  EXPECT_FALSE(session_->in_transaction());
  EXPECT_GT(commit.commit_position, 0u);
  EXPECT_EQ(Ids(*other_), (Rows{{"1"}, {"2"}}));
  EXPECT_EQ(K(*other_), "5");
}

TEST_F(TransactionTest, StartTransactionIsBegin) {
  Run("START TRANSACTION");
  EXPECT_TRUE(session_->in_transaction());
}

TEST_F(TransactionTest, RollbackDiscardsTheTransaction) {
  Run("BEGIN");
  Run("INSERT INTO t VALUES (2, 0)");
  Run("DELETE FROM t WHERE id = 1");
  Run("ROLLBACK");
  EXPECT_FALSE(session_->in_transaction());
  EXPECT_EQ(Ids(*session_), Rows{{"1"}});
}

TEST_F(TransactionTest, TransactionSeesItsOwnWrites) {
  Run("BEGIN");
  Run("INSERT INTO t VALUES (2, 0)");
  EXPECT_EQ(Ids(*session_), (Rows{{"1"}, {"2"}}));
}

TEST_F(TransactionTest, CommitAndRollbackWithoutTransactionAreHarmless) {
  EXPECT_EQ(Run("COMMIT").commit_position, 0u);
  Run("ROLLBACK");
  EXPECT_FALSE(session_->in_transaction());
}

TEST_F(TransactionTest, DuplicateKeyInsideTransactionLeavesNothingOfThatStatement) {
  Run("BEGIN");
  Run("INSERT INTO t VALUES (2, 0)");
  EXPECT_EQ(Errno("INSERT INTO t VALUES (3, 0), (1, 0)"), 1062);
  EXPECT_TRUE(session_->in_transaction());
  Run("COMMIT");
  EXPECT_EQ(Ids(*other_), (Rows{{"1"}, {"2"}}));
}

TEST_F(TransactionTest, NotNullViolationInsideTransactionLeavesNothingOfThatStatement) {
  Run("BEGIN");
  Run("UPDATE t SET k = 7 WHERE id = 1");
  Run("INSERT INTO t VALUES (2, 0)");
  EXPECT_EQ(Errno("INSERT INTO t VALUES (3, 0), (4, NULL)"), 1048);
  EXPECT_TRUE(session_->in_transaction());
  Run("COMMIT");
  EXPECT_EQ(Ids(*other_), (Rows{{"1"}, {"2"}}));
  EXPECT_EQ(K(*other_), "7");
}

TEST_F(TransactionTest, FailedAutocommitStatementLeavesNothing) {
  EXPECT_EQ(Errno("INSERT INTO t VALUES (2, 0), (1, 0)"), 1062);
  EXPECT_EQ(Ids(*session_), Rows{{"1"}});
}

TEST_F(TransactionTest, TransactionReadsASnapshot) {
  Run("BEGIN");
  EXPECT_EQ(K(*session_), "0");
  Run(*other_, "UPDATE t SET k = 5 WHERE id = 1");
  Run(*other_, "INSERT INTO t VALUES (2, 0)");
  EXPECT_EQ(K(*session_), "0");
  EXPECT_EQ(Ids(*session_), Rows{{"1"}});
  Run("COMMIT");
  EXPECT_EQ(K(*session_), "5");
}

// Autocommit SELECTs share a snapshot while nothing commits (kv::Store::BeginRead); each
// still sees every commit that came before it, in this session and in others.
TEST_F(TransactionTest, AutocommitSelectSeesEveryEarlierCommit) {
  for (int k = 1; k <= 3; ++k) {
    EXPECT_EQ(K(*session_), std::to_string(k - 1));
    Run(*other_, "UPDATE t SET k = " + std::to_string(k) + " WHERE id = 1");
    EXPECT_EQ(K(*session_), std::to_string(k));
    Run("UPDATE t SET k = k + 10 WHERE id = 1");
    EXPECT_EQ(K(*session_), std::to_string(k + 10));
    Run("UPDATE t SET k = " + std::to_string(k) + " WHERE id = 1");
  }
}

// A SELECT inside a transaction runs without a savepoint: when it fails, the transaction's
// earlier writes stay and it goes on.
TEST_F(TransactionTest, FailedSelectInsideTransactionKeepsTheTransactionsWrites) {
  Run("BEGIN");
  Run("INSERT INTO t VALUES (2, 0)");
  EXPECT_EQ(Errno("SELECT (SELECT id FROM t) FROM t"), 1242);  // subquery returns 2 rows
  Run("INSERT INTO t VALUES (3, 0)");
  Run("COMMIT");
  EXPECT_EQ(Ids(*other_), (Rows{{"1"}, {"2"}, {"3"}}));
}

TEST_F(TransactionTest, BeginCommitsTheOpenTransaction) {
  Run("BEGIN");
  Run("INSERT INTO t VALUES (2, 0)");
  Run("BEGIN");
  EXPECT_EQ(Ids(*other_), (Rows{{"1"}, {"2"}}));
  Run("ROLLBACK");
  EXPECT_EQ(Ids(*other_), (Rows{{"1"}, {"2"}}));
}

TEST_F(TransactionTest, ConflictAtCommitIsAbortedAndEndsTheTransaction) {
  Run("BEGIN");
  Run("UPDATE t SET k = 1 WHERE id = 1");
  Run(*other_, "UPDATE t SET k = 2 WHERE id = 1");
  absl::StatusOr<ResultSet> commit = session_->Execute("COMMIT");
  ASSERT_FALSE(commit.ok());
  EXPECT_EQ(commit.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(GetMysqlErrno(commit.status()), MysqlErrno::kLockDeadlock);
  EXPECT_NE(commit.status().message().find("rolled back"), absl::string_view::npos);
  EXPECT_FALSE(session_->in_transaction());
  EXPECT_EQ(K(*session_), "2");
}

// Every locking read form (docs/sql-decisions.md, "Locking reads") reads its rows for
// update: when another session changes such a row before the reader commits, the reader's
// commit fails and writes nothing, so a write based on the read never lands on a changed row.
TEST_F(TransactionTest, EveryLockingReadIsValidatedAtCommit) {
  for (const std::string clause :
       {"FOR UPDATE", "FOR SHARE", "LOCK IN SHARE MODE", "FOR UPDATE NOWAIT",
        "FOR SHARE SKIP LOCKED", "FOR UPDATE OF t", "FOR SHARE OF t FOR UPDATE OF t NOWAIT"}) {
    Run("BEGIN");
    EXPECT_EQ(Query(*session_, "SELECT id FROM t WHERE id = 1 " + clause), Rows{{"1"}})
        << clause;
    Run("INSERT INTO t VALUES (2, 0)");
    Run(*other_, "UPDATE t SET k = k + 1 WHERE id = 1");
    absl::StatusOr<ResultSet> commit = session_->Execute("COMMIT");
    ASSERT_FALSE(commit.ok()) << clause;
    EXPECT_EQ(GetMysqlErrno(commit.status()), MysqlErrno::kLockDeadlock) << clause;
    EXPECT_EQ(Ids(*session_), Rows{{"1"}}) << clause;
  }
}

TEST_F(TransactionTest, ClosingASessionRollsBackItsTransaction) {
  Run(*other_, "BEGIN");
  Run(*other_, "INSERT INTO t VALUES (2, 0)");
  other_.reset();
  EXPECT_EQ(Ids(*session_), Rows{{"1"}});
}

TEST_F(TransactionTest, ConcurrentIncrementsLoseNoUpdate) {
  constexpr int kIncrementsPerThread = 200;
  auto increment = [this] {
    std::unique_ptr<Session> session = NewSession();
    ASSERT_TRUE(session->Execute("USE shop").ok());
    for (int done = 0; done < kIncrementsPerThread;) {
      absl::StatusOr<ResultSet> result = session->Execute("UPDATE t SET k = k + 1 WHERE id = 1");
      if (result.ok()) {
        ++done;
      } else {
        ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
      }
    }
  };
  std::thread first(increment);
  std::thread second(increment);
  first.join();
  second.join();
  EXPECT_EQ(K(*session_), std::to_string(2 * kIncrementsPerThread));
}

TEST_F(TransactionTest, ConcurrentIncrementTransactionsLoseNoUpdate) {
  constexpr int kIncrementsPerThread = 100;
  auto increment = [this] {
    std::unique_ptr<Session> session = NewSession();
    ASSERT_TRUE(session->Execute("USE shop").ok());
    for (int done = 0; done < kIncrementsPerThread;) {
      ASSERT_TRUE(session->Execute("BEGIN").ok());
      ASSERT_TRUE(session->Execute("UPDATE t SET k = k + 1 WHERE id = 1").ok());
      absl::StatusOr<ResultSet> commit = session->Execute("COMMIT");
      if (commit.ok()) {
        ++done;
      } else {
        ASSERT_EQ(commit.status().code(), absl::StatusCode::kAborted) << commit.status();
      }
    }
  };
  std::thread first(increment);
  std::thread second(increment);
  first.join();
  second.join();
  EXPECT_EQ(K(*session_), std::to_string(2 * kIncrementsPerThread));
}

// Change statements read the latest commit (docs/sql-decisions.md): an UPDATE of a row that
// another session committed after BEGIN reads that commit's value and commits.
TEST_F(TransactionTest, ChangeReadsTheLatestCommitAndCommits) {
  Run("BEGIN");
  EXPECT_EQ(K(*session_), "0");
  Run(*other_, "UPDATE t SET k = 5 WHERE id = 1");
  EXPECT_EQ(Run("UPDATE t SET k = k + 1 WHERE id = 1").rows_affected, 1u);
  EXPECT_EQ(K(*session_), "6");
  Run("COMMIT");
  EXPECT_EQ(K(*other_), "6");
}

TEST_F(TransactionTest, ChangeFindsRowsCommittedAfterBegin) {
  Run("BEGIN");
  Run(*other_, "INSERT INTO t VALUES (2, 0)");
  EXPECT_EQ(Run("UPDATE t SET k = 7 WHERE id = 2").rows_affected, 1u);
  EXPECT_EQ(Errno("INSERT INTO t VALUES (2, 1)"), 1062);
  Run("COMMIT");
  EXPECT_EQ(Query(*other_, "SELECT k FROM t WHERE id = 2"), Rows{{"7"}});
}

TEST_F(TransactionTest, PlainReadsKeepTheFirstSnapshotAfterAChange) {
  Run("BEGIN");
  EXPECT_EQ(Ids(*session_), Rows{{"1"}});
  Run(*other_, "INSERT INTO t VALUES (2, 0)");
  Run("UPDATE t SET k = 3 WHERE id = 1");
  EXPECT_EQ(Ids(*session_), Rows{{"1"}});
  EXPECT_EQ(K(*session_), "3");
  Run("COMMIT");
  EXPECT_EQ(Ids(*session_), (Rows{{"1"}, {"2"}}));
}

TEST_F(TransactionTest, CommitAfterTheChangeStillConflicts) {
  Run("BEGIN");
  Run(*other_, "UPDATE t SET k = 5 WHERE id = 1");
  Run("UPDATE t SET k = k + 1 WHERE id = 1");
  Run(*other_, "UPDATE t SET k = 9 WHERE id = 1");
  EXPECT_EQ(Errno("COMMIT"), 1213);
  EXPECT_EQ(K(*session_), "9");
}

// A row changed by an earlier statement of the transaction stays checked from that
// statement on, though a later statement reads the other session's newer commit.
TEST_F(TransactionTest, RowChangedByAnEarlierStatementStillConflicts) {
  Run("BEGIN");
  Run("UPDATE t SET k = 1 WHERE id = 1");
  Run(*other_, "UPDATE t SET k = 9 WHERE id = 1");
  Run("UPDATE t SET k = k + 1 WHERE id = 1");
  EXPECT_EQ(Errno("COMMIT"), 1213);
  EXPECT_EQ(K(*session_), "9");
}

TEST_F(TransactionTest, CommittedDataSurvivesReopen) {
  Run("BEGIN");
  Run("INSERT INTO t VALUES (2, 0)");
  Run("COMMIT");
  other_.reset();
  OpenDatabase();
  Run("USE shop");
  EXPECT_EQ(Ids(*session_), (Rows{{"1"}, {"2"}}));
}

}  // namespace
}  // namespace ordinal::engine
