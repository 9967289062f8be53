#include "engine/types/number_text.h"

#include <charconv>
#include <limits>
#include <system_error>

namespace ordinal::engine::number_text {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

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

double ParseDouble(std::string_view number) {
  bool negative = false;
  if (!number.empty() && (number[0] == '+' || number[0] == '-')) {
    negative = number[0] == '-';
    number.remove_prefix(1);
  }
  double d = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), d);
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves `d` unchanged; tell overflow from underflow by the exponent sign.
    bool tiny = number.find("e-") != std::string_view::npos ||
                number.find("E-") != std::string_view::npos;
    d = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  }
  return negative ? -d : d;
}

std::optional<StrictNumber> ParseStrictNumber(std::string_view s) {
  StrictNumber n;
  n.text = TrimSpaces(s);
  size_t len = NumericPrefixLength(n.text, &n.integral);
  if (len == 0 || len != n.text.size()) return std::nullopt;
  return n;
}

}  // namespace ordinal::engine::number_text
