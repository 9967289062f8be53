// Exact decimal numbers for DECIMAL(p,s) columns and decimal literals, with MySQL's rules:
// up to 65 digits, scale up to 30, rounding half away from zero, and the scale rules of
// arithmetic (+ and -: the larger scale; *: the sum of the scales, at most 30; /: the
// dividend's scale + div_precision_increment (4), at most 30).
//
// A Decimal is a value type: a sign, a coefficient of decimal digits and a scale (the number
// of digits after the point). 1.50 and 1.5 are different representations of one number:
// Compare() says they are equal, operator== (representation equality) says they differ.
// Thread-compatible, like any value type.
#ifndef ORDINAL_ENGINE_TYPES_DECIMAL_H_
#define ORDINAL_ENGINE_TYPES_DECIMAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ordinal::engine {

class Decimal {
 public:
  static constexpr int kMaxPrecision = 65;  // digits in a DECIMAL column
  static constexpr int kMaxScale = 30;      // digits after the point
  static constexpr int kDivPrecisionIncrement = 4;

  Decimal() = default;  // 0

  // Reads `[+-]digits[.digits][e[+-]digits]` (surrounding spaces not allowed). The scale is
  // the number of digits after the point once the exponent is applied ("1.50" has scale 2,
  // "15e-1" scale 1, "1.5e3" scale 0). nullopt for anything else, or an exponent that puts
  // the number beyond 200 digits.
  static std::optional<Decimal> Parse(std::string_view text);
  static Decimal FromInt(int64_t v);
  static Decimal FromUInt(uint64_t v);
  // The double's shortest round-trip decimal form (0.1 -> 0.1); nullopt for NaN/infinity.
  static std::optional<Decimal> FromDouble(double d);

  bool is_zero() const { return digits_.empty(); }
  bool is_negative() const { return negative_; }
  int scale() const { return scale_; }
  // Digits before the point (0 for |x| < 1).
  int IntegerDigits() const;
  // Digits of the coefficient at this scale, at least scale + 1 ("0.05" -> 3, "12.5" -> 3).
  int Precision() const;

  // "-12.50": exactly scale() digits after the point, "0" before it when |x| < 1.
  std::string ToString() const;
  double ToDouble() const;
  // Rounded half away from zero; nullopt when the result does not fit.
  std::optional<int64_t> ToInt64() const;
  std::optional<uint64_t> ToUInt64() const;

  // This number at `scale` digits after the point: padded with zeros, or rounded half away
  // from zero (MySQL's ROUND_HALF_UP on storage).
  Decimal Rounded(int scale) const;
  // The same number with trailing fractional zeros removed ("1.500" -> "1.5", "2.0" -> "2").
  Decimal Normalized() const;
  Decimal Negated() const;

  // <0, 0, >0 by numeric value; scales do not matter.
  static int Compare(const Decimal& a, const Decimal& b);
  static Decimal Add(const Decimal& a, const Decimal& b);
  static Decimal Sub(const Decimal& a, const Decimal& b);
  // Scale min(a.scale + b.scale, 30), rounded.
  static Decimal Mul(const Decimal& a, const Decimal& b);
  // Scale min(a.scale + 4, 30), rounded half away from zero; nullopt when b is zero.
  static std::optional<Decimal> Div(const Decimal& a, const Decimal& b);
  // The remainder with the sign of a (MySQL's MOD); nullopt when b is zero.
  static std::optional<Decimal> Mod(const Decimal& a, const Decimal& b);

  // The coefficient's digits (no leading zeros; empty for zero). For the key codec.
  const std::string& coefficient() const { return digits_; }

  // Representation equality (sign, digits, scale).
  bool operator==(const Decimal& other) const {
    return negative_ == other.negative_ && scale_ == other.scale_ && digits_ == other.digits_;
  }
  bool operator!=(const Decimal& other) const { return !(*this == other); }

 private:
  Decimal(bool negative, std::string digits, int scale);

  bool negative_ = false;
  std::string digits_;  // ASCII '0'..'9', no leading zeros; "" is zero
  int scale_ = 0;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_DECIMAL_H_
