// MySQL's "employees" sample database (issue 11's acceptance, docs/foreign-keys.md): its
// schema statements run unchanged (employees_schema.h), seeded rows (employees_data.h) load
// through ordinary INSERT statements with foreign_key_checks on, and the verification of
// test_employees_md5.sql runs as written there (counts and the MD5 chains), against
// expected values computed here from the generated rows. Then the schema's ON DELETE CASCADE
// keys are exercised. Every statement of both scripts runs, FLUSH LOGS and the
// computation_time query over INFORMATION_SCHEMA.TABLES.CREATE_TIME included. All six
// chains match, also dept_manager and dept_emp, whose ORDER BY is not the primary key's
// order: the @crc assignments run in the sorted order, as in MySQL.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql_error.h"
#include "gtest/gtest.h"
#include "tests/sql/employees/employees_data.h"
#include "tests/sql/employees/employees_schema.h"
#include "tests/sql/engine_backend.h"

namespace ordinal::sqltest::employees {
namespace {

constexpr uint64_t kSeed = 20071201;
constexpr int kEmployees = 3000;
constexpr size_t kRowsPerInsert = 250;

std::string Md5Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_md5(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  return hex;
}

// @crc := MD5(CONCAT_WS('#', @crc, fields...)) over `rows`, starting from ''.
std::string Md5Chain(const std::vector<std::vector<std::string>>& rows) {
  std::string crc;
  for (const std::vector<std::string>& fields : rows) {
    crc = Md5Hex(absl::StrCat(crc, "#", absl::StrJoin(fields, "#")));
  }
  return crc;
}

// dept_manager and dept_emp: (dept_no, emp_no, from_date, to_date) in ORDER BY dept_no,
// emp_no.
std::vector<std::vector<std::string>> ByDepartment(const std::vector<Row>& rows) {
  std::map<std::pair<std::string, int>, std::vector<std::string>> sorted;
  for (const Row& row : rows) {
    sorted[{row.texts[1], std::stoi(row.texts[0])}] = {row.texts[1], row.texts[0], row.texts[2],
                                                        row.texts[3]};
  }
  std::vector<std::vector<std::string>> out;
  for (auto& [key, fields] : sorted) out.push_back(std::move(fields));
  return out;
}

std::vector<std::vector<std::string>> Texts(const std::vector<Row>& rows) {
  std::vector<std::vector<std::string>> out;
  for (const Row& row : rows) out.push_back(row.texts);
  return out;
}

class EmployeesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<EngineBackend>> backend = EngineBackend::Create();
    ASSERT_TRUE(backend.ok()) << backend.status();
    db_ = *std::move(backend);
    data_ = GenerateEmployees(kSeed, kEmployees);
  }

  absl::StatusOr<SqlResult> Run(std::string_view sql) { return db_->Execute(sql); }

  void Ok(std::string_view sql) {
    absl::StatusOr<SqlResult> result = Run(sql);
    ASSERT_TRUE(result.ok()) << sql << "\n" << result.status();
  }

  std::string One(std::string_view sql) {
    absl::StatusOr<SqlResult> result = Run(sql);
    if (!result.ok()) return absl::StrCat("error: ", result.status().ToString());
    if (result->rows.size() != 1 || result->rows[0].size() != 1) return "not one value";
    return result->rows[0][0].value_or("NULL");
  }

  void Load(const std::string& table, const std::vector<Row>& rows) {
    for (size_t start = 0; start < rows.size(); start += kRowsPerInsert) {
      std::vector<std::string> tuples;
      for (size_t i = start; i < std::min(rows.size(), start + kRowsPerInsert); ++i) {
        tuples.push_back(absl::StrCat("(", absl::StrJoin(rows[i].literals, ","), ")"));
      }
      Ok(absl::StrCat("INSERT INTO `", table, "` VALUES ", absl::StrJoin(tuples, ",")));
    }
  }

  void CreateSchemaAndLoad() {
    const SchemaScript& schema = EmployeesSchema();
    for (std::string_view sql : schema.prologue) Ok(sql);
    for (std::string_view sql : schema.tables) Ok(sql);
    for (std::string_view sql : schema.epilogue) Ok(sql);  // the views, FLUSH LOGS
    Load("departments", data_.departments);
    Load("employees", data_.employees);
    Load("dept_emp", data_.dept_emp);
    Load("dept_manager", data_.dept_manager);
    Load("titles", data_.titles);
    Load("salaries", data_.salaries);
  }

