// The SQL script format (README.md): records separated by blank lines, each a header line,
// the statement, and for queries `----` followed by the expected rows. `#` lines outside the
// expected rows are comments.
//
//   statement ok [affected N]      the statement succeeds (and affects N rows)
//   statement error [ERRNO]        the statement fails (with MySQL error number ERRNO)
//   query [rowsort]                the statement returns exactly the rows below `----`
#ifndef ORDINAL_TESTS_SQL_SCRIPT_H_
#define ORDINAL_TESTS_SQL_SCRIPT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ordinal::sqltest {

enum class RecordKind { kStatementOk, kStatementError, kQuery };

struct Record {
  RecordKind kind = RecordKind::kStatementOk;
  int line = 0;                       // 1-based line of the header, for failure messages
  std::string sql;                    // the statement's lines joined with '\n'
  std::optional<uint64_t> affected;   // kStatementOk: expected rows_affected
  std::optional<int> error_code;      // kStatementError: expected MySQL errno
  bool rowsort = false;               // kQuery: compare rows as sorted lines
  std::vector<std::string> expected;  // kQuery: one line per row, cells joined with '\t'
};

// Splits a script into records. Fails (INVALID_ARGUMENT naming the line) on an unknown
// header, a record without a statement, or a query without `----`.
absl::StatusOr<std::vector<Record>> ParseScript(std::string_view text);

}  // namespace ordinal::sqltest

#endif  // ORDINAL_TESTS_SQL_SCRIPT_H_
