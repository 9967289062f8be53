// How the `ordinal` CLI prints results, in the mysql client's formats.
//
//   table     +----+-------+        vertical  *************************** 1. row ***
//             | id | name  |                    id: 1
//             +----+-------+                  name: abc
//             |  1 | abc   |
//             +----+-------+        batch     id<TAB>name
//                                             1<TAB>abc
//
// Tables right-align numeric columns and size columns by characters (UTF-8 code points),
// not bytes. Batch output escapes NUL, tab, newline and backslash in values as \0 \t \n \\.
// NULL prints as NULL everywhere.
#ifndef ORDINAL_CLIENT_CLI_FORMATTER_H_
#define ORDINAL_CLIENT_CLI_FORMATTER_H_

#include <string>
#include <string_view>

#include "client/result_set.h"

namespace ordinal::cli {

// The bordered table of the interactive prompt and of --table. Rows-less results give "".
std::string FormatTable(const ResultSet& result);

// One block per row, headed `*************************** N. row ***************************`,
// with column names right-aligned before `: value`.
std::string FormatVertical(const ResultSet& result);

// Tab-separated rows, each ending in '\n', preceded by a header row of the column names when
// `column_names` is true.
std::string FormatBatch(const ResultSet& result, bool column_names);

// A value escaped as mysql --batch does: \0, \t, \n and \\ for NUL, tab, newline, backslash.
std::string EscapeBatchValue(std::string_view value);

// The interactive summary line: "3 rows in set (0.00 sec)", "1 row in set (...)",
// "Empty set (...)" for results with rows; "Query OK, 2 rows affected (0.01 sec)" otherwise,
// followed by the info line when there is one ("Records: 2  Duplicates: 0").
// Ends with '\n'.
std::string FormatSummary(const ResultSet& result, double seconds);

// "(0.00 sec)", or "(1 min 2.50 sec)" past a minute, as mysql prints elapsed time.
std::string FormatElapsed(double seconds);

// Number of characters (UTF-8 code points) `text` shows as.
size_t DisplayWidth(std::string_view text);

}  // namespace ordinal::cli

#endif  // ORDINAL_CLIENT_CLI_FORMATTER_H_
