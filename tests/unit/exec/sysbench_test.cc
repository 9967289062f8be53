// The statements of sysbench's oltp_* workloads, verbatim (with literals for `?`).
#include "absl/strings/str_cat.h"
#include "sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

class SysbenchTest : public SqlTest {
 protected:
  SysbenchTest() {
    Exec("CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT "
         "NULL, c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY "
         "KEY (id))");
    for (int id = 1; id <= 20; ++id) {
      Exec(absl::StrCat("INSERT INTO sbtest1 (id, k, c, pad) VALUES (", id, ", ", id % 5,
                        ", 'c", 20 - id, "', 'pad')"));
    }
    Exec("CREATE INDEX k_1 ON sbtest1(k)");
  }
};

TEST_F(SysbenchTest, PointSelect) {
  EXPECT_EQ(Query("SELECT c FROM sbtest1 WHERE id=5"), "c15");
  EXPECT_EQ(Explain("SELECT c FROM sbtest1 WHERE id=5"), "primary key point|PRIMARY|1|id = 5");
}

TEST_F(SysbenchTest, SimpleRange) {
  EXPECT_EQ(Query("SELECT c FROM sbtest1 WHERE id BETWEEN 3 AND 5"), "c17;c16;c15");
  EXPECT_EQ(Explain("SELECT c FROM sbtest1 WHERE id BETWEEN 3 AND 5"),
            "primary key range|PRIMARY|1|id BETWEEN 3 AND 5");
}

TEST_F(SysbenchTest, SumRange) {
  EXPECT_EQ(Query("SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 3 AND 7"), "10");
}

TEST_F(SysbenchTest, OrderRange) {
  EXPECT_EQ(Query("SELECT c FROM sbtest1 WHERE id BETWEEN 9 AND 11 ORDER BY c"),
            "c10;c11;c9");
}

TEST_F(SysbenchTest, DistinctRange) {
  Exec("UPDATE sbtest1 SET c='same' WHERE id=10");
  Exec("UPDATE sbtest1 SET c='same' WHERE id=11");
  EXPECT_EQ(Query("SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 9 AND 11 ORDER BY c"),
            "c11;same");
}

TEST_F(SysbenchTest, IndexUpdate) {
  ResultSet r = Exec("UPDATE sbtest1 SET k=k+1 WHERE id=5");
  EXPECT_EQ(r.rows_affected, 1u);
  EXPECT_EQ(Query("SELECT k FROM sbtest1 WHERE id=5"), "1");
  EXPECT_EQ(Query("SELECT id FROM sbtest1 WHERE k=1 ORDER BY id"), "1;5;6;11;16");
  EXPECT_EQ(Explain("SELECT id FROM sbtest1 WHERE k=1"), "index point|k_1|1|k = 1");
}

TEST_F(SysbenchTest, NonIndexUpdate) {
  Exec("UPDATE sbtest1 SET c='new' WHERE id=7");
  EXPECT_EQ(Query("SELECT c FROM sbtest1 WHERE id=7"), "new");
}

TEST_F(SysbenchTest, DeleteThenInsert) {
  EXPECT_EQ(Exec("DELETE FROM sbtest1 WHERE id=8").rows_affected, 1u);
  EXPECT_EQ(Query("SELECT c FROM sbtest1 WHERE id=8"), "");
  EXPECT_EQ(Query("SELECT id FROM sbtest1 WHERE k=3 ORDER BY id"), "3;13;18");
  EXPECT_EQ(Exec("INSERT INTO sbtest1 (id, k, c, pad) VALUES (8, 3, 'back', 'p')")
                .rows_affected,
            1u);
  EXPECT_EQ(Query("SELECT id FROM sbtest1 WHERE k=3 ORDER BY id"), "3;8;13;18");
}

TEST_F(SysbenchTest, InsertWithoutIdUsesAutoIncrement) {
  ResultSet r = Exec("INSERT INTO sbtest1 (k, c, pad) VALUES (1, 'x', 'y')");
  EXPECT_EQ(r.last_insert_id, 21u);
}

TEST_F(SysbenchTest, CharColumnTooLongIs1406) {
  EXPECT_EQ(Errno(absl::StrCat("INSERT INTO sbtest1 (id, k, c, pad) VALUES (100, 1, 'x', '",
                               std::string(61, 'p'), "')")),
            1406);
}

}  // namespace
}  // namespace ordinal::engine::testing
