// Runs parsed sqllogictest records (slt_script.h) against a SqlBackend and scores them.
//
// Semantics, as SQLite's reference runner has them, with OrdinalDB counting as `mysql` for
// skipif/onlyif:
//   - `statement ok` passes when the statement succeeds; `statement error` when it fails.
//   - `query`: every value is formatted by its column's type letter (NULL -> "NULL";
//     I: the value as a 64-bit integer, a real truncated, text by its leading number;
//     R: "%.3f"; T: the text, "(empty)" for '', bytes outside printable ASCII as '@'),
//     then sorted by the sort mode (rowsort: rows compared value by value; valuesort: all
//     values), then compared with the expected values, or as a count plus the md5 of every
//     value followed by '\n' when the record gives `N values hashing to H`.
//     Expected lines that hold a whole row (values separated by spaces) are accepted too.
//   - `halt` stops the file; records after it are not counted.
// Every applicable statement and query record counts once, passed or failed; a failure is
// filed under a cause ("select: syntax error near JOIN", "insert: error 1366", "select:
// wrong result") so the summary can rank what to fix; a wrong result after a failed
// `statement ok` record is filed as "wrong result after a failed statement", since the table
// it reads was probably not filled as the script meant.
//
// Thread safety: none needed; one runner per file.
#ifndef ORDINAL_TESTS_SQLLOGICTEST_SLT_RUNNER_H_
#define ORDINAL_TESTS_SQLLOGICTEST_SLT_RUNNER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tests/sql/sql_backend.h"
#include "tests/sqllogictest/slt_script.h"

namespace ordinal::slt {

inline constexpr std::string_view kEngineName = "mysql";

struct Failure {
  int line = 0;
  std::string cause;   // the bucket it is counted in
  std::string detail;  // what happened (error message, first differing value)
};

struct FileReport {
  int64_t total = 0;    // applicable statement and query records run
  int64_t passed = 0;
  int64_t skipped = 0;  // records excluded by skipif/onlyif
  std::vector<Failure> failures;
};

struct RunOptions {
  // Stop after this many applicable records (0: no limit); counts stay comparable because
  // the records run are always the file's first ones.
  int64_t max_records = 0;
};

// Runs `records` in order on `backend` (a fresh database for this file).
FileReport RunRecords(const std::vector<Record>& records, sqltest::SqlBackend& backend,
                      const RunOptions& options);

// The values of a result, formatted by `types` and ordered by `sort` (exposed for tests).
std::vector<std::string> FormatResult(const std::vector<std::vector<sqltest::Cell>>& rows,
                                      std::string_view types, SortMode sort);

// The lowercase hex md5 of every value followed by '\n'.
std::string HashValues(const std::vector<std::string>& values);

}  // namespace ordinal::slt

#endif  // ORDINAL_TESTS_SQLLOGICTEST_SLT_RUNNER_H_
