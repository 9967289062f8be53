// The planner's choices from table statistics (engine/plan/join_plan.h, cost_model.h):
// ANALYZE TABLE's answer, EXPLAIN's estimated rows, the join method and order chosen by
// cost, and EXPLAIN ANALYZE's tree. Answers stay those of the query whatever the plan
// (join_methods_test.cc compares the methods' rows).
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/unit/exec/sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

class JoinOrderTest : public SqlTest {
 protected:
  // small: 50 rows; big: 3000 rows, `grp` shared by 100 rows each, `k` unindexed.
  void SetUp() override {
    Exec("CREATE TABLE small (id INT PRIMARY KEY, v INT)");
    Exec("CREATE TABLE big (id INT PRIMARY KEY, grp INT, k INT, KEY grp_1 (grp))");
    Insert("small", 50, [](int id) { return absl::StrCat("(", id, ", ", id % 7, ")"); });
    Insert("big", 3000, [](int id) { return absl::StrCat("(", id, ", ", id % 30, ", ", id, ")"); });
  }

  template <typename RowText>
  void Insert(const std::string& table, int rows, RowText row) {
    std::string values;
    for (int id = 1; id <= rows; ++id) absl::StrAppend(&values, id == 1 ? "" : ", ", row(id));
    Exec(absl::StrCat("INSERT INTO ", table, " VALUES ", values));
  }

  // EXPLAIN's rows: "table:join:rows" per step, joined by ';'.
  std::string Plan(const std::string& sql) {
    std::string plan;
    for (const auto& row : Exec("EXPLAIN " + sql).rows) {
      absl::StrAppend(&plan, plan.empty() ? "" : ";", row[0].ToString(), ":", row[5].ToString(),
                      ":", row[6].ToString());
    }
    return plan;
  }
};

TEST_F(JoinOrderTest, AnalyzeTableAnswersLikeMysql) {
  EXPECT_EQ(Query("ANALYZE TABLE small, nope"),
            "test.small,analyze,status,OK;"
            "test.nope,analyze,Error,Table 'test.nope' doesn't exist;"
            "test.nope,analyze,status,Operation failed");
  EXPECT_EQ(Query("ANALYZE LOCAL TABLE big"), "test.big,analyze,status,OK");
}

TEST_F(JoinOrderTest, ExplainShowsEstimatedRows) {
  EXPECT_EQ(Plan("SELECT * FROM big"), "big:scan:3000");
  EXPECT_EQ(Plan("SELECT * FROM big WHERE grp = 3"), "big:scan:100");
  EXPECT_EQ(Plan("SELECT * FROM big WHERE id = 3"), "big:scan:1");
}

TEST_F(JoinOrderTest, EstimatesFollowInsertsAndAnalyze) {
  EXPECT_EQ(Plan("SELECT * FROM small"), "small:scan:50");
  Exec("INSERT INTO small VALUES (51, 0), (52, 0)");
  EXPECT_EQ(Plan("SELECT * FROM small"), "small:scan:52");
  Exec("DELETE FROM small WHERE id > 40");
  EXPECT_EQ(Plan("SELECT * FROM small"), "small:scan:40");
  Exec("ANALYZE TABLE small");
  EXPECT_EQ(Plan("SELECT * FROM small"), "small:scan:40");
}

TEST_F(JoinOrderTest, FewOuterRowsUseTheIndex) {
  EXPECT_EQ(Plan("SELECT * FROM small s JOIN big b ON b.id = s.id"),
            "s:scan:50;b:index lookup:1");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM small s JOIN big b ON b.id = s.id"), "50");
}

TEST_F(JoinOrderTest, ManyOuterRowsHashTheOtherSide) {
  // An index lookup per row of big would cost 3000 seeks; reading small once is cheaper,
  // and the smaller table is the one hashed.
  EXPECT_EQ(Plan("SELECT * FROM big b JOIN small s ON s.id = b.k"), "b:scan:3000;s:hash join:50");
  EXPECT_EQ(Query("SELECT COUNT(*), SUM(s.v) FROM big b JOIN small s ON s.id = b.k"),
            Query("SELECT COUNT(*), SUM(v) FROM small"));
}

