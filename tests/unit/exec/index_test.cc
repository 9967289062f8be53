#include "sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

class IndexTest : public SqlTest {
 protected:
  IndexTest() {
    Exec("CREATE TABLE t (id INT PRIMARY KEY, k INT, u INT, c VARCHAR(10))");
    Exec("INSERT INTO t VALUES (1, 10, 100, 'a'), (2, 20, 200, 'b'), (3, 10, 300, 'c'), "
         "(4, NULL, NULL, 'd')");
    Exec("CREATE INDEX k_1 ON t (k)");
    Exec("CREATE UNIQUE INDEX u_1 ON t (u)");
  }

  // The query's rows through the index path equal those of a full scan (the same
  // predicate hidden from the planner with `+ 0`).
  void ExpectIndexAgreesWithScan(const std::string& column, const std::string& op_value) {
    const std::string by_index =
        Query("SELECT id FROM t WHERE " + column + " " + op_value + " ORDER BY id");
    const std::string by_scan =
        Query("SELECT id FROM t WHERE " + column + " + 0 " + op_value + " ORDER BY id");
    EXPECT_EQ(by_index, by_scan) << column << " " << op_value;
  }
};

TEST_F(IndexTest, ExplainShowsIndexPoint) {
  EXPECT_EQ(Explain("SELECT * FROM t WHERE k = 10"), "index point|k_1|1|k = 10");
}

TEST_F(IndexTest, ExplainShowsIndexRange) {
  EXPECT_EQ(Explain("SELECT * FROM t WHERE k BETWEEN 5 AND 15"),
            "index range|k_1|1|k BETWEEN 5 AND 15");
}

TEST_F(IndexTest, PrimaryKeyPointBeatsIndex) {
  EXPECT_EQ(Explain("SELECT * FROM t WHERE k = 10 AND id = 3"),
            "primary key point|PRIMARY|1|id = 3");
}

TEST_F(IndexTest, BackfilledIndexAnswersQueries) {
  EXPECT_EQ(Query("SELECT id FROM t WHERE k = 10"), "1;3");
  EXPECT_EQ(Query("SELECT id FROM t WHERE u = 200"), "2");
  EXPECT_EQ(Query("SELECT id FROM t WHERE k > 10"), "2");
}

TEST_F(IndexTest, IndexStaysConsistentAfterUpdate) {
  Exec("UPDATE t SET k = 20 WHERE id = 1");
  Exec("UPDATE t SET u = 500 WHERE id = 3");
  Exec("UPDATE t SET id = 7 WHERE id = 2");
  ExpectIndexAgreesWithScan("k", "= 20");
  ExpectIndexAgreesWithScan("k", "= 10");
  ExpectIndexAgreesWithScan("u", "= 300");
  ExpectIndexAgreesWithScan("u", "= 500");
  ExpectIndexAgreesWithScan("u", "= 200");
  EXPECT_EQ(Query("SELECT id FROM t WHERE u = 200"), "7");
}

TEST_F(IndexTest, IndexStaysConsistentAfterDelete) {
  Exec("DELETE FROM t WHERE k = 10");
  ExpectIndexAgreesWithScan("k", "= 10");
  ExpectIndexAgreesWithScan("u", ">= 0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t WHERE k = 10"), "0");
}

TEST_F(IndexTest, IndexStaysConsistentAfterReplace) {
  Exec("REPLACE INTO t VALUES (5, 30, 100, 'e')");
  ExpectIndexAgreesWithScan("u", "= 100");
  ExpectIndexAgreesWithScan("k", "= 10");
  ExpectIndexAgreesWithScan("k", "= 30");
  EXPECT_EQ(Query("SELECT id FROM t WHERE u = 100"), "5");
}

TEST_F(IndexTest, UniqueIndexRejectsDuplicateOnUpdate) {
  EXPECT_EQ(Errno("UPDATE t SET u = 100 WHERE id = 2"), 1062);
  EXPECT_EQ(Query("SELECT id FROM t WHERE u = 200"), "2");
}

TEST_F(IndexTest, DuplicateIndexNameIs1061) {
  EXPECT_EQ(Errno("CREATE INDEX k_1 ON t (c)"), 1061);
}

TEST_F(IndexTest, UnknownIndexColumnIs1072) {
  EXPECT_EQ(Errno("CREATE INDEX x ON t (nope)"), 1072);
}

TEST_F(IndexTest, UniqueIndexOverDuplicatesFailsAndLeavesNothing) {
  EXPECT_EQ(Errno("CREATE UNIQUE INDEX k_u ON t (k)"), 1062);
  EXPECT_EQ(Query("SELECT id FROM t WHERE k = 10"), "1;3");
  Exec("CREATE INDEX k_u ON t (k)");  // the name is still free
}

TEST_F(IndexTest, CompositeIndexUsesPrefixAndRange) {
  Exec("CREATE INDEX kc ON t (k, c)");
  EXPECT_EQ(Explain("SELECT id FROM t WHERE k = 10 AND c > 'a'"),
            "index range|kc|2|k = 10 AND c > 'a'");
  EXPECT_EQ(Query("SELECT id FROM t WHERE k = 10 AND c > 'a'"), "3");
}

TEST_F(IndexTest, CompositeUniqueDuplicateJoinsValuesWithDash) {
  Exec("CREATE UNIQUE INDEX kc ON t (k, c)");
  absl::Status s = sql_.Status("INSERT INTO t VALUES (9, 10, 9, 'a')");
  EXPECT_EQ(s.message(), "Duplicate entry '10-a' for key 'kc'");
}

TEST_F(IndexTest, UpdateThroughIndexPathChangesIndexedColumn) {
  EXPECT_EQ(Exec("UPDATE t SET k = k + 1 WHERE k = 10").rows_affected, 2u);
  ExpectIndexAgreesWithScan("k", "= 11");
  ExpectIndexAgreesWithScan("k", "= 10");
  EXPECT_EQ(Query("SELECT id FROM t WHERE k = 11"), "1;3");
}

TEST_F(IndexTest, DeleteThroughIndexRange) {
  EXPECT_EQ(Exec("DELETE FROM t WHERE u >= 200").rows_affected, 2u);
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY id"), "1;4");
  ExpectIndexAgreesWithScan("k", "= 10");
}

TEST_F(IndexTest, OnDuplicateKeyUpdateKeepsIndexesConsistent) {
  Exec("INSERT INTO t VALUES (1, 0, 0, 'z') ON DUPLICATE KEY UPDATE k = 99, u = 999");
  ExpectIndexAgreesWithScan("k", "= 99");
  ExpectIndexAgreesWithScan("u", "= 999");
  ExpectIndexAgreesWithScan("u", "= 100");
}

TEST_F(IndexTest, InListOnIndexReadsEachPoint) {
  EXPECT_EQ(Query("SELECT id FROM t WHERE u IN (300, 100) ORDER BY id"), "1;3");
}

}  // namespace
}  // namespace ordinal::engine::testing
