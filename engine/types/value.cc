#include "engine/types/value.h"

#include <charconv>
#include <cmath>

#include "engine/types/collation.h"
#include "engine/types/collation_derivation.h"
#include "engine/types/json_sql.h"
#include "engine/types/number_text.h"

namespace ordinal::engine {
namespace {

int Sign(int c) { return (c > 0) - (c < 0); }

template <typename T>
int ThreeWay(T x, T y) {
  return (x > y) - (x < y);
}

}  // namespace

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kTinyInt: return "TINYINT";
    case ColumnType::kSmallInt: return "SMALLINT";
    case ColumnType::kMediumInt: return "MEDIUMINT";
    case ColumnType::kInt: return "INT";
    case ColumnType::kBigInt: return "BIGINT";
    case ColumnType::kBool: return "BOOLEAN";
    case ColumnType::kDecimal: return "DECIMAL";
    case ColumnType::kFloat: return "FLOAT";
    case ColumnType::kDouble: return "DOUBLE";
    case ColumnType::kBit: return "BIT";
    case ColumnType::kYear: return "YEAR";
    case ColumnType::kDate: return "DATE";
    case ColumnType::kDateTime: return "DATETIME";
    case ColumnType::kTimestamp: return "TIMESTAMP";
    case ColumnType::kTime: return "TIME";
    case ColumnType::kChar: return "CHAR";
    case ColumnType::kVarchar: return "VARCHAR";
    case ColumnType::kTinyText: return "TINYTEXT";
    case ColumnType::kText: return "TEXT";
    case ColumnType::kMediumText: return "MEDIUMTEXT";
    case ColumnType::kLongText: return "LONGTEXT";
    case ColumnType::kBinary: return "BINARY";
    case ColumnType::kVarBinary: return "VARBINARY";
    case ColumnType::kTinyBlob: return "TINYBLOB";
    case ColumnType::kBlob: return "BLOB";
    case ColumnType::kMediumBlob: return "MEDIUMBLOB";
    case ColumnType::kLongBlob: return "LONGBLOB";
    case ColumnType::kEnum: return "ENUM";
    case ColumnType::kSet: return "SET";
    case ColumnType::kJson: return "JSON";
  }
  return "UNKNOWN";
}

bool IsIntegerType(ColumnType type) {
  switch (type) {
    case ColumnType::kTinyInt:
    case ColumnType::kSmallInt:
    case ColumnType::kMediumInt:
    case ColumnType::kInt:
    case ColumnType::kBigInt:
    case ColumnType::kBool: return true;
    default: return false;
  }
}

bool HoldsInteger(ColumnType type) {
  return IsIntegerType(type) || type == ColumnType::kBit || type == ColumnType::kYear;
}

bool IsCharacterType(ColumnType type) {
  switch (type) {
    case ColumnType::kChar:
    case ColumnType::kVarchar:
    case ColumnType::kTinyText:
    case ColumnType::kText:
    case ColumnType::kMediumText:
    case ColumnType::kLongText: return true;
    default: return false;
  }
}

bool IsBinaryType(ColumnType type) {
  switch (type) {
    case ColumnType::kBinary:
    case ColumnType::kVarBinary:
    case ColumnType::kTinyBlob:
    case ColumnType::kBlob:
    case ColumnType::kMediumBlob:
    case ColumnType::kLongBlob: return true;
    default: return false;
  }
}

bool IsStringType(ColumnType type) {
  return IsCharacterType(type) || IsBinaryType(type) || type == ColumnType::kEnum ||
         type == ColumnType::kSet;
}

bool IsTemporalType(ColumnType type) {
  return type == ColumnType::kDate || type == ColumnType::kDateTime ||
         type == ColumnType::kTimestamp || type == ColumnType::kTime;
}

std::string Value::ToString() const {
  if (is_null()) return "NULL";
  if (is_string()) return string_value();
  if (is_decimal()) return decimal_value().ToString();
  char buf[64];
  if (is_int()) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), int_value());
    return std::string(buf, end);
  }
  if (is_uint()) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), uint_value());
    return std::string(buf, end);
  }
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), double_value());
  std::string out(buf, end);
  // MySQL writes exponents without '+' and without leading zeros: 1e20, 1e-7.
  size_t e = out.find('e');
  if (e == std::string::npos) return out;
  std::string_view exponent(out.data() + e + 1, out.size() - e - 1);
  bool negative = !exponent.empty() && exponent.front() == '-';
  if (!exponent.empty() && (exponent.front() == '-' || exponent.front() == '+')) {
    exponent.remove_prefix(1);
  }
  while (exponent.size() > 1 && exponent.front() == '0') exponent.remove_prefix(1);
  std::string shown = out.substr(0, e + 1);
  if (negative) shown.push_back('-');
  shown.append(exponent);
  return shown;
}

double Value::ToDouble() const {
  if (is_int()) return static_cast<double>(int_value());
  if (is_double()) return double_value();
  if (is_uint()) return static_cast<double>(uint_value());
  if (is_decimal()) return decimal_value().ToDouble();
  if (is_null()) return 0;
  std::string_view s = string_value();
  while (!s.empty() && number_text::IsSpace(s.front())) s.remove_prefix(1);
  bool integral = false;
  size_t len = number_text::NumericPrefixLength(s, &integral);
  return len == 0 ? 0.0 : number_text::ParseDouble(s.substr(0, len));
}

std::optional<Decimal> Value::ToDecimal() const {
  if (is_int()) return Decimal::FromInt(int_value());
  if (is_uint()) return Decimal::FromUInt(uint_value());
  if (is_decimal()) return decimal_value();
  return std::nullopt;
}

std::optional<bool> Value::ToBool() const {
  if (is_null()) return std::nullopt;
  if (is_int()) return int_value() != 0;
  if (is_uint()) return true;
  if (is_decimal()) return !decimal_value().is_zero();
  return ToDouble() != 0;
}

uint16_t ComparisonCollationId(const Value& a, const Value& b) {
  const DerivedCollation x = DerivedCollationOf(a);
  const DerivedCollation y = DerivedCollationOf(b);
  if (x.id == y.id) return x.id;
  const std::optional<DerivedCollation> common = AggregateCollations(x, y);
  return common.has_value() ? common->id : x.id;
}

namespace {

int CompareStrings(const Value& a, const Value& b) {
  const Collation* collation = FindCollationById(ComparisonCollationId(a, b));
  if (collation == nullptr) return Sign(a.string_value().compare(b.string_value()));
  return collation->Compare(a.string_value(), b.string_value());
}

}  // namespace

std::optional<int> CompareValues(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_json() || b.is_json()) return CompareJson(JsonOfSqlValue(a), JsonOfSqlValue(b));
  if (a.is_int() && b.is_int()) return ThreeWay(a.int_value(), b.int_value());
  if (a.is_integer() && b.is_integer()) return ThreeWay(a.integer_value(), b.integer_value());
  if (a.is_string() && b.is_string()) return CompareStrings(a, b);
  if ((a.is_decimal() || b.is_decimal()) && !a.is_double() && !b.is_double()) {
    std::optional<Decimal> x = a.ToDecimal(), y = b.ToDecimal();
    if (x && y) return Decimal::Compare(*x, *y);
  }
  return ThreeWay(a.ToDouble(), b.ToDouble());
}

int CompareForSort(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) {
    return static_cast<int>(!a.is_null()) - static_cast<int>(!b.is_null());
  }
  return *CompareValues(a, b);
}

}  // namespace ordinal::engine