TEST_F(JoinOrderTest, SelectiveConditionsGoFirst) {
  EXPECT_EQ(Plan("SELECT * FROM big b JOIN small s ON s.id = b.k WHERE b.id = 7"),
            "b:scan:1;s:index lookup:1");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM small s JOIN big b ON b.grp = s.v WHERE b.id = 5"),
            "7");
}

TEST_F(JoinOrderTest, ATableSampledWholeKnowsWhatItsConditionsKeep) {
  // 16 rows, 14 of them current: the whole table is the sample, so the estimate of the
  // rows kept is 14 (not a tenth of 16), and the 9 codes are read once and hashed rather
  // than looked up 14 times.
  Exec("CREATE TABLE post (id INT PRIMARY KEY, code INT, current INT)");
  Exec("CREATE TABLE code (id INT PRIMARY KEY, name VARCHAR(10))");
  Insert("post", 16, [](int id) { return absl::StrCat("(", id, ", ", id % 9, ", ", id > 2, ")"); });
  Insert("code", 9, [](int id) { return absl::StrCat("(", id - 1, ", 'c", id, "')"); });
  const std::string sql =
      "SELECT p.id, c.name FROM post p JOIN code c ON c.id = p.code WHERE p.current = 1";
  EXPECT_EQ(Plan(sql), "p:scan:16;c:hash join:9");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM post p JOIN code c ON c.id = p.code WHERE p.current = 1"),
            "14");
}

TEST_F(JoinOrderTest, ManySourcesAreOrderedGreedilyWithEveryCondition) {
  // Eleven sources (more than the exhaustive search takes): an inner chain, a constant
  // conjunct, a condition on the first source and an outer join whose ON never holds.
  std::string sql = "SELECT COUNT(*), COUNT(s11.id), SUM(s10.v) FROM small s1";
  for (int i = 2; i <= 10; ++i) {
    absl::StrAppend(&sql, " JOIN small s", i, " ON s", i, ".id = s", i - 1, ".id");
  }
  absl::StrAppend(&sql, " LEFT JOIN small s11 ON s11.id = s10.id AND s11.v > 100",
                  " WHERE 1 = 1 AND s1.v < 3");
  // ids 1..50 with id % 7 in {0, 1, 2}: 7 + 8 + 7 rows; their v add up to 0*7 + 1*8 + 2*7.
  EXPECT_EQ(Query(sql), "22,0,22");
}

TEST_F(JoinOrderTest, ExplainAnalyzeRunsTheQuery) {
  ResultSet result = Exec("EXPLAIN ANALYZE SELECT COUNT(*) FROM small s JOIN big b ON b.id = s.id");
  ASSERT_EQ(result.columns.size(), 1u);
  EXPECT_EQ(result.columns[0].name, "EXPLAIN");
  ASSERT_EQ(result.rows.size(), 1u);
  const std::string tree = result.rows[0][0].ToString();
  EXPECT_NE(tree.find("-> Query result  (actual time="), std::string::npos) << tree;
  EXPECT_NE(tree.find("-> Index lookup  (estimated rows=50) (actual time="), std::string::npos)
      << tree;
  EXPECT_NE(tree.find("rows=50 loops=1)"), std::string::npos) << tree;
  EXPECT_NE(tree.find("primary key point on b using PRIMARY  (estimated rows=1)"),
            std::string::npos) << tree;
  EXPECT_NE(tree.find("rows=1 loops=50)"), std::string::npos) << tree;
}

TEST_F(JoinOrderTest, ExplainAnalyzeOfABadQueryIsItsError) {
  EXPECT_EQ(Errno("EXPLAIN ANALYZE SELECT nope FROM small"), 1054);
}

}  // namespace
}  // namespace ordinal::engine::testing
