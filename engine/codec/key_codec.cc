#include "engine/codec/key_codec.h"

#include <cmath>
#include <cstring>

namespace ordinal::engine::codec {
namespace {

// Every encoded value starts with a marker byte; NULL's sorts before any value's.
constexpr char kNullMarker = 0x00;
constexpr char kValueMarker = 0x01;

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

// The value's integer, also for a caller that passed another representation.
int64_t AsInt(const Value& v) {
  if (v.is_int()) return v.int_value();
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

}  // namespace

void AppendKey(std::string* out, const Value& value, ColumnType type) {
  if (value.is_null()) {
    out->push_back(kNullMarker);
    return;
  }
  out->push_back(kValueMarker);
  switch (type) {
    case ColumnType::kInt:
    case ColumnType::kBool:
      AppendBigEndian64(out, static_cast<uint64_t>(AsInt(value)) ^ kSignBit);
      return;
    case ColumnType::kDouble:
      AppendBigEndian64(out, EncodeDoubleBits(value.ToDouble()));
      return;
    case ColumnType::kChar:
    case ColumnType::kVarchar:
    case ColumnType::kText:
      if (value.is_string()) {
        AppendString(out, value.string_value());
      } else {
        AppendString(out, value.ToString());
      }
      return;
  }
}

absl::Status DecodeKey(std::string_view* in, ColumnType type, Value* value) {
  if (in->empty()) return Truncated("value marker");
  char marker = in->front();
  if (marker == kNullMarker) {
    in->remove_prefix(1);
    *value = Value::Null();
    return absl::OkStatus();
  }
  if (marker != kValueMarker) return absl::DataLossError("corrupt key: bad value marker");
  switch (type) {
    case ColumnType::kInt:
    case ColumnType::kBool:
    case ColumnType::kDouble: {
      if (in->size() < 9) return Truncated("number");
      uint64_t bits = ReadBigEndian64(in->data() + 1);
      in->remove_prefix(9);
      *value = type == ColumnType::kDouble
                   ? Value::Double(DecodeDoubleBits(bits))
                   : Value::Int(static_cast<int64_t>(bits ^ kSignBit));
      return absl::OkStatus();
    }
    case ColumnType::kChar:
    case ColumnType::kVarchar:
    case ColumnType::kText: {
      std::string_view rest = in->substr(1);
      absl::Status s = DecodeString(&rest, value);
      if (s.ok()) *in = rest;
      return s;
    }
  }
  return absl::DataLossError("corrupt key: unknown column type");
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

std::string PrefixSuccessor(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty() && static_cast<unsigned char>(out.back()) == 0xFF) out.pop_back();
  if (!out.empty()) out.back() = static_cast<char>(static_cast<unsigned char>(out.back()) + 1);
  return out;
}

}  // namespace ordinal::engine::codec
