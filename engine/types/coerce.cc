// CoerceToColumn: MySQL strict mode's conversions of a value into a column's type.
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/sql_error.h"
#include "engine/types/coerce_lenient.h"
#include "engine/types/json_sql.h"
#include "engine/types/number_text.h"
#include "engine/types/temporal.h"
#include "engine/types/value.h"

namespace ordinal::engine {
namespace {

using number_text::ParseStrictNumber;
using number_text::StrictNumber;

absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }

absl::Status WrongValueError(std::string_view kind, const Value& v, std::string_view column) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongValueForType,
                  absl::StrCat("Incorrect ", AbslView(kind), " value: '", v.ToString(),
                               "' for column '", AbslView(column), "'"));
}

absl::Status OutOfRangeError(std::string_view column) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kOutOfRange,
                  absl::StrCat("Out of range value for column '", AbslView(column), "'"));
}

absl::Status TooLongError(std::string_view column) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDataTooLong,
                  absl::StrCat("Data too long for column '", AbslView(column), "'"));
}

absl::Status TruncatedError(std::string_view column) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDataTruncated,
                  absl::StrCat("Data truncated for column '", AbslView(column), "'"));
}

// 2^64 as a double: the first double above every integer a column holds.
constexpr double kTwoPow64 = 18446744073709551616.0;

// A number's integer value rounded half away from zero, when it is within +-2^64 (beyond
// that every integer column is out of range anyway).
std::optional<__int128> RoundToInt128(const Value& v) {
  if (v.is_integer()) return v.integer_value();
  if (v.is_double()) {
    double d = v.double_value();
    if (!std::isfinite(d)) return std::nullopt;
    double r = std::round(d);
    if (r <= -kTwoPow64 || r >= kTwoPow64) return std::nullopt;
    return static_cast<__int128>(r);
  }
  const Decimal rounded = v.decimal_value().Rounded(0);
  if (rounded.IntegerDigits() > 20) return std::nullopt;
  __int128 out = 0;
  for (char c : rounded.coefficient()) out = out * 10 + (c - '0');
  return rounded.is_negative() ? -out : out;
}

// A string holding a whole number, as the number it reads as: an integer, a decimal (it
// has a point) or a double (it has an exponent). nullopt when it is not wholly a number.
std::optional<Value> StringAsNumber(const std::string& s) {
  std::optional<StrictNumber> n = ParseStrictNumber(s);
  if (!n) return std::nullopt;
  std::string_view text = n->text;
  if (text.find_first_of("eE") == std::string_view::npos) {
    std::optional<Decimal> d = Decimal::Parse(text);
    if (d) return Value::FromDecimal(*d);
  }
  return Value::Double(number_text::ParseDouble(text));
}

Value IntegerValue(__int128 i) {
  return i < 0 ? Value::Int(static_cast<int64_t>(i)) : Value::UInt(static_cast<uint64_t>(i));
}

// Any value as a number: numbers as they are, strings that are wholly a number as that
// number (1366 otherwise).
absl::StatusOr<Value> AsNumber(const Value& v, std::string_view kind, std::string_view column) {
  if (!v.is_string()) return v;
  std::optional<Value> n = StringAsNumber(v.string_value());
  if (!n) return WrongValueError(kind, v, column);
  return *n;
}

absl::StatusOr<Value> CoerceToInteger(const Value& v, const SqlType& type,
                                      std::string_view column) {
  absl::StatusOr<Value> number = AsNumber(v, "integer", column);
  if (!number.ok()) return number.status();
  std::optional<__int128> i = RoundToInt128(*number);
  if (type.type == ColumnType::kBool) {
    // Legacy BOOLEAN: huge numbers are still true.
    return Value::Bool(!i.has_value() || *i != 0);
  }
  __int128 min = 0, max = 0;
  IntegerRange(type, &min, &max);
  if (!i || *i < min || *i > max) return OutOfRangeError(column);
  return IntegerValue(*i);
}

absl::StatusOr<Value> CoerceToDecimal(const Value& v, const SqlType& type,
                                      std::string_view column) {
  absl::StatusOr<Value> number = AsNumber(v, "decimal", column);
  if (!number.ok()) return number.status();
  std::optional<Decimal> d = number->ToDecimal();
  if (!d && number->is_double()) d = Decimal::FromDouble(number->double_value());
  if (!d) return OutOfRangeError(column);
  Decimal rounded = d->Rounded(static_cast<int>(type.scale));
  if (rounded.IntegerDigits() > static_cast<int>(type.length - type.scale)) {
    return OutOfRangeError(column);
  }
  if (type.is_unsigned && rounded.is_negative()) return OutOfRangeError(column);
  return Value::FromDecimal(std::move(rounded));
}

// FLOAT keeps a float's precision: the value is the float nearest to the input, held as
// the double of that float's shortest decimal form (so FLOAT 1.1 shows and compares as 1.1).
double NearestFloat(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), static_cast<float>(d));
  double out = d;
  std::from_chars(buf, end, out);
  return out;
}

