#include "tests/mysql/wide_rows.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace ordinal::testing {
namespace {

bool Ok(RawMysqlClient& client, const std::string& sql) {
  return client.SendPacket("\x03" + sql, 0) && IsOk(client.ReadPacket());
}

}  // namespace

bool CreateWideRows(RawMysqlClient& client, int rows, int value_bytes) {
  if (!Ok(client, "CREATE DATABASE s") ||
      !Ok(client, "CREATE TABLE s.t (id INT PRIMARY KEY, v TEXT)")) {
    return false;
  }
  constexpr int kPerInsert = 100;
  for (int first = 1; first <= rows; first += kPerInsert) {
    std::string sql = "INSERT INTO s.t VALUES ";
    for (int id = first; id < first + kPerInsert && id <= rows; ++id) {
      absl::StrAppend(&sql, id == first ? "" : ", ", "(", id, ", REPEAT('x', ", value_bytes,
                      "))");
    }
    if (!Ok(client, sql)) return false;
  }
  return true;
}

}  // namespace ordinal::testing
