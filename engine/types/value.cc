#include "engine/types/value.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::engine {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The length of the longest prefix of `s` (which starts at a non-space) that reads as a
// decimal number: [+-] digits [. digits] [e [+-] digits], with at least one digit in the
// mantissa. `*integral` tells whether that prefix has neither a point nor an exponent.
size_t NumericPrefixLength(std::string_view s, bool* integral) {
  size_t i = 0;
  *integral = true;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    size_t j = i + 1;
    size_t fraction = 0;
    while (j < s.size() && IsDigit(s[j])) ++j, ++fraction;
    if (digits + fraction > 0) {
      i = j;
      digits += fraction;
      *integral = false;
    }
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && IsDigit(s[j])) {
      while (j < s.size() && IsDigit(s[j])) ++j;
      i = j;
      *integral = false;
    }
  }
  return i;
}

// Parses a numeric prefix found by NumericPrefixLength. Out-of-range magnitudes saturate
// to +-infinity (callers decide whether that is an error) and underflow to zero.
double ParseDouble(std::string_view number) {
  bool negative = false;
  if (!number.empty() && (number[0] == '+' || number[0] == '-')) {
    negative = number[0] == '-';
    number.remove_prefix(1);
  }
  double d = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), d);
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves `d` unchanged; tell overflow from underflow by the exponent sign
    // and the mantissa.
    bool tiny = number.find("e-") != std::string_view::npos ||
                number.find("E-") != std::string_view::npos;
    d = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  }
  return negative ? -d : d;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A string that is wholly a number (surrounding spaces allowed), as strict mode wants it.
struct StrictNumber {
  std::string_view text;  // the number without surrounding spaces
  bool integral = false;
};

std::optional<StrictNumber> ParseStrictNumber(std::string_view s) {
  StrictNumber n;
  n.text = TrimSpaces(s);
  size_t len = NumericPrefixLength(n.text, &n.integral);
  if (len == 0 || len != n.text.size()) return std::nullopt;
  return n;
}

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

// 2^63 as a double: the first double above every int64.
constexpr double kTwoPow63 = 9223372036854775808.0;

// Rounds half away from zero; nullopt when the result does not fit an int64.
std::optional<int64_t> RoundToInt64(double d) {
  if (!std::isfinite(d)) return std::nullopt;
  double r = std::round(d);
  if (r < -kTwoPow63 || r >= kTwoPow63) return std::nullopt;
  return static_cast<int64_t>(r);
}

absl::StatusOr<Value> CoerceToInt(const Value& v, std::string_view column) {
  if (v.is_int()) return v;
  if (v.is_double()) {
    std::optional<int64_t> i = RoundToInt64(v.double_value());
    if (!i) return OutOfRangeError(column);
    return Value::Int(*i);
  }
  std::optional<StrictNumber> n = ParseStrictNumber(v.string_value());
  if (!n) return WrongValueError("integer", v, column);
  if (n->integral) {
    std::string_view digits = n->text;
    if (digits[0] == '+') digits.remove_prefix(1);
    int64_t i = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
    if (ec == std::errc::result_out_of_range) return OutOfRangeError(column);
    if (ec == std::errc() && ptr == digits.data() + digits.size()) return Value::Int(i);
  }
  std::optional<int64_t> i = RoundToInt64(ParseDouble(n->text));
  if (!i) return OutOfRangeError(column);
  return Value::Int(*i);
}

absl::StatusOr<Value> CoerceToDouble(const Value& v, std::string_view column) {
  double d = 0;
  if (v.is_int()) {
    d = static_cast<double>(v.int_value());
  } else if (v.is_double()) {
    d = v.double_value();
    if (std::isnan(d)) return WrongValueError("double", v, column);
  } else {
    std::optional<StrictNumber> n = ParseStrictNumber(v.string_value());
    if (!n) return WrongValueError("double", v, column);
    d = ParseDouble(n->text);
  }
  if (std::isinf(d)) return OutOfRangeError(column);
  return Value::Double(d);
}

