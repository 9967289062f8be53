// The column definition MySQL's protocol sends with a result set (Protocol::ColumnDefinition41):
// type code, display length, flags, decimals and collation id, as MySQL 8 fills them for a
// table column or a computed value. The MySQL front end maps these to the wire as they are.
#ifndef ORDINAL_ENGINE_TYPES_COLUMN_METADATA_H_
#define ORDINAL_ENGINE_TYPES_COLUMN_METADATA_H_

#include <cstdint>
#include <string>

#include "engine/types/value.h"

namespace ordinal::engine {

// MySQL's enum_field_types values, as they travel on the wire.
namespace mysql_type {
inline constexpr uint8_t kDecimal = 0;  // not used by MySQL 8 (NEWDECIMAL is)
inline constexpr uint8_t kTiny = 1;
inline constexpr uint8_t kShort = 2;
inline constexpr uint8_t kLong = 3;
inline constexpr uint8_t kFloat = 4;
inline constexpr uint8_t kDouble = 5;
inline constexpr uint8_t kNull = 6;
inline constexpr uint8_t kTimestamp = 7;
inline constexpr uint8_t kLongLong = 8;
inline constexpr uint8_t kInt24 = 9;
inline constexpr uint8_t kDate = 10;
inline constexpr uint8_t kTime = 11;
inline constexpr uint8_t kDateTime = 12;
inline constexpr uint8_t kYear = 13;
inline constexpr uint8_t kVarchar = 15;
inline constexpr uint8_t kBit = 16;
inline constexpr uint8_t kJson = 245;
inline constexpr uint8_t kNewDecimal = 246;
inline constexpr uint8_t kEnum = 247;
inline constexpr uint8_t kSet = 248;
inline constexpr uint8_t kTinyBlob = 249;
inline constexpr uint8_t kMediumBlob = 250;
inline constexpr uint8_t kLongBlob = 251;
inline constexpr uint8_t kBlob = 252;
inline constexpr uint8_t kVarString = 253;
inline constexpr uint8_t kString = 254;
}  // namespace mysql_type

// MySQL's column flags.
namespace mysql_flag {
inline constexpr uint16_t kNotNull = 1;
inline constexpr uint16_t kPrimaryKey = 2;
inline constexpr uint16_t kUniqueKey = 4;
inline constexpr uint16_t kMultipleKey = 8;
inline constexpr uint16_t kBlob = 16;
inline constexpr uint16_t kUnsigned = 32;
inline constexpr uint16_t kZerofill = 64;
inline constexpr uint16_t kBinary = 128;
inline constexpr uint16_t kEnum = 256;
inline constexpr uint16_t kAutoIncrement = 512;
inline constexpr uint16_t kTimestamp = 1024;
inline constexpr uint16_t kSet = 2048;
inline constexpr uint16_t kNoDefaultValue = 4096;
inline constexpr uint16_t kOnUpdateNow = 8192;
inline constexpr uint16_t kNum = 32768;
}  // namespace mysql_flag

// Collation ids.
inline constexpr uint16_t kCollationBinary = 63;
inline constexpr uint16_t kCollationUtf8mb4Default = 255;  // utf8mb4_0900_ai_ci

struct ColumnMetadata {
  uint8_t type = mysql_type::kVarString;
  uint32_t length = 0;  // maximum display length in bytes (characters * 4 for utf8mb4)
  uint16_t flags = 0;
  uint8_t decimals = 0;  // 31 for FLOAT/DOUBLE without fixed decimals and for strings
  uint16_t collation = kCollationUtf8mb4Default;
  // Where a column comes from; empty for computed values.
  std::string database;
  std::string table;      // as named in the query (the alias)
  std::string org_table;  // the table's own name
  std::string org_name;   // the column's own name

  bool operator==(const ColumnMetadata& other) const = default;
};

// A table column of `type`. The caller adds kNotNull, key and kAutoIncrement flags and the
// names.
ColumnMetadata ColumnMetadataFor(const SqlType& type);

// A computed value whose type is `type` (BIGINT for integer arithmetic, DECIMAL, DOUBLE,
// VARCHAR, ...), as MySQL describes expressions of that type.
ColumnMetadata ExpressionMetadata(ColumnType type);

// A literal: MySQL's length is the literal's own (SELECT 1 is LONGLONG of length 1), NOT NULL
// unless it is NULL.
ColumnMetadata LiteralMetadata(const Value& literal);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_COLUMN_METADATA_H_
