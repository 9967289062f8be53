#include "engine/types/decimal_cast.h"

#include <string>
#include <string_view>

#include "engine/types/number_text.h"

namespace ordinal::engine {
namespace {

// A string's leading number, exactly when it has no exponent.
Decimal LeadingNumber(std::string_view text, bool* truncated) {
  const std::string_view s = number_text::TrimSpaces(text);
  bool integral = false;
  const size_t length = number_text::NumericPrefixLength(s, &integral);
  *truncated = length == 0 || length != s.size();
  if (length == 0) return Decimal();
  const std::string_view number = s.substr(0, length);
  if (number.find_first_of("eE") == std::string_view::npos) {
    if (std::optional<Decimal> exact = Decimal::Parse(number)) return *exact;
  }
  return Decimal::FromDouble(number_text::ParseDouble(number)).value_or(Decimal());
}

// The largest DECIMAL(precision, scale): precision nines, scale of them after the point.
Decimal Largest(int precision, int scale) {
  std::string nines(static_cast<size_t>(precision - scale), '9');
  if (nines.empty()) nines = "0";
  if (scale > 0) nines += "." + std::string(static_cast<size_t>(scale), '9');
  return *Decimal::Parse(nines);
}

}  // namespace

DecimalCast CastToDecimal(const Value& v, int precision, int scale) {
  DecimalCast out;
  Decimal start;
  if (std::optional<Decimal> exact = v.ToDecimal()) {
    start = *exact;
  } else if (v.is_double()) {
    std::optional<Decimal> d = Decimal::FromDouble(v.double_value());
    out.clipped = !d.has_value();
    start = d.value_or(Decimal());
  } else {
    start = LeadingNumber(v.is_string() ? v.string_value() : v.ToString(), &out.truncated);
  }
  out.value = start.Rounded(scale);
  if (out.value.IntegerDigits() > precision - scale) {
    out.clipped = true;
    const Decimal largest = Largest(precision, scale);
    out.value = out.value.is_negative() ? largest.Negated() : largest;
  }
  return out;
}

}  // namespace ordinal::engine