absl::StatusOr<Value> CoerceToBool(const Value& v, std::string_view column) {
  if (v.is_double() && std::isnan(v.double_value())) return WrongValueError("integer", v, column);
  absl::StatusOr<Value> as_int = CoerceToInt(v, column);
  if (!as_int.ok()) {
    // Huge numbers are still true; only non-numbers are an error.
    if (GetMysqlErrno(as_int.status()) != MysqlErrno::kOutOfRange) return as_int.status();
    return Value::Bool(true);
  }
  return Value::Bool(as_int->int_value() != 0);
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

absl::StatusOr<Value> CoerceToString(const Value& v, ColumnType type, uint32_t length,
                                     std::string_view column) {
  std::string bytes = v.is_string() ? v.string_value() : v.ToString();
  // As MySQL does: CHAR values lose their trailing spaces (they are padding, removed when
  // read); for VARCHAR, trailing spaces beyond the length are cut without an error.
  if (type == ColumnType::kChar) {
    bytes.erase(bytes.find_last_not_of(' ') + 1);
  } else if (type == ColumnType::kVarchar && bytes.size() > length) {
    size_t keep = bytes.find_last_not_of(' ') + 1;
    while (bytes.size() > keep && Utf8Length(bytes) > length) bytes.pop_back();
  }
  bool too_long = type == ColumnType::kText ? bytes.size() > 65535
                                            : bytes.size() > length && Utf8Length(bytes) > length;
  if (too_long) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDataTooLong,
                    absl::StrCat("Data too long for column '", AbslView(column), "'"));
  }
  return Value::String(std::move(bytes));
}

int Sign(int c) { return (c > 0) - (c < 0); }

}  // namespace

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kInt: return "INT";
    case ColumnType::kDouble: return "DOUBLE";
    case ColumnType::kChar: return "CHAR";
    case ColumnType::kVarchar: return "VARCHAR";
    case ColumnType::kText: return "TEXT";
    case ColumnType::kBool: return "BOOLEAN";
  }
  return "UNKNOWN";
}

bool IsStringType(ColumnType type) {
  return type == ColumnType::kChar || type == ColumnType::kVarchar || type == ColumnType::kText;
}

std::string Value::ToString() const {
  if (is_null()) return "NULL";
  if (is_string()) return string_value();
  char buf[64];
  if (is_int()) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), int_value());
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
  if (is_null()) return 0;
  std::string_view s = string_value();
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  bool integral = false;
  size_t len = NumericPrefixLength(s, &integral);
  return len == 0 ? 0.0 : ParseDouble(s.substr(0, len));
}

std::optional<bool> Value::ToBool() const {
  if (is_null()) return std::nullopt;
  if (is_int()) return int_value() != 0;
  return ToDouble() != 0;
}

std::optional<int> CompareValues(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_int() && b.is_int()) {
    int64_t x = a.int_value(), y = b.int_value();
    return (x > y) - (x < y);
  }
  if (a.is_string() && b.is_string()) return Sign(a.string_value().compare(b.string_value()));
  double x = a.ToDouble(), y = b.ToDouble();
  return (x > y) - (x < y);
}

int CompareForSort(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) {
    return static_cast<int>(!a.is_null()) - static_cast<int>(!b.is_null());
  }
  return *CompareValues(a, b);
}

absl::StatusOr<Value> CoerceToColumn(const Value& v, ColumnType type, uint32_t length,
                                     std::string_view column_name) {
  if (v.is_null()) return v;
  switch (type) {
    case ColumnType::kInt: return CoerceToInt(v, column_name);
    case ColumnType::kDouble: return CoerceToDouble(v, column_name);
    case ColumnType::kBool: return CoerceToBool(v, column_name);
    case ColumnType::kChar:
    case ColumnType::kVarchar:
    case ColumnType::kText: return CoerceToString(v, type, length, column_name);
  }
  return absl::InternalError("unknown column type");
}

}  // namespace ordinal::engine
