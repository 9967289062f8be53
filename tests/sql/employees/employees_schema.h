// The schema statements of MySQL's "employees" sample database, reproduced unchanged as test
// input. Source: employees.sql of github.com/datacharmer/test_db (schema by Giuseppe Maxia,
// data conversion by Patrick Crews; Creative Commons Attribution-Share Alike 3.0). Only the
// statements are kept: the client's comments and `source` commands (which load the public
// dump files, not included here) are left out.
#ifndef ORDINAL_TESTS_SQL_EMPLOYEES_EMPLOYEES_SCHEMA_H_
#define ORDINAL_TESTS_SQL_EMPLOYEES_EMPLOYEES_SCHEMA_H_

#include <string_view>
#include <vector>

namespace ordinal::sqltest::employees {

// The statements before the six tables, the tables, and the statements after them.
struct SchemaScript {
  std::vector<std::string_view> prologue;
  std::vector<std::string_view> tables;  // the six CREATE TABLE statements
  std::vector<std::string_view> epilogue;  // views, FLUSH LOGS
};

const SchemaScript& EmployeesSchema();

}  // namespace ordinal::sqltest::employees

#endif  // ORDINAL_TESTS_SQL_EMPLOYEES_EMPLOYEES_SCHEMA_H_
