#include "engine/codec/key_codec.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "absl/strings/str_cat.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::codec {
namespace {

// Every encoded value starts with a marker byte; NULL's sorts before any value's.
constexpr char kNullMarker = 0x00;
constexpr char kValueMarker = 0x01;
// An integer above INT64_MAX (BIGINT UNSIGNED, BIT(64)): sorts after every int64's 0x01.
constexpr char kBigUnsignedMarker = 0x02;

// Decimals: a sign class, then the exponent and the digits (see AppendDecimal).
constexpr char kDecimalNegative = 0x01;
constexpr char kDecimalZero = 0x02;
constexpr char kDecimalPositive = 0x03;

// In strings, a 0x00 byte is written as 0x00 0xFF and the end as 0x00 0x01, so that an
// encoding is never a prefix of another and shorter strings sort first.
constexpr char kEscape = 0x00;
constexpr char kEscapedZero = static_cast<char>(0xFF);
constexpr char kTerminator = 0x01;

constexpr uint64_t kSignBit = uint64_t{1} << 63;

void AppendBigEndian64(std::string* out, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  out->append(buf, 8);
}

void AppendBigEndian32(std::string* out, uint32_t v) {
  char buf[4];
  for (int i = 3; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  out->append(buf, 4);
}

uint64_t ReadBigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

uint64_t EncodeDoubleBits(double d) {
  if (d == 0) d = 0.0;  // -0.0 and 0.0 are equal, so they encode alike
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof(bits));
  return (bits & kSignBit) ? ~bits : bits | kSignBit;
}

double DecodeDoubleBits(uint64_t bits) {
  bits = (bits & kSignBit) ? bits & ~kSignBit : ~bits;
  double d;
  std::memcpy(&d, &bits, sizeof(d));
  return d;
}

void AppendString(std::string* out, std::string_view s) {
  while (true) {
    const void* zero = std::memchr(s.data(), 0, s.size());
    if (zero == nullptr) break;
    size_t n = static_cast<const char*>(zero) - s.data();
    out->append(s.data(), n);
    out->push_back(kEscape);
    out->push_back(kEscapedZero);
    s.remove_prefix(n + 1);
  }
  out->append(s.data(), s.size());
  out->push_back(kEscape);
  out->push_back(kTerminator);
}

// A decimal as its class byte; for non-zero numbers, with normalized digits d1..dn (no
// trailing zeros) and E such that |x| = 0.d1..dn * 10^E: the byte E + 128, the digits in
// ASCII and 0x00. Negative numbers write the exponent byte and the digits inverted (255 - b)
// and end in 0xFF, so larger magnitudes sort first. Equal numbers of different scales have
// one encoding.
void AppendDecimal(std::string* out, const Decimal& value) {
  const Decimal d = value.Normalized();
  if (d.is_zero()) {
    out->push_back(kDecimalZero);
    return;
  }
  const bool negative = d.is_negative();
  const int exponent = static_cast<int>(d.coefficient().size()) - d.scale();
  const auto flip = [negative](unsigned char b) {
    return static_cast<char>(negative ? 255 - b : b);
  };
  out->push_back(negative ? kDecimalNegative : kDecimalPositive);
  out->push_back(flip(static_cast<unsigned char>(exponent + 128)));
  for (char c : d.coefficient()) out->push_back(flip(static_cast<unsigned char>(c)));
  out->push_back(flip(0));
}

absl::Status DecodeDecimal(std::string_view* in, Value* value) {
  if (in->empty()) return absl::DataLossError("corrupt key: truncated decimal");
  const char sign = in->front();
  if (sign == kDecimalZero) {
    in->remove_prefix(1);
    *value = Value::FromDecimal(Decimal());
    return absl::OkStatus();
  }
  if (sign != kDecimalNegative && sign != kDecimalPositive) {
    return absl::DataLossError("corrupt key: bad decimal sign");
  }
  const bool negative = sign == kDecimalNegative;
  const auto flip = [negative](char b) {
    return static_cast<unsigned char>(negative ? 255 - static_cast<unsigned char>(b)
                                               : static_cast<unsigned char>(b));
  };
  if (in->size() < 2) return absl::DataLossError("corrupt key: truncated decimal");
  const int exponent = flip((*in)[1]) - 128;
  std::string digits;
  size_t pos = 2;
  while (pos < in->size() && flip((*in)[pos]) != 0) {
    const unsigned char c = flip((*in)[pos]);
    if (c < '0' || c > '9' || digits.size() > 200) {
      return absl::DataLossError("corrupt key: bad decimal digit");
    }
    digits.push_back(static_cast<char>(c));
    ++pos;
  }
  if (pos >= in->size() || digits.empty()) {
    return absl::DataLossError("corrupt key: truncated decimal");
  }
  // |x| = 0.digits * 10^exponent.
  const std::string text =
      absl::StrCat(negative ? "-" : "", "0.", digits, "e", exponent);
  std::optional<Decimal> d = Decimal::Parse(text);
  if (!d) return absl::DataLossError("corrupt key: bad decimal");
  in->remove_prefix(pos + 1);
  *value = Value::FromDecimal(std::move(*d));
  return absl::OkStatus();
}

// The value's integer, also for a caller that passed another representation.
int64_t AsInt(const Value& v) {
  if (v.is_int()) return v.int_value();
  if (v.is_uint()) return INT64_MAX;
  double d = v.ToDouble();
  if (!(d > -9223372036854775808.0)) return INT64_MIN;  // also NaN
  if (d >= 9223372036854775808.0) return INT64_MAX;
  return static_cast<int64_t>(d);
}

absl::Status Truncated(std::string_view what) {
  return absl::DataLossError(
      std::string("corrupt key: truncated ").append(what.data(), what.size()));
}

absl::Status DecodeString(std::string_view* in, Value* value) {
  std::string s;
  size_t pos = 0;
  while (true) {
    const void* zero = std::memchr(in->data() + pos, 0, in->size() - pos);
    if (zero == nullptr) return Truncated("string");
    size_t n = static_cast<const char*>(zero) - (in->data() + pos);
    s.append(in->data() + pos, n);
    pos += n + 1;
    if (pos >= in->size()) return Truncated("string");
    char next = (*in)[pos++];
    if (next == kTerminator) break;
    if (next != kEscapedZero) return absl::DataLossError("corrupt key: bad string escape");
    s.push_back('\0');
  }
  in->remove_prefix(pos);
  *value = Value::String(std::move(s));
  return absl::OkStatus();
}


// TIME text does not sort by value ("-1:00:00" > "-0:30:00", "100:00:00" < "20:00:00"):
// its key is the signed microseconds, flipped big-endian, then the number of fractional
// digits of its text (the column's fsp, the same for every value of a column), so that the
// key decodes back to the text.
void AppendTime(std::string* out, const Value& value) {
  const std::string text = value.is_string() ? value.string_value() : value.ToString();
  const int64_t micros = TimeTextMicros(text).value_or(0);
  AppendBigEndian64(out, static_cast<uint64_t>(micros) ^ kSignBit);
  const size_t dot = text.find('.');
  out->push_back(static_cast<char>(dot == std::string::npos ? 0 : text.size() - dot - 1));
}

absl::Status DecodeTime(std::string_view* in, Value* value) {
  if (in->size() < 10) return Truncated("time");
  const int64_t micros = static_cast<int64_t>(ReadBigEndian64(in->data() + 1) ^ kSignBit);
  const uint32_t fsp = static_cast<unsigned char>((*in)[9]);
  constexpr int64_t kLimit = ((838LL * 60 + 59) * 60 + 59) * 1000000 + 999999;
  if (fsp > kMaxFsp || micros > kLimit || micros < -kLimit) {
    return absl::DataLossError("corrupt key: bad time");
  }
  const uint64_t magnitude = micros < 0 ? -static_cast<uint64_t>(micros) : micros;
  TemporalParts p;
  p.negative = micros < 0;
  p.micro = static_cast<int64_t>(magnitude % 1000000);
  const int64_t seconds = static_cast<int64_t>(magnitude / 1000000);
  p.hour = seconds / 3600;
  p.minute = seconds / 60 % 60;
  p.second = seconds % 60;
  in->remove_prefix(10);
  *value = Value::String(FormatTemporal(p, ColumnType::kTime, fsp));
  return absl::OkStatus();
}

}  // namespace

