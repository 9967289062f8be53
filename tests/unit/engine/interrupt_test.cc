// KILL in the engine: a session's StatementInterrupt, raised from another thread, ends the
// statement it runs (a wait for a commit position, a long scan, a long join) with the error
// given, and leaves the next statement alone. And the parsed-statement trait the front ends
// use to send statements that call blocking functions off their I/O threads.
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/sql/parser.h"
#include "engine/statement_traits.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

absl::Status Killed() {
  return SqlError(absl::StatusCode::kCancelled, MysqlErrno::kQueryInterrupted,
                  "Query execution was interrupted");
}

class InterruptTest : public SessionTest {
 protected:
  // Runs `sql` in the fixture's session while another thread interrupts it once `started`
  // says the statement is under way; returns the statement's errno.
  int RunInterrupted(const std::string& sql) {
    std::shared_ptr<StatementInterrupt> interrupt = session_->interrupt();
    std::thread killer([&] {
      // The statement clears the flag when it starts; raise it until the statement ended.
      while (!done_.load()) {
        interrupt->Interrupt(Killed());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
    const int code = Errno(sql);
    done_.store(true);
    killer.join();
    return code;
  }

  std::atomic<bool> done_{false};
};

TEST_F(InterruptTest, EndsAWaitForAPositionWith1317) {
  const uint64_t never = db_->LatestPosition() + 1000000;
  EXPECT_EQ(RunInterrupted(absl::StrCat("SELECT WAIT_FOR_EXECUTED_GTID_SET('", never, "')")),
            1317);
}

TEST_F(InterruptTest, EndsALongJoinWith1317) {
  Run("CREATE DATABASE d");
  Run("CREATE TABLE d.t (k INT PRIMARY KEY)");
  std::string values;
  for (int i = 0; i < 300; ++i) absl::StrAppend(&values, i ? "," : "", "(", i, ")");
  Run("INSERT INTO d.t VALUES " + values);
  EXPECT_EQ(RunInterrupted("SELECT COUNT(*) FROM d.t a, d.t b, d.t c WHERE a.k + b.k + c.k < 0"),
            1317);
}

TEST_F(InterruptTest, AnInterruptBeforeAStatementDoesNotApplyToIt) {
  session_->interrupt()->Interrupt(Killed());
  EXPECT_EQ(Query("SELECT 1")[0][0], "1");
}

sql::Statement Parsed(const std::string& sql) {
  absl::StatusOr<sql::Statement> statement = sql::ParseStatement(sql);
  EXPECT_TRUE(statement.ok()) << statement.status();
  return statement.ok() ? *std::move(statement) : sql::Statement{};
}

bool Blocks(const std::string& sql) {
  return CallsBlockingFunction(std::get<sql::Select>(Parsed(sql).body));
}

TEST(StatementTraitsTest, ABlockingFunctionAnywhereInASelectBlocks) {
  EXPECT_TRUE(Blocks("SELECT WAIT_FOR_EXECUTED_GTID_SET('5', 1)"));
  EXPECT_TRUE(Blocks("SELECT 1 FROM t WHERE k IN (SELECT wait_for_executed_gtid_set('5'))"));
  EXPECT_TRUE(Blocks("SELECT * FROM (SELECT WAIT_FOR_EXECUTED_GTID_SET('5') AS w) AS d"));
  EXPECT_TRUE(Blocks("WITH c AS (SELECT WAIT_FOR_EXECUTED_GTID_SET('5')) SELECT * FROM c"));
  EXPECT_TRUE(Blocks("SELECT 1 UNION SELECT WAIT_FOR_EXECUTED_GTID_SET('5')"));
  EXPECT_TRUE(Blocks("SELECT 1 FROM a JOIN b ON WAIT_FOR_EXECUTED_GTID_SET('5') = 0"));
}

TEST(StatementTraitsTest, OtherSelectsDoNotBlock) {
  EXPECT_FALSE(Blocks("SELECT 'WAIT_FOR_EXECUTED_GTID_SET(1)', CONNECTION_ID()"));
  EXPECT_FALSE(Blocks("SELECT COUNT(*) FROM t WHERE k > 3 ORDER BY 1"));
}

TEST(StatementInterruptTest, ARequestToRunAgainNeverReplacesAKill) {
  StatementInterrupt interrupt(nullptr);
  EXPECT_TRUE(interrupt.InterruptUnlessRaised(absl::CancelledError("run again")));
  interrupt.Interrupt(Killed());  // a KILL after it replaces it
  EXPECT_EQ(GetMysqlErrno(interrupt.Check()), MysqlErrno::kQueryInterrupted);
  EXPECT_FALSE(interrupt.InterruptUnlessRaised(absl::CancelledError("run again")));
  EXPECT_EQ(GetMysqlErrno(interrupt.Check()), MysqlErrno::kQueryInterrupted);
}

bool Reruns(const std::string& sql) {
  return RerunsSafely(std::get<sql::Select>(Parsed(sql).body));
}

TEST(StatementTraitsTest, PlainSelectsRunAgainSafely) {
  EXPECT_TRUE(Reruns("SELECT c FROM t WHERE id = 1"));
  EXPECT_TRUE(Reruns("SELECT COUNT(*), LAST_INSERT_ID(), @v FROM a JOIN b ON a.k = b.k"));
  EXPECT_TRUE(Reruns("SELECT DISTINCT c FROM t WHERE id BETWEEN 1 AND 100 ORDER BY c"));
}

TEST(StatementTraitsTest, SelectsWithEffectsDoNotRunAgain) {
  EXPECT_FALSE(Reruns("SELECT @v := COUNT(*) FROM t"));
  EXPECT_FALSE(Reruns("SELECT 1 FROM t WHERE k IN (SELECT @v := k FROM u)"));
  EXPECT_FALSE(Reruns("SELECT LAST_INSERT_ID(5)"));
  EXPECT_FALSE(Reruns("SELECT c FROM t WHERE id = 1 FOR UPDATE"));
  EXPECT_FALSE(Reruns("SELECT c FROM t WHERE id = 1 LOCK IN SHARE MODE"));
  EXPECT_FALSE(Reruns("SELECT SLEEP(1)"));
}

bool ChangeMayBlock(const std::string& sql) { return DataChangeMayBlock(Parsed(sql)); }

TEST(StatementTraitsTest, ABlockingFunctionAnywhereInADataChangeBlocks) {
  EXPECT_TRUE(ChangeMayBlock("INSERT INTO t VALUES (1, SLEEP(1))"));
  EXPECT_TRUE(ChangeMayBlock("INSERT INTO t SELECT id, SLEEP(1) FROM u"));
  EXPECT_TRUE(ChangeMayBlock("INSERT INTO t VALUES (1, 2) ON DUPLICATE KEY UPDATE v = SLEEP(1)"));
  EXPECT_TRUE(ChangeMayBlock("REPLACE INTO t VALUES (1, SLEEP(1))"));
  EXPECT_TRUE(ChangeMayBlock("UPDATE t SET v = SLEEP(1) WHERE id = 1"));
  EXPECT_TRUE(ChangeMayBlock("UPDATE t SET v = 1 WHERE id IN (SELECT SLEEP(1))"));
  EXPECT_TRUE(ChangeMayBlock("UPDATE t SET v = 1 ORDER BY SLEEP(1) LIMIT 1"));
  EXPECT_TRUE(ChangeMayBlock("UPDATE t JOIN u ON SLEEP(1) = 0 SET t.v = u.v"));
  EXPECT_TRUE(ChangeMayBlock("DELETE FROM t WHERE WAIT_FOR_EXECUTED_GTID_SET('5') = 0"));
  EXPECT_TRUE(ChangeMayBlock("DELETE t FROM t JOIN (SELECT SLEEP(1) AS s) AS d ON d.s = t.v"));
}

TEST(StatementTraitsTest, PlainDataChangesDoNotBlockAndOtherStatementsMay) {
  EXPECT_FALSE(ChangeMayBlock("INSERT INTO t (id, c) VALUES (1, 'SLEEP(1)'), (2, NOW())"));
  EXPECT_FALSE(ChangeMayBlock("UPDATE t SET k = k + 1 WHERE id = 5"));
  EXPECT_FALSE(ChangeMayBlock("DELETE FROM t WHERE id BETWEEN 1 AND 3 ORDER BY id LIMIT 2"));
  EXPECT_TRUE(ChangeMayBlock("SELECT 1"));
  EXPECT_TRUE(ChangeMayBlock("COMMIT"));
  EXPECT_TRUE(ChangeMayBlock("CREATE TABLE x (id INT PRIMARY KEY)"));
}

}  // namespace
}  // namespace ordinal::engine
