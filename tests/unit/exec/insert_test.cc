#include "sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

class InsertTest : public SqlTest {
 protected:
  InsertTest() {
    Exec("CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, u INT UNIQUE, "
         "c VARCHAR(5) NOT NULL DEFAULT 'x', n INT NOT NULL)");
  }
};

TEST_F(InsertTest, OmittedColumnsTakeDefaults) {
  Exec("INSERT INTO t (id, n) VALUES (1, 7)");
  EXPECT_EQ(Query("SELECT id, u, c, n FROM t"), "1,NULL,x,7");
}

TEST_F(InsertTest, AutoIncrementGeneratesAndReportsLastInsertId) {
  ResultSet r = Exec("INSERT INTO t (n) VALUES (1), (2)");
  EXPECT_EQ(r.rows_affected, 2u);
  EXPECT_EQ(r.last_insert_id, 1u);
  r = Exec("INSERT INTO t (id, n) VALUES (NULL, 3)");
  EXPECT_EQ(r.last_insert_id, 3u);
  Exec("INSERT INTO t (id, n) VALUES (0, 4)");
  EXPECT_EQ(Query("SELECT id, n FROM t"), "1,1;2,2;3,3;4,4");
}

TEST_F(InsertTest, ExplicitLargerValueBumpsCounter) {
  Exec("INSERT INTO t (id, n) VALUES (10, 1)");
  ResultSet r = Exec("INSERT INTO t (n) VALUES (2)");
  EXPECT_EQ(r.last_insert_id, 11u);
}

TEST_F(InsertTest, DuplicatePrimaryKeyIs1062) {
  Exec("INSERT INTO t (id, n) VALUES (5, 1)");
  absl::Status s = sql_.Status("INSERT INTO t (id, n) VALUES (5, 2)");
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1062);
  EXPECT_TRUE(absl::IsAlreadyExists(s));
  EXPECT_EQ(s.message(), "Duplicate entry '5' for key 'PRIMARY'");
}

TEST_F(InsertTest, DuplicateUniqueKeyNamesTheIndex) {
  Exec("INSERT INTO t (id, u, n) VALUES (1, 9, 1)");
  absl::Status s = sql_.Status("INSERT INTO t (id, u, n) VALUES (2, 9, 1)");
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1062);
  EXPECT_NE(s.message().find("Duplicate entry '9' for key"), std::string::npos) << s;
}

TEST_F(InsertTest, NullsInUniqueIndexDoNotCollide) {
  Exec("INSERT INTO t (id, u, n) VALUES (1, NULL, 1), (2, NULL, 2)");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t WHERE u IS NULL"), "2");
}

TEST_F(InsertTest, FailedMultiRowInsertLeavesNothing) {
  Exec("INSERT INTO t (id, n) VALUES (3, 1)");
  EXPECT_EQ(Errno("INSERT INTO t (id, n) VALUES (1, 1), (2, 2), (3, 3)"), 1062);
  EXPECT_EQ(Query("SELECT id FROM t"), "3");
}

TEST_F(InsertTest, DuplicateWithinOneStatementIs1062) {
  EXPECT_EQ(Errno("INSERT INTO t (id, n) VALUES (1, 1), (1, 2)"), 1062);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t"), "0");
}

TEST_F(InsertTest, NullIntoNotNullIs1048) {
  absl::Status s = sql_.Status("INSERT INTO t (id, n) VALUES (1, NULL)");
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1048);
  EXPECT_EQ(s.message(), "Column 'n' cannot be null");
}

// A value that does not fit its column names the statement's row, as MySQL's messages do:
// the row of VALUES, of the SELECT's result, and the UPDATE's target row.
TEST_F(InsertTest, AValueThatDoesNotFitNamesItsRow) {
  absl::Status s = sql_.Status("INSERT INTO t (id, c, n) VALUES (1, 'ok', 1), (2, 'too long', 2)");
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1406);
  EXPECT_EQ(s.message(), "Data too long for column 'c' at row 2");
  s = sql_.Status("INSERT INTO t (id, n) VALUES (1, 1), (2, 2), (3, 'x')");
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1366);
  EXPECT_EQ(s.message(), "Incorrect integer value: 'x' for column 'n' at row 3");
  Exec("INSERT INTO t (id, c, n) VALUES (1, 'a', 1), (2, 'bb', 2), (3, 'ccc', 3)");
  s = sql_.Status("INSERT INTO t (id, n) SELECT id + 10, n * 1000000000 FROM t ORDER BY id");
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1264);
  EXPECT_EQ(s.message(), "Out of range value for column 'n' at row 3");
  s = sql_.Status("UPDATE t SET c = CONCAT(c, 'xxxx') ORDER BY id");
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1406);
  EXPECT_EQ(s.message(), "Data too long for column 'c' at row 2");
  EXPECT_EQ(Query("SELECT id, c, n FROM t"), "1,a,1;2,bb,2;3,ccc,3");
}

