// The differential test: a generated corpus of expressions (expression_corpus.h, fixed seed)
// evaluated by OrdinalDB in process and by a throwaway local MariaDB (bench/mariadb-local, a
// temporary data directory, a free loopback port), answers compared. Numbers compare by value
// (formatting of doubles may differ), everything else as text; an error on both sides agrees.
// A disagreement fails the test unless the expression matches a documented known difference
// (known_differences.h). Skipped, with the reason, when MariaDB is not installed or does not
// start.
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <mysql.h>

#include "absl/container/btree_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "tests/differential/expression_corpus.h"
#include "tests/differential/known_differences.h"
#include "tests/sql/employees/employees_data.h"
#include "tests/sql/employees/employees_schema.h"
#include "tests/sql/engine_backend.h"
#include "tests/testing/server_process.h"
#include "tests/testing/shell.h"

namespace ordinal::differential {
namespace {

constexpr uint64_t kSeed = 20261203;
constexpr size_t kExpressions = 10000;

using Cells = std::vector<std::optional<std::string>>;

// One answer: the cells of its first row (expressions have one), every row, or an error.
struct Answer {
  bool error = false;
  std::string detail;  // the error, for reports
  Cells cells;
  std::vector<Cells> rows;
};

std::string ShowAnswer(const Answer& a) {
  if (a.error) return absl::StrCat("error (", a.detail, ")");
  std::string out;
  for (const auto& c : a.cells) absl::StrAppend(&out, out.empty() ? "" : " | ", c ? *c : "NULL");
  return out;
}

// Numbers compare by value; FORMAT's thousands separators are ignored for that.
bool SameCell(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a || !b) return !a && !b;
  if (*a == *b) return true;
  double x = 0, y = 0;
  if (!absl::SimpleAtod(absl::StrReplaceAll(*a, {{",", ""}}), &x) ||
      !absl::SimpleAtod(absl::StrReplaceAll(*b, {{",", ""}}), &y)) {
    return false;
  }
  return std::fabs(x - y) <= 1e-9 * std::max(1.0, std::max(std::fabs(x), std::fabs(y)));
}

bool SameCells(const Cells& a, const Cells& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!SameCell(a[i], b[i])) return false;
  }
  return true;
}

// The first rows agree (expressions); AgreeOnEveryRow compares whole results.
bool Agree(const Answer& a, const Answer& b) {
  if (a.error || b.error) return a.error && b.error;
  return SameCells(a.cells, b.cells);
}

bool AgreeOnEveryRow(const Answer& a, const Answer& b) {
  if (a.error || b.error) return a.error && b.error;
  if (a.rows.size() != b.rows.size()) return false;
  for (size_t i = 0; i < a.rows.size(); ++i) {
    if (!SameCells(a.rows[i], b.rows[i])) return false;
  }
  return true;
}

// Known difference "negative-zero": MariaDB keeps the sign of a DECIMAL result that rounds
// to zero (-0.000000000, as MySQL does) and drops it from a double -0 (MySQL shows -0);
// OrdinalDB does the opposite. Tolerated when the answers differ by one '-' before a 0.
bool NegativeZeroOnly(const Answer& a, const Answer& b) {
  if (a.error || b.error || a.cells.size() != 1 || b.cells.size() != 1) return false;
  if (!a.cells[0] || !b.cells[0]) return false;
  const std::string& x = *a.cells[0];
  const std::string& y = *b.cells[0];
  const std::string& longer = x.size() > y.size() ? x : y;
  const std::string& shorter = x.size() > y.size() ? y : x;
  if (longer.size() != shorter.size() + 1) return false;
  for (size_t i = 0; i + 1 < longer.size(); ++i) {
    if (longer[i] == '-' && longer[i + 1] == '0' &&
        longer.substr(0, i) + longer.substr(i + 1) == shorter) {
      return true;
    }
  }
  return false;
}