absl::StatusOr<Value> CoerceToFloating(const Value& v, const SqlType& type,
                                       std::string_view column) {
  const std::string_view kind = type.type == ColumnType::kFloat ? "float" : "double";
  if (v.is_double() && std::isnan(v.double_value())) return WrongValueError(kind, v, column);
  absl::StatusOr<Value> number = AsNumber(v, kind, column);
  if (!number.ok()) return number.status();
  double d = number->ToDouble();
  if (!std::isfinite(d)) return OutOfRangeError(column);
  if (type.length > 0) {  // (M,D): rounded to D digits, below 10^(M-D)
    const double scale = std::pow(10.0, type.scale);
    d = std::round(d * scale) / scale;
    if (std::fabs(d) >= std::pow(10.0, static_cast<double>(type.length - type.scale))) {
      return OutOfRangeError(column);
    }
  }
  if (type.is_unsigned && d < 0) return OutOfRangeError(column);
  if (type.type == ColumnType::kFloat) {
    if (std::fabs(d) > std::numeric_limits<float>::max()) return OutOfRangeError(column);
    d = NearestFloat(d);
  }
  if (d == 0) d = 0.0;  // no negative zero
  return Value::Double(d);
}

// BIT(n): numbers as they are; strings as big-endian binary numbers (as MySQL reads them).
absl::StatusOr<Value> CoerceToBit(const Value& v, const SqlType& type, std::string_view column) {
  __int128 i = 0;
  if (v.is_string()) {
    const std::string& s = v.string_value();
    size_t first = s.find_first_not_of('\0');
    if (first != std::string::npos && s.size() - first > 8) return TooLongError(column);
    for (size_t k = first == std::string::npos ? s.size() : first; k < s.size(); ++k) {
      i = (i << 8) | static_cast<unsigned char>(s[k]);
    }
  } else {
    std::optional<__int128> r = RoundToInt128(v);
    if (!r) return TooLongError(column);
    i = *r;
  }
  const __int128 max = (static_cast<__int128>(1) << type.length) - 1;
  if (i < 0 || i > max) return TooLongError(column);
  return IntegerValue(i);
}

// YEAR: 1901..2155 and 0; 1..69 mean 2001..2069 and 70..99 mean 1970..1999; the strings
// '0' and '00' mean 2000.
absl::StatusOr<Value> CoerceToYear(const Value& v, std::string_view column) {
  absl::StatusOr<Value> number = AsNumber(v, "integer", column);
  if (!number.ok()) return number.status();
  std::optional<__int128> i = RoundToInt128(*number);
  if (!i) return OutOfRangeError(column);
  int64_t year = static_cast<int64_t>(*i);
  if (v.is_string() && year == 0) {
    std::string_view text = number_text::TrimSpaces(v.string_value());
    if (text.size() <= 2 || text.find('.') != std::string_view::npos) year = 2000;
  }
  if (year >= 1 && year <= 69) year += 2000;
  if (year >= 70 && year <= 99) year += 1900;
  if (year != 0 && (year < 1901 || year > 2155)) return OutOfRangeError(column);
  return Value::Int(year);
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

absl::StatusOr<Value> CoerceToString(const Value& v, const SqlType& type,
                                     std::string_view column) {
  std::string bytes = v.is_string() ? v.string_value() : v.ToString();
  const ColumnType t = type.type;
  const uint32_t length = type.length;
  // As MySQL does: CHAR values lose their trailing spaces (they are padding, removed when
  // read); for VARCHAR, trailing spaces beyond the length are cut without an error.
  if (t == ColumnType::kChar) {
    bytes.erase(bytes.find_last_not_of(' ') + 1);
  } else if (t == ColumnType::kVarchar && bytes.size() > length) {
    size_t keep = bytes.find_last_not_of(' ') + 1;
    while (bytes.size() > keep && Utf8Length(bytes) > length) bytes.pop_back();
  }
  bool too_long = false;
  if (t == ColumnType::kChar || t == ColumnType::kVarchar) {
    too_long = bytes.size() > length && Utf8Length(bytes) > length;
  } else if (t == ColumnType::kBinary || t == ColumnType::kVarBinary) {
    too_long = bytes.size() > length;
  } else {
    too_long = bytes.size() > MaxByteLength(t);
  }
  if (too_long) return TooLongError(column);
  // BINARY(n) values are padded with zero bytes to n, as MySQL stores them.
  if (t == ColumnType::kBinary) bytes.resize(length, '\0');
  return Value::String(std::move(bytes));
}

// ENUM members and SET members match case-insensitively (MySQL's default collation) and are
// stored as declared.
std::optional<size_t> FindMember(const SqlType& type, std::string_view text) {
  for (size_t i = 0; i < type.elements.size(); ++i) {
    if (absl::EqualsIgnoreCase(type.elements[i], AbslView(text))) return i;
  }
  return std::nullopt;
}

absl::StatusOr<Value> CoerceToEnum(const Value& v, const SqlType& type, std::string_view column) {
  if (!v.is_string()) {
    std::optional<__int128> i = RoundToInt128(v.is_double() || v.is_decimal() ? v : v);
    if (!i || *i < 1 || *i > static_cast<__int128>(type.elements.size())) {
      return TruncatedError(column);
    }
    return Value::String(type.elements[static_cast<size_t>(*i - 1)]);
  }
  std::string_view text = v.string_value();
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::optional<size_t> member = FindMember(type, text);
  if (!member) return TruncatedError(column);
  return Value::String(type.elements[*member]);
}

absl::StatusOr<Value> CoerceToSet(const Value& v, const SqlType& type, std::string_view column) {
  uint64_t bits = 0;
  const uint64_t all = type.elements.size() >= 64 ? ~uint64_t{0}
                                                  : (uint64_t{1} << type.elements.size()) - 1;
  if (!v.is_string()) {
    std::optional<__int128> i = RoundToInt128(v);
    if (!i || *i < 0 || *i > static_cast<__int128>(all)) return TruncatedError(column);
    bits = static_cast<uint64_t>(*i);
  } else if (!v.string_value().empty()) {
    for (absl::string_view part : absl::StrSplit(v.string_value(), ',')) {
      std::optional<size_t> member = FindMember(type, std::string_view(part.data(), part.size()));
      if (!member) return TruncatedError(column);
      bits |= uint64_t{1} << *member;
    }
  }
  std::string out;
  for (size_t i = 0; i < type.elements.size(); ++i) {
    if (!(bits >> i & 1)) continue;
    if (!out.empty()) out.push_back(',');
    out.append(type.elements[i]);
  }
  return Value::String(std::move(out));
}

// JSON columns take JSON values and JSON text; MySQL rejects anything else, in every mode.
absl::StatusOr<Value> CoerceToJson(const Value& v, std::string_view column_name) {
  if (v.is_json()) return v;
  if (!v.is_string()) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidJsonText,
                    absl::StrCat("Invalid JSON text: \"not a JSON text, may need CAST\" at "
                                 "position 0 in value for column '",
                                 std::string(column_name), "'."));
  }
  absl::StatusOr<JsonValue> json = ParseJsonForColumn(v.string_value(), column_name);
  if (!json.ok()) return json.status();
  return SqlValueOfJson(*json);
}

}  // namespace

