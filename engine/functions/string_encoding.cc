// String functions that convert between characters, codes and number bases: ASCII ORD CHAR
// HEX UNHEX BIN OCT CONV QUOTE FORMAT BIT_LENGTH. HEX, BIN, OCT and CONV write uppercase
// digits, as MySQL does.
#include <cmath>
#include <string>

#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/registry.h"
#include "engine/functions/utf8.h"

namespace ordinal::engine::functions {
namespace {

using Strings = std::optional<std::vector<Value>>;
constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// ASCII(s): the first byte; 0 for ''.
absl::StatusOr<Value> Ascii(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  const std::string s = TextOf(*v);
  return Value::Int(s.empty() ? 0 : static_cast<unsigned char>(s[0]));
}

// ORD(s): the bytes of the first character as a big-endian number (ASCII for one byte).
absl::StatusOr<Value> Ord(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  const std::string s = TextOf(*v);
  if (s.empty()) return Value::Int(0);
  int64_t code = 0;
  for (size_t k = 0, n = utf8::CharLengthAt(s, 0); k < n; ++k) {
    code = code * 256 + static_cast<unsigned char>(s[k]);
  }
  return Value::Int(code);
}

// CHAR(n, ...): each n's low 32 bits as big-endian bytes without leading zero bytes (at
// least one); NULL arguments are skipped. A binary string.
absl::StatusOr<Value> Char(FunctionArgs& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, i));
    if (!v) continue;
    const auto code = static_cast<uint32_t>(v->is_uint() ? v->uint_value()
                                                         : static_cast<uint64_t>(IntOf(*v)));
    int bytes = code > 0xFFFFFF ? 4 : code > 0xFFFF ? 3 : code > 0xFF ? 2 : 1;
    for (int b = bytes - 1; b >= 0; --b) out += static_cast<char>((code >> (8 * b)) & 0xFF);
  }
  return Value::String(std::move(out));
}

// A number as MySQL's HEX/CONV read it: integers as unsigned 64-bit (two's complement),
// other numbers rounded.
uint64_t UnsignedOf(const Value& v) {
  if (v.is_uint()) return v.uint_value();
  if (v.is_int()) return static_cast<uint64_t>(v.int_value());
  const double d = std::round(v.ToDouble());
  if (d >= 18446744073709551615.0 || std::isnan(d)) return UINT64_MAX;
  if (d < -9.2e18) return static_cast<uint64_t>(INT64_MIN);
  return d < 0 ? static_cast<uint64_t>(static_cast<int64_t>(d)) : static_cast<uint64_t>(d);
}

std::string InBase(uint64_t n, int base) {
  if (n == 0) return "0";
  std::string out;
  for (; n > 0; n /= static_cast<uint64_t>(base)) out.insert(out.begin(), kDigits[n % base]);
  return out;
}

// HEX(x): a string's bytes as two digits each; a number's value in base 16.
absl::StatusOr<Value> Hex(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  if (!v->is_string()) return Value::String(InBase(UnsignedOf(*v), 16));
  std::string out;
  for (unsigned char c : v->string_value()) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return Value::String(std::move(out));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// UNHEX(s): pairs of hex digits as bytes (an odd count reads as if led by 0); NULL when a
// character is not a hex digit.
absl::StatusOr<Value> Unhex(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  std::string s = TextOf(*v);
  if (s.size() % 2 != 0) s.insert(s.begin(), '0');
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    const int hi = HexDigit(s[i]), lo = HexDigit(s[i + 1]);
    if (hi < 0 || lo < 0) return Value::Null();
    out += static_cast<char>(hi * 16 + lo);
  }
  return Value::String(std::move(out));
}

// The leading number of `s` in `base` (2..36), strtoull-style: leading spaces and a sign,
// digits up to the first one that is not in the base; saturating at 2^64-1 (or, signed,
// at the int64 bounds). A '-' negates modulo 2^64 when unsigned.
uint64_t ParseInBase(std::string_view s, int base, bool is_signed) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  unsigned __int128 n = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    const int d = HexDigit(s[i]) >= 0 ? HexDigit(s[i])
                  : (s[i] >= 'g' && s[i] <= 'z') ? s[i] - 'a' + 10
                  : (s[i] >= 'G' && s[i] <= 'Z') ? s[i] - 'A' + 10 : -1;
    if (d < 0 || d >= base) break;
    n = n * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    if (n > UINT64_MAX) overflow = true, n = UINT64_MAX;
  }
  if (is_signed) {
    if (negative) return n > (unsigned __int128)INT64_MAX + 1 ? static_cast<uint64_t>(INT64_MIN)
                                                             : static_cast<uint64_t>(-n);
    return n > INT64_MAX ? static_cast<uint64_t>(INT64_MAX) : static_cast<uint64_t>(n);
  }
  if (overflow) return UINT64_MAX;
  return negative ? static_cast<uint64_t>(-static_cast<uint64_t>(n)) : static_cast<uint64_t>(n);
}