// Known difference "double-display-digits": MariaDB shows a DOUBLE quotient of a string with
// the divisor's scale + 4 digits (0.8181052); MySQL and OrdinalDB show the double's shortest
// text. Tolerated when OrdinalDB's number rounds to MariaDB's at MariaDB's digits.
bool RoundsToTheirs(const Answer& ours, const Answer& theirs) {
  if (ours.error || theirs.error || ours.cells.size() != 1 || theirs.cells.size() != 1) {
    return false;
  }
  if (!ours.cells[0] || !theirs.cells[0]) return false;
  double x = 0, y = 0;
  const std::string& t = *theirs.cells[0];
  const size_t dot = t.find('.');
  if (dot == std::string::npos || !absl::SimpleAtod(*ours.cells[0], &x) ||
      !absl::SimpleAtod(t, &y)) {
    return false;
  }
  return std::fabs(x - y) <= 0.5 * std::pow(10.0, -static_cast<double>(t.size() - dot - 1)) + 1e-12;
}

class DifferentialTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (mysql_ != nullptr) mysql_close(mysql_);
    if (!dir_.empty()) {
      testing::Shell(absl::StrCat(MARIADB_LOCAL_PATH, " stop ", dir_, "/mariadb"), dir_ + "/log");
      testing::RemoveTree(dir_);
    }
  }

  // Starts MariaDB and connects; a reason to skip when it cannot.
  std::optional<std::string> StartMariadb() {
    if (!testing::HaveMariadb()) return "mariadbd is not installed";
    dir_ = testing::MakeTempDir("differential");
    const int port = testing::PickFreePort();
    if (testing::Shell(absl::StrCat(MARIADB_LOCAL_PATH, " start ", dir_, "/mariadb ", port, " 1"),
              dir_ + "/log") != 0) {
      return absl::StrCat("MariaDB did not start: ", testing::ReadFile(dir_ + "/log"));
    }
    mysql_ = mysql_init(nullptr);
    const std::string socket = dir_ + "/mariadb/mysqld.sock";
    if (mysql_real_connect(mysql_, nullptr, "root", nullptr, nullptr, 0, socket.c_str(), 0) ==
        nullptr) {
      return absl::StrCat("cannot connect to MariaDB: ", mysql_error(mysql_));
    }
    mysql_set_character_set(mysql_, "utf8mb4");
    return std::nullopt;
  }

  Answer AskMariadb(const std::string& sql) {
    Answer answer;
    if (mysql_query(mysql_, sql.c_str()) != 0) {
      answer.error = true;
      answer.detail = absl::StrCat(mysql_errno(mysql_), " ", mysql_error(mysql_));
      return answer;
    }
    MYSQL_RES* result = mysql_store_result(mysql_);
    if (result == nullptr) {
      // No result set: an error found while sending the rows (MariaDB reports overflows so).
      if (mysql_field_count(mysql_) > 0 || mysql_errno(mysql_) != 0) {
        answer.error = true;
        answer.detail = absl::StrCat(mysql_errno(mysql_), " ", mysql_error(mysql_));
      }
      return answer;
    }
    while (MYSQL_ROW row = mysql_fetch_row(result)) {
      const unsigned long* lengths = mysql_fetch_lengths(result);
      Cells cells;
      for (unsigned i = 0; i < mysql_num_fields(result); ++i) {
        cells.push_back(row[i] == nullptr
                            ? std::nullopt
                            : std::optional<std::string>(std::string(row[i], lengths[i])));
      }
      answer.rows.push_back(std::move(cells));
    }
    if (!answer.rows.empty()) answer.cells = answer.rows.front();
    mysql_free_result(result);
    return answer;
  }

  Answer AskOrdinal(sqltest::EngineBackend& engine, const std::string& sql) {
    Answer answer;
    absl::StatusOr<sqltest::SqlResult> r = engine.Execute(sql);
    if (!r.ok()) {
      answer.error = true;
      answer.detail = std::string(r.status().message());
      return answer;
    }
    answer.rows = r->rows;
    if (!answer.rows.empty()) answer.cells = answer.rows.front();
    return answer;
  }

  std::string dir_;
  MYSQL* mysql_ = nullptr;
};

