// ORDER BY ... LIMIT over a join sorted before the join (plan/sort_before_join.h): the rows
// equal the plain plan's (the same query without LIMIT, cut in the test) on random rows with
// unmatched keys, NULL keys and sort keys, ties and OFFSETs; EXPLAIN shows the plan only
// where its conditions hold.
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/unit/exec/sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

class SortBeforeJoinTest : public SqlTest {
 protected:
  // s: 400 rows whose emp is NULL or 1..60 and salary NULL or 0..15 (many ties); e: the
  // employees 1..40 only, so that a fifth of the rows of s find none.
  void SetUp() override {
    Exec("CREATE TABLE s (id INT PRIMARY KEY, emp INT, salary INT, d INT)");
    Exec("CREATE TABLE e (emp_no INT PRIMARY KEY, name VARCHAR(20))");
    std::mt19937 random(11);
    std::string s_rows;
    for (int id = 1; id <= 400; ++id) {
      const int emp = static_cast<int>(random() % 61);
      const int salary = static_cast<int>(random() % 17);
      absl::StrAppend(&s_rows, id == 1 ? "" : ", ", "(", id, ", ",
                      emp == 0 ? std::string("NULL") : std::to_string(emp), ", ",
                      salary == 16 ? std::string("NULL") : std::to_string(salary), ", ",
                      random() % 3, ")");
    }
    Exec("INSERT INTO s VALUES " + s_rows);
    std::string e_rows;
    for (int emp = 1; emp <= 40; ++emp) {
      absl::StrAppend(&e_rows, emp == 1 ? "" : ", ", "(", emp, ", 'n", emp % 7, "')");
    }
    Exec("INSERT INTO e VALUES " + e_rows);
    Exec("ANALYZE TABLE s, e");
  }

  // EXPLAIN's join column, one entry per step.
  std::vector<std::string> Methods(const std::string& sql) {
    std::vector<std::string> methods;
    for (const auto& row : Exec("EXPLAIN " + sql).rows) methods.push_back(row[5].ToString());
    return methods;
  }

  // Checks `sql` (without LIMIT) with many LIMITs and OFFSETs against its rows unlimited.
  void ExpectSlicesMatch(const std::string& sql) {
    const std::vector<std::string> all = RowLines(sql);
    ASSERT_GT(all.size(), 20u);
    for (int limit : {0, 1, 3, 10, 25, 1000}) {
      for (int offset : {0, 1, 7, 40}) {
        const std::string limited = absl::StrCat(sql, " LIMIT ", limit, " OFFSET ", offset);
        std::vector<std::string> expected;
        for (size_t i = offset; i < all.size() && i < static_cast<size_t>(offset + limit); ++i) {
          expected.push_back(all[i]);
        }
        EXPECT_EQ(RowLines(limited), expected) << limited;
      }
    }
  }
};

constexpr char kSalaryOrder[] =
    "SELECT e.emp_no, e.name, s.id, s.salary FROM s JOIN e ON e.emp_no = s.emp "
    "WHERE s.d <> 1 ORDER BY s.salary DESC, e.emp_no, s.id";

TEST_F(SortBeforeJoinTest, ExplainShowsTheSortAndLookups) {
  EXPECT_EQ(Methods(absl::StrCat(kSalaryOrder, " LIMIT 10")),
            (std::vector<std::string>{"scan, sorted before join", "index lookup"}));
  // Without LIMIT there is nothing to stop early: the plan is the cost model's.
  EXPECT_NE(Methods(kSalaryOrder)[0], "scan, sorted before join");
}

TEST_F(SortBeforeJoinTest, RowsEqualThePlainPlan) {
  ExpectSlicesMatch(kSalaryOrder);
  // Ascending, NULL salaries first; the inner key equated to the outer one leads.
  ExpectSlicesMatch(
      "SELECT s.id, e.emp_no, s.salary FROM e JOIN s ON s.emp = e.emp_no "
      "ORDER BY s.salary, s.id");
  ExpectSlicesMatch(
      "SELECT s.id, e.name FROM s, e WHERE e.emp_no = s.emp AND e.name <> 'n3' "
      "ORDER BY e.emp_no DESC, s.id DESC");
}

