// Rows for the employees schema (employees_schema.h), made by a seeded generator so that
// the test needs none of the public dump files: the same seed gives the same rows on every
// machine (splitmix64, no std:: distributions). Shapes follow the real data: 9 departments,
// emp_no from 10001, each employee in one or two departments, one to three titles, a
// salary row per year of service; a few managers per department.
#ifndef ORDINAL_TESTS_SQL_EMPLOYEES_EMPLOYEES_DATA_H_
#define ORDINAL_TESTS_SQL_EMPLOYEES_EMPLOYEES_DATA_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ordinal::sqltest::employees {

// One row, each value as the SQL literal to insert (strings and dates quoted) and as the
// text MySQL's CONCAT_WS sees (unquoted); the table's column order.
struct Row {
  std::vector<std::string> literals;
  std::vector<std::string> texts;
};

struct Dataset {
  std::vector<Row> employees;
  std::vector<Row> departments;
  std::vector<Row> dept_manager;
  std::vector<Row> dept_emp;
  std::vector<Row> titles;
  std::vector<Row> salaries;
};

// `count` employees from `seed`. Rows of each table are in primary key order.
Dataset GenerateEmployees(uint64_t seed, int count);

}  // namespace ordinal::sqltest::employees

#endif  // ORDINAL_TESTS_SQL_EMPLOYEES_EMPLOYEES_DATA_H_