TEST_F(DifferentialTest, GeneratedExpressionsAgreeWithMariadb) {
  if (std::optional<std::string> reason = StartMariadb()) GTEST_SKIP() << *reason;
  absl::StatusOr<std::unique_ptr<sqltest::EngineBackend>> engine = sqltest::EngineBackend::Create();
  ASSERT_TRUE(engine.ok()) << engine.status();
  for (const char* setup : {"SET time_zone = '+00:00'", "SET div_precision_increment = 4"}) {
    ASSERT_TRUE((*engine)->Execute(setup).ok()) << setup;
    ASSERT_FALSE(AskMariadb(setup).error) << setup;
  }
  const std::vector<std::string> corpus = GenerateExpressions(kSeed, kExpressions);
  size_t agreed = 0;
  absl::btree_map<std::string_view, size_t> tolerated;
  std::vector<std::string> failures;
  for (const std::string& expression : corpus) {
    const std::string sql = absl::StrCat("SELECT ", expression);
    const Answer ours = AskOrdinal(**engine, sql);
    const Answer theirs = AskMariadb(sql);
    if (Agree(ours, theirs)) {
      ++agreed;
    } else if (NegativeZeroOnly(ours, theirs)) {
      ++tolerated["negative-zero"];
    } else if (RoundsToTheirs(ours, theirs)) {
      ++tolerated["double-display-digits"];
    } else if (const KnownDifference* known = FindKnownDifference(expression)) {
      ++tolerated[known->id];
    } else {
      failures.push_back(absl::StrCat(sql, "\n    OrdinalDB: ", ShowAnswer(ours),
                                      "\n    MariaDB:   ", ShowAnswer(theirs)));
    }
  }
  std::string summary = absl::StrCat(corpus.size(), " expressions (seed ", kSeed, "): ", agreed,
                                     " agree, ", failures.size(), " disagree");
  for (const auto& [id, n] : tolerated) absl::StrAppend(&summary, ", ", n, " known (", std::string(id), ")");
  std::cout << summary << "\n";
  std::string report;
  for (size_t i = 0; i < failures.size() && i < 60; ++i) absl::StrAppend(&report, failures[i], "\n");
  EXPECT_TRUE(failures.empty()) << summary << "\n" << report;
}

// test_employees_md5.sql's checksum shape, `@crc := MD5(CONCAT_WS('#', @crc, ...))` over a
// sorted table, on both servers: the chains agree when both assign in the result's order
// (ORDER BY not served by the primary key, LIMIT, OFFSET, INSERT ... SELECT).
TEST_F(DifferentialTest, UserVariableChainsFollowOrderByAsMariadb) {
  if (std::optional<std::string> reason = StartMariadb()) GTEST_SKIP() << *reason;
  absl::StatusOr<std::unique_ptr<sqltest::EngineBackend>> engine = sqltest::EngineBackend::Create();
  ASSERT_TRUE(engine.ok()) << engine.status();
  std::string rows;
  for (int i = 1; i <= 300; ++i) {
    absl::StrAppend(&rows, i == 1 ? "" : ",", "(", i, ", ", (i * 37) % 101, ", 'v", (i * 13) % 17,
                    "', '2020-", 1 + (i * 7) % 12, "-", 1 + (i * 11) % 28, "')");
  }
  const std::vector<std::string> setup = {
      "CREATE DATABASE chains", "USE chains",
      "CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(20), d DATE, KEY by_a (a))",
      absl::StrCat("INSERT INTO t VALUES ", rows),
      "CREATE TABLE sink (pos INT AUTO_INCREMENT PRIMARY KEY, v CHAR(32))"};
  for (const std::string& sql : setup) {
    ASSERT_TRUE((*engine)->Execute(sql).ok()) << sql;
    ASSERT_FALSE(AskMariadb(sql).error) << sql;
  }
  const std::string chain = "SELECT @crc := MD5(CONCAT_WS('#', @crc, id, a, b, d)) FROM t ";
  const std::vector<std::string> chains = {
      chain + "ORDER BY id",
      chain + "ORDER BY a, id",
      chain + "ORDER BY b DESC, d, id",
      chain + "ORDER BY d, a DESC, id LIMIT 40",
      chain + "WHERE a > 50 ORDER BY b, id LIMIT 25 OFFSET 10",
      chain + "ORDER BY id DESC LIMIT 30 OFFSET 5",
      "INSERT INTO sink (v) " + chain + "ORDER BY b, a, id",
  };
  for (const std::string& sql : chains) {
    const Answer ours_set = AskOrdinal(**engine, "SET @crc = ''");
    const Answer theirs_set = AskMariadb("SET @crc = ''");
    ASSERT_FALSE(ours_set.error || theirs_set.error);
    const Answer ours_run = AskOrdinal(**engine, sql);
    const Answer theirs_run = AskMariadb(sql);
    ASSERT_FALSE(ours_run.error) << sql << ": " << ours_run.detail;
    ASSERT_FALSE(theirs_run.error) << sql << ": " << theirs_run.detail;
    const Answer ours = AskOrdinal(**engine, "SELECT @crc");
    const Answer theirs = AskMariadb("SELECT @crc");
    EXPECT_TRUE(Agree(ours, theirs))
        << sql << "\n    OrdinalDB: " << ShowAnswer(ours) << "\n    MariaDB:   " << ShowAnswer(theirs);
  }
  const std::string last = "SELECT v FROM sink WHERE pos = (SELECT MAX(pos) FROM sink)";
  EXPECT_TRUE(Agree(AskOrdinal(**engine, last), AskMariadb(last)));
}