void AppendKey(std::string* out, const Value& value, ColumnType type) {
  if (value.is_null()) {
    out->push_back(kNullMarker);
    return;
  }
  if (HoldsInteger(type)) {
    if (value.is_uint()) {
      out->push_back(kBigUnsignedMarker);
      AppendBigEndian64(out, value.uint_value());
      return;
    }
    out->push_back(kValueMarker);
    AppendBigEndian64(out, static_cast<uint64_t>(AsInt(value)) ^ kSignBit);
    return;
  }
  out->push_back(kValueMarker);
  switch (type) {
    case ColumnType::kDecimal: {
      std::optional<Decimal> d = value.ToDecimal();
      if (!d) d = Decimal::FromDouble(value.ToDouble());
      AppendDecimal(out, d.value_or(Decimal()));
      return;
    }
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      AppendBigEndian64(out, EncodeDoubleBits(value.ToDouble()));
      return;
    case ColumnType::kTime:
      AppendTime(out, value);
      return;
    default:
      if (value.is_string()) {
        AppendString(out, value.string_value());
      } else {
        AppendString(out, value.ToString());
      }
      return;
  }
}

void AppendKey(std::string* out, const Value& value, ColumnType type,
               const Collation* collation) {
  if (collation == nullptr || collation->is_bytewise() || !IsCharacterType(type) ||
      value.is_null()) {
    AppendKey(out, value, type);
    return;
  }
  thread_local std::string weights;
  weights.clear();
  collation->AppendWeights(value.is_string() ? std::string_view(value.string_value())
                                             : std::string_view(value.ToString()),
                           &weights);
  out->push_back(kValueMarker);
  AppendString(out, weights);
}