  std::unique_ptr<EngineBackend> db_;
  Dataset data_;
};

TEST_F(EmployeesTest, SchemaLoadsAndTheMd5VerificationPasses) {
  CreateSchemaAndLoad();
  struct Expected {
    std::string table;
    size_t count;
    std::string md5;
  };
  const std::vector<Expected> expected = {
      {"employees", data_.employees.size(), Md5Chain(Texts(data_.employees))},
      {"departments", data_.departments.size(), Md5Chain(Texts(data_.departments))},
      {"dept_manager", data_.dept_manager.size(), Md5Chain(ByDepartment(data_.dept_manager))},
      {"dept_emp", data_.dept_emp.size(), Md5Chain(ByDepartment(data_.dept_emp))},
      {"titles", data_.titles.size(), Md5Chain(Texts(data_.titles))},
      {"salaries", data_.salaries.size(), Md5Chain(Texts(data_.salaries))},
  };
  for (const Expected& e : expected) {
    EXPECT_EQ(One(absl::StrCat("SELECT COUNT(*) FROM ", e.table)), std::to_string(e.count))
        << e.table;
  }

  // test_employees_md5.sql, with this data's expected values in place of the public dump's.
  Ok("USE employees");
  Ok("DROP TABLE IF EXISTS expected_values, found_values");
  Ok(R"(CREATE TABLE expected_values (
    table_name varchar(30) not null primary key,
    recs int not null,
    crc_sha varchar(100) not null,
    crc_md5 varchar(100) not null
))");
  Ok("CREATE TABLE found_values LIKE expected_values");
  std::vector<std::string> values;
  for (const Expected& e : expected) {
    values.push_back(absl::StrCat("('", e.table, "', ", e.count, ", '', '", e.md5, "')"));
  }
  Ok(absl::StrCat("INSERT INTO `expected_values` VALUES ", absl::StrJoin(values, ",")));
  Ok("DROP TABLE IF EXISTS tchecksum");
  Ok("CREATE TABLE tchecksum (chk char(100))");
  const std::vector<std::pair<std::string, std::string>> chains = {
      {"employees", R"(INSERT INTO tchecksum 
    SELECT @crc := MD5(CONCAT_WS('#',@crc,
                emp_no,birth_date,first_name,last_name,gender,hire_date)) 
    FROM employees ORDER BY emp_no)"},
      {"departments", R"(INSERT INTO tchecksum 
    SELECT @crc := MD5(CONCAT_WS('#',@crc, dept_no,dept_name)) 
    FROM departments ORDER BY dept_no)"},
      {"dept_manager", R"(INSERT INTO tchecksum 
    SELECT @crc := MD5(CONCAT_WS('#',@crc, dept_no,emp_no, from_date,to_date)) 
    FROM dept_manager ORDER BY dept_no,emp_no)"},
      {"dept_emp", R"(INSERT INTO tchecksum 
    SELECT @crc := MD5(CONCAT_WS('#',@crc, dept_no,emp_no, from_date,to_date)) 
    FROM dept_emp ORDER BY dept_no,emp_no)"},
      {"titles", R"(INSERT INTO tchecksum 
    SELECT @crc := MD5(CONCAT_WS('#',@crc, emp_no, title, from_date,to_date)) 
    FROM titles order by emp_no,title,from_date)"},
      {"salaries", R"(INSERT INTO tchecksum 
    SELECT @crc := MD5(CONCAT_WS('#',@crc, emp_no, salary, from_date,to_date)) 
    FROM salaries order by emp_no,from_date,to_date)"},
  };
  for (const auto& [table, chain] : chains) {
    Ok("SET @crc = ''");
    Ok(chain);
    Ok(absl::StrCat("INSERT INTO found_values values ('", table, "', (SELECT COUNT(*) FROM ",
                    table, "), @crc,@crc)"));
  }
  Ok("DROP TABLE tchecksum");
  absl::StatusOr<SqlResult> matches = Run(R"(SELECT  
    e.table_name, 
    IF(e.recs=f.recs,'OK', 'not ok') AS records_match, 
    IF(e.crc_md5=f.crc_md5,'ok','not ok') AS crc_match 
from 
    expected_values e INNER JOIN found_values f USING (table_name))");
  ASSERT_TRUE(matches.ok()) << matches.status();
  ASSERT_EQ(matches->rows.size(), 6u);
  for (const std::vector<Cell>& row : matches->rows) {
    EXPECT_EQ(row[1], Cell("OK")) << *row[0];
    EXPECT_EQ(row[2], Cell("ok")) << *row[0];
  }
  for (const Expected& e : expected) {
    const std::string same = One(absl::StrCat(
        "SELECT e.crc_md5 = f.crc_md5 FROM expected_values e INNER JOIN found_values f ON "
        "e.table_name = f.table_name WHERE e.table_name = '",
        e.table, "'"));
    // dept_manager and dept_emp sort by (dept_no, emp_no), not their primary key's order:
    // the chain follows the sorted rows.
    EXPECT_EQ(same, "1") << e.table;
  }
  Ok("set @crc_fail=(select count(*) from expected_values e inner join found_values f on "
     "(e.table_name=f.table_name) where f.crc_md5 != e.crc_md5)");
  Ok("set @count_fail=(select count(*) from expected_values e inner join found_values f on "
     "(e.table_name=f.table_name) where f.recs != e.recs)");
  Ok(R"(select timediff(
    now(),
    (select create_time from information_schema.tables where table_schema='employees' and table_name='expected_values')
) as computation_time)");
  Ok("DROP TABLE expected_values,found_values");
  absl::StatusOr<SqlResult> summary = Run(R"(select 'CRC' as summary,  if(@crc_fail = 0, "OK", "FAIL" ) as 'result'
union all
select 'count', if(@count_fail = 0, "OK", "FAIL" ))");
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->rows.size(), 2u);
  EXPECT_EQ(summary->rows[0][1], Cell("OK"));
  EXPECT_EQ(summary->rows[1][1], Cell("OK"));
  // The schema's views: one current department per employee.
  EXPECT_EQ(One("SELECT COUNT(*) FROM current_dept_emp"), std::to_string(kEmployees));
}

