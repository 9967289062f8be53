// A table of wide rows for the MySQL protocol tests whose results must outgrow the
// server's statement memory or the sockets' buffers.
#ifndef ORDINAL_TESTS_MYSQL_WIDE_ROWS_H_
#define ORDINAL_TESTS_MYSQL_WIDE_ROWS_H_

#include "tests/mysql/raw_client.h"

namespace ordinal::testing {

// Creates database `s` and table s.t (id INT PRIMARY KEY, v TEXT) with ids 1..`rows`,
// each v `value_bytes` of 'x', over `client` (logged in); false when a statement failed.
bool CreateWideRows(RawMysqlClient& client, int rows, int value_bytes);

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_MYSQL_WIDE_ROWS_H_
