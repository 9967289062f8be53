#include "client/value.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace ordinal {

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), v);
  if (ec != std::errc()) return "nan";  // cannot happen: 64 bytes hold any double
  std::string text(buffer, end);
  // to_chars writes exponents as "e+20" / "e-07"; mysql writes "e20" / "e-7".
  size_t e = text.find('e');
  if (e == std::string::npos) return text;
  std::string mantissa = text.substr(0, e);
  std::string exponent = text.substr(e + 1);
  bool negative = !exponent.empty() && exponent[0] == '-';
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.erase(0, 1);
  size_t first_digit = exponent.find_first_not_of('0');
  exponent = first_digit == std::string::npos ? "0" : exponent.substr(first_digit);
  return mantissa + "e" + (negative ? "-" : "") + exponent;
}

std::string Value::ToString() const {
  switch (kind()) {
    case Kind::kNull:
      return "NULL";
    case Kind::kInt:
      return std::to_string(int_value());
    case Kind::kDouble:
      return FormatDouble(double_value());
    case Kind::kString:
      return string_value();
  }
  return "NULL";
}

}  // namespace ordinal
