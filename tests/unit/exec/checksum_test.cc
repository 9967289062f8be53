#include "sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

// The checksum of test.t after running `statements` in a fresh database.
Value ChecksumAfter(const std::vector<std::string>& statements) {
  TempDatabase db;
  SqlRunner sql(db.db());
  for (const std::string& s : statements) sql.Exec(s);
  ResultSet r = sql.Exec("CHECKSUM TABLE t");
  EXPECT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.columns.size(), 2u);
  return r.rows.empty() ? Value() : r.rows[0][1];
}

TEST(ChecksumTest, SameRowsInDifferentOrderGiveSameChecksum) {
  const Value a = ChecksumAfter({"CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(5))",
                                 "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')"});
  const Value b = ChecksumAfter({"CREATE TABLE other (x INT PRIMARY KEY)",
                                 "CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(5))",
                                 "INSERT INTO t VALUES (3, 'c')",
                                 "INSERT INTO t VALUES (2, 'x'), (1, 'a')",
                                 "UPDATE t SET c = 'b' WHERE id = 2",
                                 "INSERT INTO t VALUES (4, 'd')", "DELETE FROM t WHERE id = 4"});
  ASSERT_TRUE(a.is_int());
  EXPECT_GE(a.int_value(), 0);
  EXPECT_EQ(a, b);
}

TEST(ChecksumTest, DifferentRowsGiveDifferentChecksums) {
  const Value a = ChecksumAfter({"CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(5))",
                                 "INSERT INTO t VALUES (1, 'a')"});
  const Value b = ChecksumAfter({"CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(5))",
                                 "INSERT INTO t VALUES (1, 'b')"});
  EXPECT_NE(a, b);
}

class ChecksumSqlTest : public SqlTest {};

TEST_F(ChecksumSqlTest, MissingTableGivesNull) {
  ResultSet r = Exec("CHECKSUM TABLE nope");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0].ToString(), "test.nope");
  EXPECT_TRUE(r.rows[0][1].is_null());
}

TEST_F(ChecksumSqlTest, NamesTableWithDatabase) {
  Exec("CREATE TABLE t (id INT PRIMARY KEY)");
  ResultSet r = Exec("CHECKSUM TABLE t");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.columns[0].name, "Table");
  EXPECT_EQ(r.columns[1].name, "Checksum");
  EXPECT_EQ(r.rows[0][0].ToString(), "test.t");
}

}  // namespace
}  // namespace ordinal::engine::testing