absl::Status DecodeKey(std::string_view* in, ColumnType type, Value* value) {
  if (in->empty()) return Truncated("value marker");
  char marker = in->front();
  if (marker == kNullMarker) {
    in->remove_prefix(1);
    *value = Value::Null();
    return absl::OkStatus();
  }
  const bool big_unsigned = marker == kBigUnsignedMarker && HoldsInteger(type);
  if (marker != kValueMarker && !big_unsigned) {
    return absl::DataLossError("corrupt key: bad value marker");
  }
  if (type == ColumnType::kTime) return DecodeTime(in, value);
  if (HoldsInteger(type) || type == ColumnType::kFloat || type == ColumnType::kDouble) {
    if (in->size() < 9) return Truncated("number");
    uint64_t bits = ReadBigEndian64(in->data() + 1);
    if (big_unsigned && bits <= static_cast<uint64_t>(INT64_MAX)) {
      return absl::DataLossError("corrupt key: small number with the unsigned marker");
    }
    in->remove_prefix(9);
    if (big_unsigned) {
      *value = Value::UInt(bits);
    } else if (HoldsInteger(type)) {
      *value = Value::Int(static_cast<int64_t>(bits ^ kSignBit));
    } else {
      *value = Value::Double(DecodeDoubleBits(bits));
    }
    return absl::OkStatus();
  }
  std::string_view rest = in->substr(1);
  absl::Status s = type == ColumnType::kDecimal ? DecodeDecimal(&rest, value)
                                                : DecodeString(&rest, value);
  if (s.ok()) *in = rest;
  return s;
}

std::string IndexPrefix(uint64_t table_id, uint32_t index_id) {
  std::string out;
  out.reserve(13);
  out.push_back('t');
  AppendBigEndian64(&out, table_id);
  AppendBigEndian32(&out, index_id);
  return out;
}

std::string TablePrefix(uint64_t table_id) {
  std::string out;
  out.reserve(9);
  out.push_back('t');
  AppendBigEndian64(&out, table_id);
  return out;
}

std::string ReferenceLockKey(uint64_t table_id, std::string_view key_tuple) {
  std::string out;
  out.reserve(9 + key_tuple.size());
  out.push_back('f');
  AppendBigEndian64(&out, table_id);
  out.append(key_tuple);
  return out;
}

std::string PrefixSuccessor(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty() && static_cast<unsigned char>(out.back()) == 0xFF) out.pop_back();
  if (!out.empty()) out.back() = static_cast<char>(static_cast<unsigned char>(out.back()) + 1);
  return out;
}

}  // namespace ordinal::engine::codec
