#include "engine/types/decimal.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <vector>

namespace ordinal::engine {
namespace {

// Magnitudes are ASCII digit strings without leading zeros ("" is zero).

void StripLeadingZeros(std::string& d) {
  size_t first = d.find_first_not_of('0');
  d.erase(0, first == std::string::npos ? d.size() : first);
}

// `d` * 10^n.
std::string Shifted(std::string d, int n) {
  if (!d.empty() && n > 0) d.append(static_cast<size_t>(n), '0');
  return d;
}

int CompareMagnitudes(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return (c > 0) - (c < 0);
}

std::string AddMagnitudes(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  for (size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int sum = carry;
    if (i < a.size()) sum += a[a.size() - 1 - i] - '0';
    if (i < b.size()) sum += b[b.size() - 1 - i] - '0';
    out.push_back(static_cast<char>('0' + sum % 10));
    carry = sum / 10;
  }
  std::reverse(out.begin(), out.end());
  StripLeadingZeros(out);
  return out;
}

// a - b for a >= b.
std::string SubMagnitudes(const std::string& a, const std::string& b) {
  std::string out;
  int borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int diff = a[a.size() - 1 - i] - '0' - borrow;
    if (i < b.size()) diff -= b[b.size() - 1 - i] - '0';
    borrow = diff < 0;
    out.push_back(static_cast<char>('0' + diff + 10 * borrow));
  }
  std::reverse(out.begin(), out.end());
  StripLeadingZeros(out);
  return out;
}

std::string MulMagnitudes(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return "";
  std::vector<int> acc(a.size() + b.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = 0; j < b.size(); ++j) {
      acc[i + j + 1] += (a[i] - '0') * (b[j] - '0');
    }
  }
  for (size_t k = acc.size() - 1; k > 0; --k) {
    acc[k - 1] += acc[k] / 10;
    acc[k] %= 10;
  }
  std::string out;
  for (int d : acc) out.push_back(static_cast<char>('0' + d));
  StripLeadingZeros(out);
  return out;
}

// Integer division of magnitudes (b non-zero); the remainder goes to *rest.
std::string DivMagnitudes(const std::string& a, const std::string& b, std::string* rest) {
  std::string quotient;
  std::string r;
  for (char digit : a) {
    r.push_back(digit);
    StripLeadingZeros(r);
    int q = 0;
    while (CompareMagnitudes(r, b) >= 0) {
      r = SubMagnitudes(r, b);
      ++q;
    }
    quotient.push_back(static_cast<char>('0' + q));
  }
  StripLeadingZeros(quotient);
  if (rest != nullptr) *rest = r;
  return quotient;
}

// Drops the last `n` digits, rounding half away from zero on the first dropped digit.
std::string RoundOff(const std::string& d, int n) {
  if (n <= 0) return d;
  if (static_cast<size_t>(n) > d.size()) return "";
  const size_t keep = d.size() - static_cast<size_t>(n);
  std::string kept = d.substr(0, keep);
  if (d[keep] >= '5') kept = AddMagnitudes(kept, "1");
  StripLeadingZeros(kept);
  return kept;
}

}  // namespace

Decimal::Decimal(bool negative, std::string digits, int scale)
    : negative_(negative), digits_(std::move(digits)), scale_(scale) {
  StripLeadingZeros(digits_);
  if (digits_.empty()) negative_ = false;
}

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  int fraction = 0;
  bool any = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') digits.push_back(text[i++]), any = true;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      digits.push_back(text[i++]);
      ++fraction;
      any = true;
    }
  }
  if (!any) return std::nullopt;
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative_exponent = text[i++] == '-';
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 6) {
      exponent = exponent * 10 + (text[i++] - '0');
    }
    if (i == start) return std::nullopt;
    if (negative_exponent) exponent = -exponent;
  }
  if (i != text.size()) return std::nullopt;
  StripLeadingZeros(digits);
  int scale = fraction - exponent;
  if (digits.empty()) return Decimal(false, "", std::clamp(scale, 0, kMaxScale));
  if (static_cast<int>(digits.size()) - scale > 200 || scale > 400) return std::nullopt;
  if (scale < 0) {
    digits = Shifted(std::move(digits), -scale);
    scale = 0;
  }
  return Decimal(negative, std::move(digits), scale);
}

Decimal Decimal::FromInt(int64_t v) {
  if (v >= 0) return FromUInt(static_cast<uint64_t>(v));
  Decimal d = FromUInt(0 - static_cast<uint64_t>(v));
  d.negative_ = true;
  return d;
}

Decimal Decimal::FromUInt(uint64_t v) { return Decimal(false, std::to_string(v), 0); }

std::optional<Decimal> Decimal::FromDouble(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d);
  if (ec != std::errc()) return std::nullopt;
  return Parse(std::string_view(buf, end - buf));
}

