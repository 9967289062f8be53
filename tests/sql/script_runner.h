// Runs the records of a SQL script (script.h) against a SqlBackend and reports every record
// whose outcome differs from the script's expectation. A mismatch does not stop the run:
// later records still execute, so one run shows every difference.
//
// Rendering of query rows: cells joined with '\t'; NULL as `NULL`; an empty string as
// `(empty)`; a newline, tab or backslash inside a value as `\n`, `\t`, `\\`.
#ifndef ORDINAL_TESTS_SQL_SCRIPT_RUNNER_H_
#define ORDINAL_TESTS_SQL_SCRIPT_RUNNER_H_

#include <string>
#include <vector>

#include "tests/sql/script.h"
#include "tests/sql/sql_backend.h"

namespace ordinal::sqltest {

struct Mismatch {
  int line = 0;  // the record's header line
  std::string sql;
  std::string expected;
  std::string actual;
};

// One row as a script's expected-output line.
std::string RenderRow(const std::vector<Cell>& row);

// Runs `records` in order on `backend`; returns the mismatches in script order.
std::vector<Mismatch> RunScript(const std::vector<Record>& records, SqlBackend& backend);

}  // namespace ordinal::sqltest

#endif  // ORDINAL_TESTS_SQL_SCRIPT_RUNNER_H_