// MySQL's employees sample schema (views and foreign keys included) with the same generated
// rows on both servers: the checks of test_employees_md5.sql (counts and MD5 chains), the
// views, and joins and aggregates of the kind bench/join-compare times give the same rows.
TEST_F(DifferentialTest, EmployeesSchemaAnswersAsMariadb) {
  if (std::optional<std::string> reason = StartMariadb()) GTEST_SKIP() << *reason;
  absl::StatusOr<std::unique_ptr<sqltest::EngineBackend>> engine = sqltest::EngineBackend::Create();
  ASSERT_TRUE(engine.ok()) << engine.status();
  auto on_both = [&](std::string_view sql) {
    const Answer ours = AskOrdinal(**engine, std::string(sql));
    const Answer theirs = AskMariadb(std::string(sql));
    ASSERT_FALSE(ours.error) << sql << ": " << ours.detail;
    ASSERT_FALSE(theirs.error) << sql << ": " << theirs.detail;
  };
  using sqltest::employees::EmployeesSchema;
  for (std::string_view sql : EmployeesSchema().prologue) on_both(sql);
  for (std::string_view sql : EmployeesSchema().tables) on_both(sql);
  for (std::string_view sql : EmployeesSchema().epilogue) on_both(sql);
  const sqltest::employees::Dataset data = sqltest::employees::GenerateEmployees(20261204, 600);
  const std::vector<std::pair<std::string, const std::vector<sqltest::employees::Row>*>> tables =
      {{"departments", &data.departments}, {"employees", &data.employees},
       {"dept_emp", &data.dept_emp},       {"dept_manager", &data.dept_manager},
       {"titles", &data.titles},           {"salaries", &data.salaries}};
  for (const auto& [table, rows] : tables) {
    for (size_t start = 0; start < rows->size(); start += 200) {
      std::vector<std::string> tuples;
      for (size_t i = start; i < std::min(rows->size(), start + 200); ++i) {
        tuples.push_back(absl::StrCat("(", absl::StrJoin((*rows)[i].literals, ","), ")"));
      }
      on_both(absl::StrCat("INSERT INTO `", table, "` VALUES ", absl::StrJoin(tuples, ",")));
    }
  }
  const std::vector<std::string> queries = {
      // test_employees_md5.sql's counts and chains, as it writes them.
      "SELECT COUNT(*) FROM employees", "SELECT COUNT(*) FROM salaries",
      "SELECT @crc := MD5(CONCAT_WS('#',@crc, emp_no,birth_date,first_name,last_name,gender,"
      "hire_date)) FROM employees ORDER BY emp_no",
      "SELECT @crc := MD5(CONCAT_WS('#',@crc, dept_no,dept_name)) FROM departments "
      "ORDER BY dept_no",
      "SELECT @crc := MD5(CONCAT_WS('#',@crc, dept_no,emp_no, from_date,to_date)) "
      "FROM dept_manager ORDER BY dept_no,emp_no",
      "SELECT @crc := MD5(CONCAT_WS('#',@crc, dept_no,emp_no, from_date,to_date)) "
      "FROM dept_emp ORDER BY dept_no,emp_no",
      "SELECT @crc := MD5(CONCAT_WS('#',@crc, emp_no, title, from_date,to_date)) "
      "FROM titles order by emp_no,title,from_date",
      "SELECT @crc := MD5(CONCAT_WS('#',@crc, emp_no, salary, from_date,to_date)) "
      "FROM salaries order by emp_no,from_date,to_date",
      // The schema's views.
      "SELECT * FROM dept_emp_latest_date ORDER BY emp_no",
      "SELECT * FROM current_dept_emp ORDER BY emp_no",
      // Joins and aggregates.
      "SELECT d.dept_name, MAX(s.salary), COUNT(*) FROM departments d JOIN dept_emp de ON "
      "de.dept_no = d.dept_no AND de.to_date = '9999-01-01' JOIN salaries s ON s.emp_no = "
      "de.emp_no AND s.to_date = '9999-01-01' GROUP BY d.dept_name ORDER BY d.dept_name",
      "SELECT d.dept_name, e.first_name, e.last_name, dm.from_date FROM dept_manager dm JOIN "
      "employees e ON e.emp_no = dm.emp_no JOIN departments d ON d.dept_no = dm.dept_no WHERE "
      "dm.to_date = '9999-01-01' ORDER BY d.dept_name, e.emp_no",
      "SELECT title, YEAR(from_date) AS y, COUNT(*) FROM titles GROUP BY title, YEAR(from_date) "
      "ORDER BY title, y",
      "SELECT d.dept_name, e.gender, ROUND(AVG(s.salary), 2) FROM salaries s JOIN employees e "
      "ON e.emp_no = s.emp_no JOIN dept_emp de ON de.emp_no = s.emp_no AND de.to_date = "
      "'9999-01-01' JOIN departments d ON d.dept_no = de.dept_no WHERE s.to_date = '9999-01-01' "
      "GROUP BY d.dept_name, e.gender ORDER BY d.dept_name, e.gender",
      "SELECT e.emp_no, e.first_name, e.last_name, s.salary FROM salaries s JOIN employees e ON "
      "e.emp_no = s.emp_no WHERE s.to_date = '9999-01-01' ORDER BY s.salary DESC, e.emp_no "
      "LIMIT 10",
      "SELECT e.emp_no, e.last_name FROM employees e WHERE NOT EXISTS (SELECT 1 FROM "
      "dept_manager dm WHERE dm.emp_no = e.emp_no) AND e.emp_no IN (SELECT emp_no FROM titles "
      "WHERE title = 'Senior Engineer') ORDER BY e.emp_no LIMIT 50",
  };
  for (const std::string& sql : queries) {
    on_both("SET @crc = ''");
    const Answer ours = AskOrdinal(**engine, sql);
    const Answer theirs = AskMariadb(sql);
    ASSERT_FALSE(ours.error) << sql << ": " << ours.detail;
    ASSERT_FALSE(theirs.error) << sql << ": " << theirs.detail;
    EXPECT_FALSE(ours.rows.empty()) << sql;
    EXPECT_TRUE(AgreeOnEveryRow(ours, theirs))
        << sql << "\n    OrdinalDB: " << ours.rows.size() << " rows, first "
        << ShowAnswer(ours) << "\n    MariaDB:   " << theirs.rows.size() << " rows, first "
        << ShowAnswer(theirs);
  }
}

}  // namespace
}  // namespace ordinal::differential
