// Result sets on the wire: column definitions (Protocol::ColumnDefinition41) from the
// engine's result columns, and rows in the text protocol (COM_QUERY: every value a
// length-encoded string, 0xfb for NULL) and the binary protocol (COM_STMT_EXECUTE: a NULL
// bitmap, then each value in its column type's binary form).
//
// The column types map as: a table's integer, YEAR, FLOAT and DOUBLE columns -> their declared
// type (TINY, SHORT, INT24, LONG, LONGLONG, YEAR, FLOAT, DOUBLE); computed integers ->
// LONGLONG, computed floating point -> DOUBLE, BOOLEAN -> TINY(1),
// CHAR -> STRING, VARCHAR -> VAR_STRING, TEXT -> BLOB, the strings in utf8mb4.
#ifndef ORDINAL_SERVER_MYSQL_RESULTSET_H_
#define ORDINAL_SERVER_MYSQL_RESULTSET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/database.h"
#include "engine/types/value.h"
#include "server/mysql/protocol.h"

namespace ordinal::server::mysql {

struct ColumnMeta {
  std::string schema;
  std::string table;
  std::string name;
  uint16_t collation = kCollationBinary;
  uint32_t length = 0;
  FieldType type = FieldType::kVarString;
  uint16_t flags = 0;
  uint8_t decimals = 0;
};

ColumnMeta ColumnFor(const engine::ResultColumn& column);

// A ColumnDefinition41. `with_default` adds the empty default value COM_FIELD_LIST sends.
std::string ColumnDefinitionPacket(const ColumnMeta& column, bool with_default = false);

// `columns` are the row's column definitions: a ZEROFILL column's integers are padded to its
// width (YEAR 0 is 0000) and a FLOAT(M,D)/DOUBLE(M,D) column's values show D decimals.
std::string TextRowPacket(const std::vector<ColumnMeta>& columns,
                          const std::vector<engine::Value>& row);

// Values that do not have their column's type (an engine expression typed loosely) are
// converted to it.
std::string BinaryRowPacket(const std::vector<ColumnMeta>& columns,
                            const std::vector<engine::Value>& row);
// The same payload, appended to `*out`.
void AppendBinaryRow(const std::vector<ColumnMeta>& columns, const std::vector<engine::Value>& row,
                     std::string* out);

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_RESULTSET_H_
