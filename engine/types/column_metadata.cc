#include "engine/types/column_metadata.h"

#include <algorithm>

namespace ordinal::engine {
namespace {

constexpr uint32_t kMaxBytesPerChar = 4;  // utf8mb4
constexpr uint8_t kNotFixedDecimals = 31;

struct IntegerInfo {
  uint8_t type;
  uint32_t signed_width;
  uint32_t unsigned_width;
};

IntegerInfo IntegerInfoOf(ColumnType type) {
  switch (type) {
    case ColumnType::kTinyInt:
    case ColumnType::kBool: return {mysql_type::kTiny, 4, 3};
    case ColumnType::kSmallInt: return {mysql_type::kShort, 6, 5};
    case ColumnType::kMediumInt: return {mysql_type::kInt24, 9, 8};
    case ColumnType::kInt: return {mysql_type::kLong, 11, 10};
    default: return {mysql_type::kLongLong, 20, 20};
  }
}

ColumnMetadata Numeric(uint8_t type, uint32_t length, uint8_t decimals) {
  ColumnMetadata m;
  m.type = type;
  m.length = length;
  m.decimals = decimals;
  m.flags = mysql_flag::kNum | mysql_flag::kBinary;
  m.collation = kCollationBinary;
  return m;
}

ColumnMetadata Binary(uint8_t type, uint32_t length, uint16_t flags) {
  ColumnMetadata m;
  m.type = type;
  m.length = length;
  m.flags = flags | mysql_flag::kBinary;
  m.collation = kCollationBinary;
  return m;
}

ColumnMetadata Text(uint8_t type, uint64_t length, uint16_t flags) {
  ColumnMetadata m;
  m.type = type;
  m.length = static_cast<uint32_t>(std::min<uint64_t>(length, UINT32_MAX));
  m.flags = flags;
  return m;
}

// Temporal display lengths: the base plus a point and the fractional digits.
uint32_t TemporalLength(uint32_t base, uint32_t fsp) { return fsp > 0 ? base + 1 + fsp : base; }

// DATETIME, TIMESTAMP and TIME: binary, with the fractional digits as decimals.
ColumnMetadata Temporal(uint8_t type, uint32_t length, uint16_t flags, uint32_t fsp) {
  ColumnMetadata m = Binary(type, length, flags);
  m.decimals = static_cast<uint8_t>(fsp);
  return m;
}

}  // namespace

ColumnMetadata ColumnMetadataFor(const SqlType& type) {
  const ColumnType t = type.type;
  if (IsIntegerType(t)) {
    const IntegerInfo info = IntegerInfoOf(t);
    uint32_t width = type.is_unsigned ? info.unsigned_width : info.signed_width;
    if (t == ColumnType::kBool) width = 1;
    if (type.length > 0) width = type.length;
    ColumnMetadata m = Numeric(info.type, width, 0);
    if (type.is_unsigned) m.flags |= mysql_flag::kUnsigned;
    if (type.zerofill) m.flags |= mysql_flag::kZerofill;
    return m;
  }
  switch (t) {
    case ColumnType::kDecimal: {
      const uint32_t length = type.length + (type.scale > 0 ? 1 : 0) + (type.is_unsigned ? 0 : 1);
      ColumnMetadata m = Numeric(mysql_type::kNewDecimal, length, static_cast<uint8_t>(type.scale));
      if (type.is_unsigned) m.flags |= mysql_flag::kUnsigned;
      if (type.zerofill) m.flags |= mysql_flag::kZerofill;
      return m;
    }
    case ColumnType::kFloat:
    case ColumnType::kDouble: {
      const bool is_float = t == ColumnType::kFloat;
      ColumnMetadata m =
          type.length > 0
              ? Numeric(is_float ? mysql_type::kFloat : mysql_type::kDouble, type.length,
                        static_cast<uint8_t>(type.scale))
              : Numeric(is_float ? mysql_type::kFloat : mysql_type::kDouble, is_float ? 12 : 22,
                        kNotFixedDecimals);
      if (type.is_unsigned) m.flags |= mysql_flag::kUnsigned;
      if (type.zerofill) m.flags |= mysql_flag::kZerofill;
      return m;
    }
    case ColumnType::kBit: {
      ColumnMetadata m = Binary(mysql_type::kBit, type.length, mysql_flag::kUnsigned);
      return m;
    }
    case ColumnType::kYear: {
      ColumnMetadata m = Numeric(mysql_type::kYear, 4, 0);
      m.flags |= mysql_flag::kUnsigned | mysql_flag::kZerofill;
      return m;
    }
    case ColumnType::kDate: return Binary(mysql_type::kDate, 10, 0);
    case ColumnType::kDateTime:
      return Temporal(mysql_type::kDateTime, TemporalLength(19, type.scale), 0, type.scale);
    case ColumnType::kTimestamp:
      return Temporal(mysql_type::kTimestamp, TemporalLength(19, type.scale),
                      mysql_flag::kTimestamp, type.scale);
    case ColumnType::kTime:
      return Temporal(mysql_type::kTime, TemporalLength(10, type.scale), 0, type.scale);
    case ColumnType::kChar: return Text(mysql_type::kString, uint64_t{type.length} * kMaxBytesPerChar, 0);
    case ColumnType::kVarchar:
      return Text(mysql_type::kVarString, uint64_t{type.length} * kMaxBytesPerChar, 0);
    case ColumnType::kTinyText:
    case ColumnType::kText:
    case ColumnType::kMediumText:
      return Text(mysql_type::kBlob, MaxByteLength(t) * kMaxBytesPerChar, mysql_flag::kBlob);
    case ColumnType::kLongText: return Text(mysql_type::kBlob, MaxByteLength(t), mysql_flag::kBlob);
    case ColumnType::kBinary: return Binary(mysql_type::kString, type.length, 0);
    case ColumnType::kVarBinary: return Binary(mysql_type::kVarString, type.length, 0);
    case ColumnType::kTinyBlob:
    case ColumnType::kBlob:
    case ColumnType::kMediumBlob:
    case ColumnType::kLongBlob:
      return Binary(mysql_type::kBlob, static_cast<uint32_t>(MaxByteLength(t)), mysql_flag::kBlob);
    case ColumnType::kEnum:
    case ColumnType::kSet: {
      size_t longest = 0;
      size_t all = 0;
      for (const std::string& e : type.elements) {
        longest = std::max(longest, e.size());
        all += e.size() + 1;
      }
      const bool is_enum = t == ColumnType::kEnum;
      return Text(mysql_type::kString, (is_enum ? longest : all > 0 ? all - 1 : 0) * kMaxBytesPerChar,
                  is_enum ? mysql_flag::kEnum : mysql_flag::kSet);
    }
    // MySQL 8 sends a JSON column as type 245 with the binary collation, BLOB and BINARY
    // flags and the LONGBLOB length (JSON expressions: ExpressionMetadata).
    case ColumnType::kJson: return Binary(mysql_type::kJson, UINT32_MAX, mysql_flag::kBlob);
    default: return Text(mysql_type::kVarString, 0, 0);
  }
}

ColumnMetadata ExpressionMetadata(ColumnType type) {
  if (HoldsInteger(type) && type != ColumnType::kBit && type != ColumnType::kYear) {
    SqlType sql;
    sql.type = type;
    return ColumnMetadataFor(sql);
  }
  switch (type) {
    case ColumnType::kDecimal: return Numeric(mysql_type::kNewDecimal, 67, Decimal::kMaxScale);
    case ColumnType::kFloat: return Numeric(mysql_type::kFloat, 12, kNotFixedDecimals);
    case ColumnType::kDouble: return Numeric(mysql_type::kDouble, 22, kNotFixedDecimals);
    case ColumnType::kText:
      return Text(mysql_type::kBlob, MaxByteLength(type) * kMaxBytesPerChar, mysql_flag::kBlob);
    // A JSON expression (JSON_EXTRACT, ->, CAST(... AS JSON)) is type 245 in the connection's
    // character set, not binary as a JSON column is (drivers such as PyMySQL rely on this).
    case ColumnType::kJson: return Text(mysql_type::kJson, UINT32_MAX, mysql_flag::kBlob);
    default: {
      SqlType sql;
      sql.type = type;
      sql.length = 255;
      if (type == ColumnType::kChar || type == ColumnType::kVarchar) sql.type = ColumnType::kVarchar;
      return ColumnMetadataFor(sql);
    }
  }
}

ColumnMetadata LiteralMetadata(const Value& literal) {
  ColumnMetadata m;
  if (literal.is_null()) {
    m = Binary(mysql_type::kNull, 0, 0);
    return m;
  }
  const uint32_t shown = static_cast<uint32_t>(literal.ToString().size());
  if (literal.is_integer()) {
    m = Numeric(mysql_type::kLongLong, shown, 0);
    if (literal.is_uint()) m.flags |= mysql_flag::kUnsigned;
  } else if (literal.is_decimal()) {
    const Decimal& d = literal.decimal_value();
    // MySQL counts a sign position even for positive literals.
    m = Numeric(mysql_type::kNewDecimal, static_cast<uint32_t>(d.Precision()) + (d.scale() > 0) + 1,
                static_cast<uint8_t>(d.scale()));
  } else if (literal.is_double()) {
    m = Numeric(mysql_type::kDouble, shown, kNotFixedDecimals);
  } else {
    m = Text(mysql_type::kVarString, uint64_t{shown} * kMaxBytesPerChar, 0);
    m.decimals = kNotFixedDecimals;
  }
  m.flags |= mysql_flag::kNotNull;
  return m;
}

}  // namespace ordinal::engine