int Decimal::IntegerDigits() const {
  return std::max(0, static_cast<int>(digits_.size()) - scale_);
}

int Decimal::Precision() const {
  return std::max(static_cast<int>(digits_.size()), scale_ + 1);
}

std::string Decimal::ToString() const {
  std::string digits = digits_;
  if (static_cast<int>(digits.size()) <= scale_) {
    digits.insert(0, static_cast<size_t>(scale_ + 1) - digits.size(), '0');
  }
  if (scale_ > 0) digits.insert(digits.size() - static_cast<size_t>(scale_), ".");
  if (negative_) digits.insert(0, "-");
  return digits;
}

double Decimal::ToDouble() const { return std::strtod(ToString().c_str(), nullptr); }

std::optional<uint64_t> Decimal::ToUInt64() const {
  if (negative_) {
    Decimal r = Rounded(0);
    if (r.is_zero()) return 0;
    return std::nullopt;
  }
  const std::string d = RoundOff(digits_, scale_);
  if (d.size() > 20) return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(d.data(), d.data() + d.size(), v);
  if (ec != std::errc()) return d.empty() ? std::optional<uint64_t>(0) : std::nullopt;
  return v;
}

std::optional<int64_t> Decimal::ToInt64() const {
  const std::optional<uint64_t> magnitude = negative_ ? Negated().ToUInt64() : ToUInt64();
  if (!magnitude) return std::nullopt;
  if (!negative_) {
    if (*magnitude > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(*magnitude);
  }
  if (*magnitude > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
  return static_cast<int64_t>(0 - *magnitude);
}

Decimal Decimal::Rounded(int scale) const {
  scale = std::max(scale, 0);
  if (scale >= scale_) return Decimal(negative_, Shifted(digits_, scale - scale_), scale);
  return Decimal(negative_, RoundOff(digits_, scale_ - scale), scale);
}

Decimal Decimal::Normalized() const {
  int drop = 0;
  while (drop < scale_ && drop < static_cast<int>(digits_.size()) &&
         digits_[digits_.size() - 1 - static_cast<size_t>(drop)] == '0') {
    ++drop;
  }
  if (digits_.empty()) return Decimal();
  return Decimal(negative_, digits_.substr(0, digits_.size() - static_cast<size_t>(drop)),
                 scale_ - drop);
}

Decimal Decimal::Negated() const { return Decimal(!negative_, digits_, scale_); }

int Decimal::Compare(const Decimal& a, const Decimal& b) {
  if (a.negative_ != b.negative_) return a.negative_ ? -1 : 1;
  const int scale = std::max(a.scale_, b.scale_);
  int c = CompareMagnitudes(Shifted(a.digits_, scale - a.scale_), Shifted(b.digits_, scale - b.scale_));
  return a.negative_ ? -c : c;
}

Decimal Decimal::Add(const Decimal& a, const Decimal& b) {
  const int scale = std::max(a.scale_, b.scale_);
  const std::string x = Shifted(a.digits_, scale - a.scale_);
  const std::string y = Shifted(b.digits_, scale - b.scale_);
  if (a.negative_ == b.negative_) return Decimal(a.negative_, AddMagnitudes(x, y), scale);
  if (CompareMagnitudes(x, y) >= 0) return Decimal(a.negative_, SubMagnitudes(x, y), scale);
  return Decimal(b.negative_, SubMagnitudes(y, x), scale);
}

Decimal Decimal::Sub(const Decimal& a, const Decimal& b) { return Add(a, b.Negated()); }

Decimal Decimal::Mul(const Decimal& a, const Decimal& b) {
  Decimal product(a.negative_ != b.negative_, MulMagnitudes(a.digits_, b.digits_),
                  a.scale_ + b.scale_);
  return product.scale_ > kMaxScale ? product.Rounded(kMaxScale) : product;
}

std::optional<Decimal> Decimal::Div(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) return std::nullopt;
  const int scale = std::min(a.scale_ + kDivPrecisionIncrement, kMaxScale);
  // |a| / |b| at scale + 1 digits: a.digits * 10^(scale + 1 + b.scale - a.scale) / b.digits.
  const int shift = scale + 1 + b.scale_ - a.scale_;
  std::string numerator = shift >= 0 ? Shifted(a.digits_, shift) : RoundOff(a.digits_, -shift);
  std::string quotient = DivMagnitudes(numerator, b.digits_, nullptr);
  return Decimal(a.negative_ != b.negative_, RoundOff(quotient, 1), scale);
}

std::optional<Decimal> Decimal::Mod(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) return std::nullopt;
  const int scale = std::max(a.scale_, b.scale_);
  std::string rest;
  DivMagnitudes(Shifted(a.digits_, scale - a.scale_), Shifted(b.digits_, scale - b.scale_), &rest);
  return Decimal(a.negative_, rest, scale);
}

}  // namespace ordinal::engine