TEST_F(InsertTest, OmittedNotNullWithoutDefaultIs1364) {
  absl::Status s = sql_.Status("INSERT INTO t (id) VALUES (1)");
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1364);
  EXPECT_EQ(s.message(), "Field 'n' doesn't have a default value");
}

TEST_F(InsertTest, WrongValueCountIs1136) {
  EXPECT_EQ(Errno("INSERT INTO t (id, n) VALUES (1)"), 1136);
  EXPECT_EQ(Errno("INSERT INTO t VALUES (1, 2)"), 1136);
}

TEST_F(InsertTest, UnknownColumnIs1054) {
  EXPECT_EQ(Errno("INSERT INTO t (id, nope) VALUES (1, 2)"), 1054);
}

TEST_F(InsertTest, TooLongStringIs1406) {
  EXPECT_EQ(Errno("INSERT INTO t (id, c, n) VALUES (1, 'toolong', 1)"), 1406);
}

TEST_F(InsertTest, TypeMismatchIs1366) {
  EXPECT_EQ(Errno("INSERT INTO t (id, n) VALUES (1, 'abc')"), 1366);
}

TEST_F(InsertTest, DivisionByZeroIs1365) {
  EXPECT_EQ(Errno("INSERT INTO t (id, n) VALUES (1, 1 / 0)"), 1365);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t"), "0");
}

TEST_F(InsertTest, NumericStringIsCoerced) {
  Exec("INSERT INTO t (id, n) VALUES ('7', ' 12 ')");
  EXPECT_EQ(Query("SELECT id, n FROM t"), "7,12");
}

TEST_F(InsertTest, OnDuplicateKeyUpdateCountsTwoPerUpdatedRow) {
  Exec("INSERT INTO t (id, n) VALUES (1, 1)");
  ResultSet r = Exec("INSERT INTO t (id, n) VALUES (1, 5) ON DUPLICATE KEY UPDATE n = n + VALUES(n)");
  EXPECT_EQ(r.rows_affected, 2u);
  EXPECT_EQ(Query("SELECT id, n FROM t"), "1,6");
  r = Exec("INSERT INTO t (id, n) VALUES (1, 5) ON DUPLICATE KEY UPDATE n = 6");
  EXPECT_EQ(r.rows_affected, 0u);
  r = Exec("INSERT INTO t (id, n) VALUES (2, 5) ON DUPLICATE KEY UPDATE n = 6");
  EXPECT_EQ(r.rows_affected, 1u);
}

TEST_F(InsertTest, OnDuplicateKeyUpdateOnUniqueIndex) {
  Exec("INSERT INTO t (id, u, n) VALUES (1, 10, 1)");
  Exec("INSERT INTO t (id, u, n) VALUES (2, 10, 1) ON DUPLICATE KEY UPDATE n = 99");
  EXPECT_EQ(Query("SELECT id, u, n FROM t"), "1,10,99");
}

TEST_F(InsertTest, ReplaceDeletesConflictingRows) {
  Exec("INSERT INTO t (id, u, n) VALUES (1, 10, 1), (2, 20, 2)");
  ResultSet r = Exec("REPLACE INTO t (id, u, n) VALUES (1, 20, 3)");
  EXPECT_EQ(r.rows_affected, 3u);  // two deleted, one inserted
  EXPECT_EQ(Query("SELECT id, u, n FROM t"), "1,20,3");
  EXPECT_EQ(Query("SELECT id FROM t WHERE u = 10"), "");
  EXPECT_EQ(Query("SELECT id FROM t WHERE u = 20"), "1");
}

TEST_F(InsertTest, ReplaceWithoutConflictInsertsOnce) {
  ResultSet r = Exec("REPLACE INTO t (id, n) VALUES (1, 1)");
  EXPECT_EQ(r.rows_affected, 1u);
}

TEST_F(InsertTest, ConcurrentAutoIncrementInsertsDoNotConflict) {
  SqlRunner other(db_.db());
  Exec("BEGIN");
  other.Exec("BEGIN");
  Exec("INSERT INTO t (n) VALUES (1)");
  other.Exec("INSERT INTO t (n) VALUES (2)");
  Exec("COMMIT");
  EXPECT_TRUE(other.Status("COMMIT").ok());
  EXPECT_EQ(Query("SELECT id, n FROM t"), "1,1;2,2");
}

TEST_F(InsertTest, TableWithoutPrimaryKeyGetsHiddenRowId) {
  Exec("CREATE TABLE h (a INT, b VARCHAR(3))");
  ResultSet r = Exec("INSERT INTO h VALUES (1, 'x'), (1, 'x')");
  EXPECT_EQ(r.last_insert_id, 0u);
  ResultSet all = Exec("SELECT * FROM h");
  ASSERT_EQ(all.columns.size(), 2u);
  EXPECT_EQ(Query("SELECT a, b FROM h"), "1,x;1,x");
}

}  // namespace
}  // namespace ordinal::engine::testing