// N from base `from` to base `to` (negative: signed), as CONV does; nullopt for a base
// outside 2..36.
std::optional<std::string> Convert(const Value& n, int64_t from, int64_t to) {
  if (std::llabs(from) < 2 || std::llabs(from) > 36 || std::llabs(to) < 2 ||
      std::llabs(to) > 36) {
    return std::nullopt;
  }
  const std::string text = n.is_string() ? n.string_value() : TextOf(n);
  const uint64_t value = ParseInBase(text, static_cast<int>(std::llabs(from)), from < 0);
  if (to < 0 && static_cast<int64_t>(value) < 0) {
    return "-" + InBase(-value, static_cast<int>(-to));
  }
  return InBase(value, static_cast<int>(std::llabs(to)));
}

// CONV(N, from_base, to_base): NULL for a base outside 2..36.
absl::StatusOr<Value> Conv(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  std::optional<std::string> r = Convert((*v)[0], IntOf((*v)[1]), IntOf((*v)[2]));
  return r ? Value::String(std::move(*r)) : Value::Null();
}

// BIN(N) and OCT(N): CONV(N, 10, 2|8).
template <int kBase>
absl::StatusOr<Value> InBaseFn(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  return Value::String(*Convert(*v, 10, kBase));
}

// QUOTE(s): s in single quotes with \, ', NUL and Ctrl-Z escaped; the word NULL for NULL.
absl::StatusOr<Value> Quote(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::String("NULL");
  std::string out = "'";
  for (char c : TextOf(*v)) {
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += c;
    } else if (c == '\0') {
      out += "\\0";
    } else if (c == '\032') {
      out += "\\Z";
    } else {
      out += c;
    }
  }
  out += '\'';
  return Value::String(std::move(out));
}

// "1234567.891" -> "1,234,567.891".
std::string GroupThousands(std::string digits) {
  const size_t sign = !digits.empty() && digits[0] == '-' ? 1 : 0;
  size_t point = digits.find('.');
  if (point == std::string::npos) point = digits.size();
  for (size_t k = point; k > sign + 3; k -= 3) digits.insert(k - 3, ",");
  return digits;
}

// FORMAT(x, d[, locale]): x rounded to d decimals (0..30) with thousands separators, in
// en_US style whatever the locale (the only one lc_time_names has here). Exact numbers round
// half away from zero, doubles (and strings) half to even, as MySQL.
absl::StatusOr<Value> Format(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> x, ArgOrNull(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<int64_t> d, IntArg(args, 1));
  if (!x || !d) return Value::Null();
  const int digits = static_cast<int>(std::clamp<int64_t>(*d, 0, 30));
  std::optional<Decimal> exact = x->ToDecimal();
  std::string text;
  if (exact) {
    text = exact->Rounded(digits).ToString();
  } else {
    const double value = x->ToDouble();
    if (!std::isfinite(value)) return Value::Null();
    const double scale = std::pow(10.0, digits);
    const double rounded = std::isfinite(value * scale) ? std::rint(value * scale) / scale
                                                        : value;
    text = absl::StrFormat("%.*f", digits, rounded);
    if (text == absl::StrFormat("-%.*f", digits, 0.0)) text = text.substr(1);
  }
  return Value::String(GroupThousands(std::move(text)));
}

absl::StatusOr<Value> BitLength(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  return Value::Int(static_cast<int64_t>(TextOf(*v).size() * 8));
}

}  // namespace

std::vector<FunctionDef> StringEncodingFunctions() {
  return {
      {"ASCII", 1, 1, ReturnsInt, Ascii},
      {"BIN", 1, 1, ReturnsString, InBaseFn<2>},
      {"BIT_LENGTH", 1, 1, ReturnsInt, BitLength},
      {"CHAR", 1, kVariadic, ReturnsString, Char},
      {"CONV", 3, 3, ReturnsString, Conv},
      {"FORMAT", 2, 3, ReturnsString, Format},
      {"HEX", 1, 1, ReturnsString, Hex},
      {"OCT", 1, 1, ReturnsString, InBaseFn<8>},
      {"ORD", 1, 1, ReturnsInt, Ord},
      {"QUOTE", 1, 1, ReturnsString, Quote},
      {"UNHEX", 1, 1, ReturnsString, Unhex},
  };
}

}  // namespace ordinal::engine::functions
