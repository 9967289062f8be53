#include "sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

class UpdateDeleteTest : public SqlTest {
 protected:
  UpdateDeleteTest() {
    Exec("CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(10))");
    Exec("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
  }
};

TEST_F(UpdateDeleteTest, UpdateCountsChangedRowsOnly) {
  ResultSet r = Exec("UPDATE t SET c = 'a' WHERE id <= 2");
  EXPECT_EQ(r.rows_affected, 1u);
  EXPECT_EQ(r.info, "Rows matched: 2  Changed: 1  Warnings: 0");
}

TEST_F(UpdateDeleteTest, AssignmentsSeeEarlierAssignments) {
  Exec("UPDATE t SET k = k + 1, c = k WHERE id = 1");
  EXPECT_EQ(Query("SELECT k, c FROM t WHERE id = 1"), "11,11");
}

TEST_F(UpdateDeleteTest, UpdateWithoutWhereChangesEveryRow) {
  EXPECT_EQ(Exec("UPDATE t SET k = k * 2").rows_affected, 3u);
  EXPECT_EQ(Query("SELECT SUM(k) FROM t"), "120");
}

TEST_F(UpdateDeleteTest, UpdatingPrimaryKeyMovesTheRow) {
  Exec("UPDATE t SET id = 10 WHERE id = 1");
  EXPECT_EQ(Query("SELECT id, k FROM t ORDER BY id"), "2,20;3,30;10,10");
  EXPECT_EQ(Query("SELECT k FROM t WHERE id = 1"), "");
}

TEST_F(UpdateDeleteTest, UpdatingPrimaryKeyOntoExistingRowIs1062) {
  EXPECT_EQ(Errno("UPDATE t SET id = 2 WHERE id = 1"), 1062);
  EXPECT_EQ(Query("SELECT id FROM t"), "1;2;3");
}

TEST_F(UpdateDeleteTest, UpdateNullIntoNotNullIs1048) {
  EXPECT_EQ(Errno("UPDATE t SET k = NULL WHERE id = 1"), 1048);
}

TEST_F(UpdateDeleteTest, UpdateUnknownColumnIs1054) {
  EXPECT_EQ(Errno("UPDATE t SET nope = 1"), 1054);
  EXPECT_EQ(Errno("UPDATE t SET k = 1 WHERE nope = 1"), 1054);
}

TEST_F(UpdateDeleteTest, UpdateWithOrderByAndLimit) {
  Exec("UPDATE t SET c = 'z' ORDER BY k DESC LIMIT 1");
  EXPECT_EQ(Query("SELECT id FROM t WHERE c = 'z'"), "3");
}

TEST_F(UpdateDeleteTest, DeleteCountsRows) {
  EXPECT_EQ(Exec("DELETE FROM t WHERE k >= 20").rows_affected, 2u);
  EXPECT_EQ(Query("SELECT id FROM t"), "1");
}

TEST_F(UpdateDeleteTest, DeleteWithLimit) {
  EXPECT_EQ(Exec("DELETE FROM t LIMIT 2").rows_affected, 2u);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t"), "1");
}

TEST_F(UpdateDeleteTest, ConcurrentIncrementsOfOneRowConflict) {
  SqlRunner other(db_.db());
  Exec("BEGIN");
  other.Exec("BEGIN");
  Exec("UPDATE t SET k = k + 1 WHERE id = 1");
  other.Exec("UPDATE t SET k = k + 1 WHERE id = 1");
  Exec("COMMIT");
  absl::Status s = other.Status("COMMIT");
  EXPECT_TRUE(absl::IsAborted(s)) << s;
  EXPECT_EQ(Query("SELECT k FROM t WHERE id = 1"), "11");
}

TEST_F(UpdateDeleteTest, ConcurrentInsertsOfOneKeyConflict) {
  SqlRunner other(db_.db());
  Exec("BEGIN");
  other.Exec("BEGIN");
  Exec("INSERT INTO t VALUES (9, 1, 'x')");
  other.Exec("INSERT INTO t VALUES (9, 2, 'y')");
  Exec("COMMIT");
  EXPECT_TRUE(absl::IsAborted(other.Status("COMMIT")));
  EXPECT_EQ(Query("SELECT k FROM t WHERE id = 9"), "1");
}

}  // namespace
}  // namespace ordinal::engine::testing
