#include "server/mysql/resultset.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>

#include "engine/types/temporal.h"
#include "server/mysql/wire.h"

namespace ordinal::server::mysql {
namespace {

constexpr uint8_t kDecimalsNotFixed = 31;  // a DOUBLE with no fixed number of decimals
constexpr uint32_t kUtf8mb4MaxBytes = 4;

int64_t AsInt(const engine::Value& v) {
  if (v.is_int()) return v.int_value();
  if (v.is_uint()) return static_cast<int64_t>(v.uint_value());  // the same 8 bytes
  const double d = v.ToDouble();
  if (!(d > static_cast<double>(std::numeric_limits<int64_t>::min()))) {
    return std::numeric_limits<int64_t>::min();
  }
  if (!(d < static_cast<double>(std::numeric_limits<int64_t>::max()))) {
    return std::numeric_limits<int64_t>::max();
  }
  return static_cast<int64_t>(std::llround(d));
}

// A DATE, DATETIME or TIMESTAMP (the engine's canonical text) in the binary protocol: a
// length (0, 4, 7 or 11) and the parts that are not zero.
void AppendBinaryDateTime(WireWriter& w, const engine::Value& v) {
  const std::optional<engine::TemporalParts> p = engine::ValueAsDateTime(v);
  if (!p) {
    w.Int1(0);
    return;
  }
  const bool has_time = p->hour != 0 || p->minute != 0 || p->second != 0;
  const uint8_t length = p->micro != 0 ? 11
                         : has_time    ? 7
                         : (p->year != 0 || p->month != 0 || p->day != 0) ? 4
                                                                            : 0;
  w.Int1(length);
  if (length == 0) return;
  w.Int2(static_cast<uint16_t>(p->year));
  w.Int1(static_cast<uint8_t>(p->month));
  w.Int1(static_cast<uint8_t>(p->day));
  if (length == 4) return;
  w.Int1(static_cast<uint8_t>(p->hour));
  w.Int1(static_cast<uint8_t>(p->minute));
  w.Int1(static_cast<uint8_t>(p->second));
  if (length == 11) w.Int4(static_cast<uint32_t>(p->micro));
}

// A TIME in the binary protocol: a length (0, 8 or 12), the sign, days, the time of day and
// the microseconds.
void AppendBinaryTime(WireWriter& w, const engine::Value& v) {
  const std::optional<engine::TemporalParts> p = engine::ValueAsTime(v);
  if (!p || (p->hour == 0 && p->minute == 0 && p->second == 0 && p->micro == 0)) {
    w.Int1(0);
    return;
  }
  w.Int1(p->micro != 0 ? 12 : 8);
  w.Int1(p->negative ? 1 : 0);
  w.Int4(static_cast<uint32_t>(p->hour / 24));
  w.Int1(static_cast<uint8_t>(p->hour % 24));
  w.Int1(static_cast<uint8_t>(p->minute));
  w.Int1(static_cast<uint8_t>(p->second));
  if (p->micro != 0) w.Int4(static_cast<uint32_t>(p->micro));
}

void AppendBinaryValue(WireWriter& w, FieldType type, const engine::Value& v) {
  switch (type) {
    case FieldType::kDate:
    case FieldType::kDateTime:
    case FieldType::kTimestamp: AppendBinaryDateTime(w, v); return;
    case FieldType::kTime: AppendBinaryTime(w, v); return;
    case FieldType::kTiny: w.Int1(static_cast<uint8_t>(AsInt(v))); return;
    case FieldType::kShort:
    case FieldType::kYear: w.Int2(static_cast<uint16_t>(AsInt(v))); return;
    case FieldType::kLong:
    case FieldType::kInt24: w.Int4(static_cast<uint32_t>(AsInt(v))); return;
    case FieldType::kLongLong: w.Int8(static_cast<uint64_t>(AsInt(v))); return;
    case FieldType::kFloat: {
      const float f = static_cast<float>(v.ToDouble());
      uint32_t bits = 0;
      std::memcpy(&bits, &f, sizeof bits);
      w.Int4(bits);
      return;
    }
    case FieldType::kDouble: {
      const double d = v.ToDouble();
      uint64_t bits = 0;
      std::memcpy(&bits, &d, sizeof bits);
      w.Int8(bits);
      return;
    }
    default:
      if (v.is_string()) {
        w.LenencString(v.string_value());  // as it is: no copy
      } else {
        w.LenencString(v.ToString());
      }
      return;
  }
}

// Whether a number shows differently in its column than on its own: a ZEROFILL column
// (YEAR among them) pads with zeros to its width, a FLOAT(M,D) or DOUBLE(M,D) column shows
// exactly D decimals.
bool NeedsColumnText(const ColumnMeta& column, const engine::Value& v) {
  if ((column.flags & column_flag::kZerofill) != 0 && v.is_integer()) return true;
  return (column.type == FieldType::kFloat || column.type == FieldType::kDouble) &&
         column.decimals < kDecimalsNotFixed && v.is_double();
}

std::string ColumnText(const ColumnMeta& column, const engine::Value& v) {
  if (v.is_double()) {
    char buffer[400];
    const int n = std::snprintf(buffer, sizeof buffer, "%.*f", column.decimals, v.double_value());
    if (n > 0 && static_cast<size_t>(n) < sizeof buffer) return std::string(buffer, n);
    return v.ToString();
  }
  std::string text = v.ToString();
  if (text.size() < column.length && text[0] != '-') {
    text.insert(0, column.length - text.size(), '0');
  }
  return text;
}

}  // namespace

// The engine's types grouped into the kinds this front end writes today.
engine::ColumnType WireKind(engine::ColumnType type) {
  using engine::ColumnType;
  if (type == ColumnType::kBool) return type;
  if (engine::HoldsInteger(type)) return ColumnType::kInt;
  if (type == ColumnType::kFloat || type == ColumnType::kDouble) return ColumnType::kDouble;
  if (type == ColumnType::kChar || type == ColumnType::kText) return type;
  if (engine::MaxByteLength(type) > 0) return ColumnType::kText;
  return ColumnType::kVarchar;
}

namespace {

// The numeric types a table column keeps on the wire (BIT and the decimals are described
// elsewhere).
bool IsPlainNumber(FieldType type) {
  switch (type) {
    case FieldType::kTiny:
    case FieldType::kShort:
    case FieldType::kInt24:
    case FieldType::kLong:
    case FieldType::kLongLong:
    case FieldType::kYear:
    case FieldType::kFloat:
    case FieldType::kDouble: return true;
    default: return false;
  }
}

}  // namespace

// What the engine knows beyond the kind (engine::ResultColumn::Metadata()): DECIMAL's type
// and scale, the temporal types with their precision, key/NOT NULL/UNSIGNED/AUTO_INCREMENT flags, and the column's table.
void AddEngineMetadata(const engine::ResultColumn& column, ColumnMeta& meta) {
  const engine::ColumnMetadata m = column.Metadata();
  if (column.type == engine::ColumnType::kDecimal) {
    meta.type = FieldType::kNewDecimal;
    meta.length = m.length;
    meta.decimals = m.decimals;
    meta.collation = kCollationBinary;
    meta.flags = column_flag::kNum | column_flag::kBinary;
  }
  if (engine::IsTemporalType(column.type)) {  // DATE 10, TIME 11, DATETIME 12, TIMESTAMP 7
    meta.type = static_cast<FieldType>(m.type);
    meta.length = m.length;
    meta.decimals = m.decimals;
    meta.collation = kCollationBinary;
    meta.flags = m.flags;
  }
  if (column.type == engine::ColumnType::kJson) {  // 245; a column binary, an expression text
    meta.type = static_cast<FieldType>(m.type);
    meta.length = m.length;
    meta.decimals = m.decimals;
    meta.collation = m.collation;
    meta.flags = m.flags;
  }
  constexpr uint16_t kCarried = engine::mysql_flag::kNotNull | engine::mysql_flag::kPrimaryKey |
                                engine::mysql_flag::kUniqueKey |
                                engine::mysql_flag::kMultipleKey |
                                engine::mysql_flag::kUnsigned | engine::mysql_flag::kZerofill |
                                engine::mysql_flag::kAutoIncrement |
                                engine::mysql_flag::kNoDefaultValue;
  meta.flags |= m.flags & kCarried;
  const engine::ColumnType kind = WireKind(column.type);
  const bool number = kind == engine::ColumnType::kInt || kind == engine::ColumnType::kDouble;
  if (m.org_name.empty()) {
    // A computed number whose description has the wire's type (COUNT(*) is a NOT NULL
    // LONGLONG of length 21, SELECT 1 one of length 1) keeps its length and flags.
    if (number && static_cast<FieldType>(m.type) == meta.type) {
      meta.length = m.length;
      meta.decimals = m.decimals;
      meta.flags = m.flags;
    }
  } else if (kind != engine::ColumnType::kBool &&
             (!number || IsPlainNumber(static_cast<FieldType>(m.type)))) {
    // A table's own column is described by its declared type, as MySQL does: SMALLINT as
    // SHORT, YEAR, FLOAT(7,2) with 2 decimals (its values always fit that type), VARCHAR(20)
    // as VAR_STRING of 80 bytes, ENUM as STRING with ENUM_FLAG, a binary string in the binary
    // collation. BIT and BOOLEAN keep the wire's kinds.
    meta.type = static_cast<FieldType>(m.type);
    meta.length = m.length;
    meta.decimals = m.decimals;
    meta.flags = m.flags;
    if (m.collation == engine::kCollationBinary) meta.collation = kCollationBinary;
  }
  if (!m.database.empty()) meta.schema = m.database;
  if (!m.table.empty()) meta.table = m.table;
}

ColumnMeta ColumnFor(const engine::ResultColumn& column) {
  ColumnMeta meta;
  meta.name = column.name;
  switch (WireKind(column.type)) {
    case engine::ColumnType::kInt:
      meta.type = FieldType::kLongLong;
      meta.length = 20;
      meta.flags = column_flag::kNum | column_flag::kBinary;
      break;
    case engine::ColumnType::kBool:
      meta.type = FieldType::kTiny;
      meta.length = 1;
      meta.flags = column_flag::kNum | column_flag::kBinary;
      break;
    case engine::ColumnType::kDouble:
      meta.type = FieldType::kDouble;
      meta.length = 22;
      meta.decimals = kDecimalsNotFixed;
      meta.flags = column_flag::kNum | column_flag::kBinary;
      break;
    case engine::ColumnType::kChar:
      meta.type = FieldType::kString;
      meta.collation = kCollationUtf8mb4GeneralCi;
      meta.length = 255 * kUtf8mb4MaxBytes;
      break;
    case engine::ColumnType::kVarchar:
      meta.type = FieldType::kVarString;
      meta.collation = kCollationUtf8mb4GeneralCi;
      meta.length = 65535;
      break;
    case engine::ColumnType::kText:
      meta.type = FieldType::kBlob;
      meta.collation = kCollationUtf8mb4GeneralCi;
      meta.length = 65535;
      meta.flags = column_flag::kBlob;
      break;
    default:
      break;
  }
  AddEngineMetadata(column, meta);
  return meta;
}

std::string ColumnDefinitionPacket(const ColumnMeta& c, bool with_default) {
  WireWriter w;
  w.LenencString("def");
  w.LenencString(c.schema);
  w.LenencString(c.table);
  w.LenencString(c.table);  // org_table
  w.LenencString(c.name);
  w.LenencString(c.name);  // org_name
  w.LenencInt(0x0c);       // length of the fixed fields
  w.Int2(c.collation);
  w.Int4(c.length);
  w.Int1(static_cast<uint8_t>(c.type));
  w.Int2(c.flags);
  w.Int1(c.decimals);
  w.Zeros(2);
  if (with_default) w.Int1(0xfb);
  return w.Take();
}

std::string TextRowPacket(const std::vector<ColumnMeta>& columns,
                          const std::vector<engine::Value>& row) {
  WireWriter w;
  for (size_t i = 0; i < row.size(); ++i) {
    const engine::Value& v = row[i];
    if (v.is_null()) {
      w.Int1(0xfb);
    } else if (v.is_string()) {
      w.LenencString(v.string_value());
    } else if (i < columns.size() && NeedsColumnText(columns[i], v)) {
      w.LenencString(ColumnText(columns[i], v));
    } else {
      w.LenencString(v.ToString());
    }
  }
  return w.Take();
}

std::string BinaryRowPacket(const std::vector<ColumnMeta>& columns,
                            const std::vector<engine::Value>& row) {
  std::string out;
  AppendBinaryRow(columns, row, &out);
  return out;
}

void AppendBinaryRow(const std::vector<ColumnMeta>& columns, const std::vector<engine::Value>& row,
                     std::string* out) {
  // The bitmap of a binary row is offset by 2 bits.
  constexpr size_t kOffset = 2;
  std::string bitmap((row.size() + 7 + kOffset) / 8, '\0');
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i].is_null()) bitmap[(i + kOffset) / 8] |= static_cast<char>(1 << ((i + kOffset) % 8));
  }
  // Room for the whole row at once: strings with their length, up to 9 bytes for others.
  size_t size = out->size() + 1 + bitmap.size();
  for (const engine::Value& v : row) size += v.is_string() ? 9 + v.string_value().size() : 9;
  out->reserve(size);
  WireWriter w(std::move(*out));
  w.Int1(0x00);
  w.Bytes(bitmap);
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i].is_null()) continue;
    const FieldType type = i < columns.size() ? columns[i].type : FieldType::kVarString;
    AppendBinaryValue(w, type, row[i]);
  }
  *out = w.Take();
}

}  // namespace ordinal::server::mysql