void IntegerRange(const SqlType& type, __int128* min, __int128* max) {
  int bits = 64;
  switch (type.type) {
    case ColumnType::kTinyInt: bits = 8; break;
    case ColumnType::kSmallInt: bits = 16; break;
    case ColumnType::kMediumInt: bits = 24; break;
    case ColumnType::kInt: bits = 32; break;
    default: break;
  }
  if (type.is_unsigned) {
    *min = 0;
    *max = (static_cast<__int128>(1) << bits) - 1;
  } else {
    *min = -(static_cast<__int128>(1) << (bits - 1));
    *max = (static_cast<__int128>(1) << (bits - 1)) - 1;
  }
}

absl::StatusOr<Value> CoerceToColumn(const Value& v, const SqlType& type,
                                     std::string_view column_name) {
  if (v.is_null()) return v;
  switch (type.type) {
    case ColumnType::kTinyInt:
    case ColumnType::kSmallInt:
    case ColumnType::kMediumInt:
    case ColumnType::kInt:
    case ColumnType::kBigInt:
    case ColumnType::kBool: return CoerceToInteger(v, type, column_name);
    case ColumnType::kDecimal: return CoerceToDecimal(v, type, column_name);
    case ColumnType::kFloat:
    case ColumnType::kDouble: return CoerceToFloating(v, type, column_name);
    case ColumnType::kBit: return CoerceToBit(v, type, column_name);
    case ColumnType::kYear: return CoerceToYear(v, column_name);
    case ColumnType::kEnum: return CoerceToEnum(v, type, column_name);
    case ColumnType::kSet: return CoerceToSet(v, type, column_name);
    case ColumnType::kDate:
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp:
    case ColumnType::kTime: return CoerceToTemporal(v, type.type, type.scale, column_name);
    case ColumnType::kJson: return CoerceToJson(v, column_name);
    default: return CoerceToString(v, type, column_name);
  }
}

absl::StatusOr<Value> CoerceToColumn(const Value& v, ColumnType type, uint32_t length,
                                     std::string_view column_name) {
  SqlType sql_type;
  sql_type.type = type;
  sql_type.length = length;
  if (type == ColumnType::kDecimal && length == 0) sql_type.length = 10;
  return CoerceToColumn(v, sql_type, column_name);
}

}  // namespace ordinal::engine
