// Multiple-table UPDATE and DELETE through the session (docs/multi-table-dml.md): what the
// SQL scripts cannot see, the info line, ROW_COUNT() and conflicts with other sessions.
#include <memory>
#include <string>

#include "engine/sql/parser.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

class MultiTableDmlTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE d");
    Run("USE d");
    Run("CREATE TABLE a (id INT PRIMARY KEY, v INT)");
    Run("CREATE TABLE b (id INT PRIMARY KEY, a_id INT, w INT)");
    Run("INSERT INTO a VALUES (1, 0), (2, 0), (3, 7)");
    Run("INSERT INTO b VALUES (10, 1, 5), (11, 1, 6), (12, 2, 7), (13, 3, 7), (14, 9, 1)");
  }
};

TEST_F(MultiTableDmlTest, InfoCountsEachMatchedRowOnceAndChangedRows) {
  ResultSet result = Run("UPDATE a JOIN b ON b.a_id = a.id SET a.v = 7");
  EXPECT_EQ(result.rows_affected, 2u);  // a 3 already had 7
  EXPECT_EQ(result.info, "Rows matched: 3  Changed: 2  Warnings: 0");
}

TEST_F(MultiTableDmlTest, InfoCountsRowsOfEveryUpdatedTable) {
  ResultSet result = Run("UPDATE a JOIN b ON b.a_id = a.id SET a.v = 1, b.w = 7 WHERE a.id < 3");
  EXPECT_EQ(result.info, "Rows matched: 5  Changed: 4  Warnings: 0");
  EXPECT_EQ(result.rows_affected, 4u);
}

TEST_F(MultiTableDmlTest, ARowUpdatedThroughTwoAliasesCountsOncePerAlias) {
  ResultSet result = Run("UPDATE a x JOIN a y ON y.id = x.id SET x.v = 1, y.v = 2 WHERE x.id = 1");
  EXPECT_EQ(result.info, "Rows matched: 2  Changed: 2  Warnings: 0");
  EXPECT_EQ(result.rows_affected, 2u);
  EXPECT_EQ(Query("SELECT v FROM a WHERE id = 1"), (Rows{{"2"}}));
}

TEST_F(MultiTableDmlTest, RowCountIsTheAffectedRows) {
  Run("DELETE a, b FROM a JOIN b ON b.a_id = a.id WHERE a.id = 1");
  EXPECT_EQ(Query("SELECT ROW_COUNT()"), (Rows{{"3"}}));
  Run("UPDATE a, b SET a.v = b.w WHERE b.a_id = a.id");
  EXPECT_EQ(Query("SELECT ROW_COUNT()"), (Rows{{"1"}}));
}

TEST_F(MultiTableDmlTest, AConcurrentChangeToAnUpdatedRowFailsTheLaterCommit) {
  std::unique_ptr<Session> other = NewSession();
  Run(*other, "USE d");
  Run("BEGIN");
  Run("UPDATE a JOIN b ON b.a_id = a.id SET a.v = 100 WHERE b.id = 12");
  Run(*other, "UPDATE a SET v = 50 WHERE id = 2");
  EXPECT_EQ(Errno("COMMIT"), 1213);
  EXPECT_EQ(Query("SELECT v FROM a WHERE id = 2"), (Rows{{"50"}}));
}

TEST_F(MultiTableDmlTest, AConcurrentChangeToADeletedRowFailsTheLaterCommit) {
  std::unique_ptr<Session> other = NewSession();
  Run(*other, "USE d");
  Run("BEGIN");
  Run("DELETE b FROM a JOIN b ON b.a_id = a.id WHERE a.id = 3");
  Run(*other, "UPDATE b SET w = 0 WHERE id = 13");
  EXPECT_EQ(Errno("COMMIT"), 1213);
  EXPECT_EQ(Query("SELECT w FROM b WHERE id = 13"), (Rows{{"0"}}));
}

// Writes are what a replica refuses (1290) and what a READ ONLY transaction refuses.
TEST_F(MultiTableDmlTest, TheStatementsAreWrites) {
  sql::Statement update = *sql::ParseStatement("UPDATE a JOIN b ON b.a_id = a.id SET a.v = 1");
  sql::Statement del = *sql::ParseStatement("DELETE a FROM a JOIN b ON b.a_id = a.id");
  EXPECT_TRUE(sql::IsWrite(update));
  EXPECT_TRUE(sql::IsWrite(del));
}

}  // namespace
}  // namespace ordinal::engine
