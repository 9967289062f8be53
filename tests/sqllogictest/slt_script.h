// The sqllogictest file format (https://www.sqlite.org/sqllogictest/doc/trunk/about.wiki):
// records separated by blank lines, each optionally preceded by `skipif X` / `onlyif X`
// condition lines:
//
//   statement ok|error
//   <sql, one or more lines>
//
//   query <types> [nosort|rowsort|valuesort] [label]
//   <sql>
//   ----
//   <expected values, one per line>  |  N values hashing to <md5>
//
//   hash-threshold N
//   halt
//
// `types` has one letter per result column: I (integer), R (real, three decimals), T (text).
// ParseSltScript only splits the text into records; what they mean is slt_runner's business.
#ifndef ORDINAL_TESTS_SQLLOGICTEST_SLT_SCRIPT_H_
#define ORDINAL_TESTS_SQLLOGICTEST_SLT_SCRIPT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ordinal::slt {

enum class RecordKind { kStatement, kQuery, kHashThreshold, kHalt };

enum class SortMode { kNoSort, kRowSort, kValueSort };

// `N values hashing to H`: the expected count of values and the md5 (lowercase hex).
struct ExpectedHash {
  int64_t count = 0;
  std::string md5;
};

struct Condition {
  bool only = false;   // onlyif (true) or skipif (false)
  std::string engine;  // "mysql", "sqlite", "postgresql", ...
};

struct Record {
  RecordKind kind = RecordKind::kStatement;
  int line = 0;  // 1-based line of the record's first line (conditions included)
  std::vector<Condition> conditions;

  std::string sql;  // kStatement, kQuery; lines joined with '\n'

  bool expect_error = false;  // kStatement: `statement error`

  std::string types;  // kQuery: one of I, R, T per column
  SortMode sort = SortMode::kNoSort;
  std::string label;  // kQuery: "" when none
  std::vector<std::string> expected_values;  // kQuery: the lines after ----
  std::optional<ExpectedHash> expected_hash;  // kQuery: instead of the values

  int64_t threshold = 0;  // kHashThreshold
};

// Whether `record` runs on an engine named `engine` (OrdinalDB is "mysql"): no `skipif
// engine`, and either no `onlyif` or an `onlyif engine`.
bool AppliesTo(const Record& record, std::string_view engine);

// Splits a script into records. INVALID_ARGUMENT naming the line for a record this format
// does not know (an unknown record type, a query without types, a bad hash line).
absl::StatusOr<std::vector<Record>> ParseSltScript(std::string_view text);

}  // namespace ordinal::slt

#endif  // ORDINAL_TESTS_SQLLOGICTEST_SLT_SCRIPT_H_