TEST_F(EmployeesTest, DeletingAnEmployeeCascadesAsTheSchemaSays) {
  CreateSchemaAndLoad();
  // An employee who is also a manager.
  const std::string emp_no = data_.dept_manager.front().texts[0];
  auto count_of = [&](const std::string& table) {
    return One(absl::StrCat("SELECT COUNT(*) FROM ", table, " WHERE emp_no = ", emp_no));
  };
  for (const char* table : {"dept_emp", "titles", "salaries", "dept_manager"}) {
    EXPECT_NE(count_of(table), "0") << table;
  }
  const std::string salaries_before = One("SELECT COUNT(*) FROM salaries");
  const std::string own_salaries = count_of("salaries");
  absl::StatusOr<SqlResult> deleted = Run(absl::StrCat("DELETE FROM employees WHERE emp_no = ", emp_no));
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->rows_affected, 1u);
  for (const char* table : {"dept_emp", "titles", "salaries", "dept_manager"}) {
    EXPECT_EQ(count_of(table), "0") << table;
  }
  EXPECT_EQ(std::stoll(One("SELECT COUNT(*) FROM salaries")),
            std::stoll(salaries_before) - std::stoll(own_salaries));

  // A department's rows go with it; a row without its parent is refused.
  Ok("DELETE FROM departments WHERE dept_no = 'd009'");
  EXPECT_EQ(One("SELECT COUNT(*) FROM dept_emp WHERE dept_no = 'd009'"), "0");
  EXPECT_EQ(One("SELECT COUNT(*) FROM dept_manager WHERE dept_no = 'd009'"), "0");
  absl::StatusOr<SqlResult> orphan =
      Run("INSERT INTO salaries VALUES (1, 100, '2000-01-01', '2001-01-01')");
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(GetMysqlErrno(orphan.status()), MysqlErrno::kNoReferencedRow);
  absl::StatusOr<SqlResult> drop = Run("DROP TABLE employees");
  ASSERT_FALSE(drop.ok());
  EXPECT_EQ(GetMysqlErrno(drop.status()), MysqlErrno::kFkCannotDropParent);
}

}  // namespace
}  // namespace ordinal::sqltest::employees