TEST_F(SortBeforeJoinTest, FoundRowsCountsEveryJoinedRow) {
  const size_t all = RowLines(kSalaryOrder).size();
  RowLines(absl::StrCat("SELECT SQL_CALC_FOUND_ROWS ", std::string(kSalaryOrder).substr(7),
                    " LIMIT 5"));
  EXPECT_EQ(RowLines("SELECT FOUND_ROWS()"), (std::vector<std::string>{absl::StrCat(all, ",")}));
}

TEST_F(SortBeforeJoinTest, NotWhereTheJoinedRowsCouldComeOutOfOrder) {
  // A key of the inner table not equated to the outer one.
  EXPECT_NE(Methods("SELECT s.id FROM s JOIN e ON e.emp_no = s.emp ORDER BY e.name, s.id "
                    "LIMIT 5")[0],
            "scan, sorted before join");
  // An outer join, and an inner table matched on no key (rows could be repeated).
  EXPECT_NE(Methods("SELECT s.id FROM s LEFT JOIN e ON e.emp_no = s.emp ORDER BY s.id "
                    "DESC LIMIT 5")[0],
            "scan, sorted before join");
  EXPECT_NE(Methods("SELECT s.id FROM s JOIN e ON e.name = CONCAT('n', s.d) ORDER BY s.id "
                    "DESC LIMIT 5")[0],
            "scan, sorted before join");
}

// Over a 64 KiB statement budget the rows of the first table do not fit: they are joined as
// they were read and sorted after the join, with the same answer.
TEST(SortBeforeJoinMemoryTest, RowsPastTheBoundAreJoinedUnsorted) {
  namespace fs = std::filesystem;
  std::string pattern = (fs::temp_directory_path() / "ordinal_sortjoin_XXXXXX").string();
  const std::string dir = mkdtemp(pattern.data());
  {
    DatabaseOptions options;
    options.data_dir = dir + "/data";
    options.sync_commit = false;
    options.block_cache_bytes = 8 << 20;
    options.query_memory_bytes = 64 << 10;
    options.query_spill_bytes = 64 << 20;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status();
    SqlRunner sql(db->get());
    sql.Exec("CREATE TABLE s (id INT PRIMARY KEY, emp INT, salary INT, pad VARCHAR(40))");
    sql.Exec("CREATE TABLE e (emp_no INT PRIMARY KEY, name VARCHAR(20))");
    std::mt19937 random(5);
    std::string s_rows;
    std::string e_rows;
    for (int id = 1; id <= 3000; ++id) {
      absl::StrAppend(&s_rows, id == 1 ? "" : ", ", "(", id, ", ", random() % 3500, ", ",
                      random() % 500, ", 'padding padding padding padding')");
      absl::StrAppend(&e_rows, id == 1 ? "" : ", ", "(", id, ", 'n", id, "')");
    }
    sql.Exec("INSERT INTO s VALUES " + s_rows);
    sql.Exec("INSERT INTO e VALUES " + e_rows);
    sql.Exec("ANALYZE TABLE s, e");
    const std::string query =
        "SELECT s.id, e.name, s.salary, s.pad FROM s JOIN e ON e.emp_no = s.emp "
        "ORDER BY s.salary DESC, s.id";
    ASSERT_EQ(sql.Exec("EXPLAIN " + query + " LIMIT 10").rows[0][5].ToString(),
              "scan, sorted before join");
    // The plain plan: a sort key that is not a column.
    const std::string plain =
        "SELECT s.id, e.name, s.salary, s.pad FROM s JOIN e ON e.emp_no = s.emp "
        "ORDER BY s.salary + 0 DESC, s.id LIMIT 10 OFFSET 3";
    ASSERT_NE(sql.Exec("EXPLAIN " + plain).rows[0][5].ToString(), "scan, sorted before join");
    const ResultSet expected = sql.Exec(plain);
    const ResultSet top = sql.Exec(query + " LIMIT 10 OFFSET 3");
    ASSERT_EQ(top.rows.size(), 10u);
    ASSERT_EQ(expected.rows.size(), 10u);
    for (size_t i = 0; i < top.rows.size(); ++i) {
      for (size_t c = 0; c < top.rows[i].size(); ++c) {
        EXPECT_EQ(top.rows[i][c].ToString(), expected.rows[i][c].ToString()) << i;
      }
    }
  }
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
}  // namespace ordinal::engine::testing
