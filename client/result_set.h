// ResultSet: the typed answer to one statement.
//
// A statement either produces rows (SELECT, SHOW, DESCRIBE, EXPLAIN, CHECKSUM: has_rows is
// true, even with zero rows) or changes data (rows_affected, last_insert_id,
// commit_position, info). It is plain data: copy it, keep it after the Client is gone.
#ifndef ORDINAL_CLIENT_RESULT_SET_H_
#define ORDINAL_CLIENT_RESULT_SET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/value.h"

namespace ordinal {

// A column's declared type, as the server reports it.
enum class ColumnType {
  kUnspecified,  // expressions whose type the server does not name
  kInt,          // 64-bit signed integer (INT, INTEGER, BIGINT)
  kDouble,       // DOUBLE
  kChar,         // CHAR(n)
  kVarchar,      // VARCHAR(n)
  kText,         // TEXT
  kBool,         // BOOLEAN: the integers 0 and 1
};

// "INT", "DOUBLE", "CHAR", "VARCHAR", "TEXT", "BOOLEAN" or "UNSPECIFIED".
std::string_view ColumnTypeName(ColumnType type);

// Whether values of `type` are numbers (the mysql client right-aligns them in tables).
bool IsNumericType(ColumnType type);

struct Column {
  std::string name;
  ColumnType type = ColumnType::kUnspecified;
};

// One row: a Value per column, in column order.
using Row = std::vector<Value>;

struct ResultSet {
  // True when the statement produces rows (possibly zero of them).
  bool has_rows = false;
  std::vector<Column> columns;
  std::vector<Row> rows;
  // Rows inserted, updated or deleted, counted as MySQL does.
  uint64_t rows_affected = 0;
  // The first AUTO_INCREMENT value the statement generated, or 0.
  uint64_t last_insert_id = 0;
  // Position of the write the statement committed, or 0 when it committed nothing.
  uint64_t commit_position = 0;
  // A short text such as "Records: 3  Duplicates: 0" (may be empty).
  std::string info;

  size_t row_count() const { return rows.size(); }
};

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_RESULT_SET_H_
