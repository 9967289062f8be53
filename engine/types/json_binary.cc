// The binary form of JSON column values (docs/json.md): a format byte, then one tagged value.
//   value   := tag payload
//   tag 0 null, 1 false, 2 true             (no payload)
//   tag 3 int      zigzag varint
//   tag 4 uint     varint (values above INT64_MAX only)
//   tag 5 double   8 bytes, little-endian IEEE 754
//   tag 6 string   varint length, UTF-8 bytes
//   tag 7 array    varint count, varint byte size of the elements, the elements
//   tag 8 object   varint count, varint byte size of the members, then per member:
//                  varint key length, key bytes, value (keys in canonical order)
// The byte sizes let a reader skip a container without decoding it.
#include <cstring>

#include "engine/types/json.h"

namespace ordinal::engine {
namespace {

constexpr char kFormatVersion = 1;
constexpr int kMaxDecodeDepth = kJsonMaxDepth + 1;

enum Tag : uint8_t {
  kNull = 0, kFalse = 1, kTrue = 2, kInt = 3, kUInt = 4, kDouble = 5, kString = 6,
  kArray = 7, kObject = 8,
};

void AppendVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool ReadVarint(std::string_view* in, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    const uint8_t b = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    if (shift == 63 && b > 1) return false;
    *v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

void Encode(const JsonValue& v, std::string* out);

void EncodeContainer(Tag tag, size_t count, const std::string& body, std::string* out) {
  out->push_back(static_cast<char>(tag));
  AppendVarint(count, out);
  AppendVarint(body.size(), out);
  out->append(body);
}

void Encode(const JsonValue& v, std::string* out) {
  switch (v.kind()) {
    case JsonValue::Kind::kNull: out->push_back(kNull); return;
    case JsonValue::Kind::kBool: out->push_back(v.bool_value() ? kTrue : kFalse); return;
    case JsonValue::Kind::kInt: {
      out->push_back(kInt);
      const uint64_t u = static_cast<uint64_t>(v.int_value());
      AppendVarint((u << 1) ^ static_cast<uint64_t>(v.int_value() >> 63), out);
      return;
    }
    case JsonValue::Kind::kUInt:
      out->push_back(kUInt);
      AppendVarint(v.uint_value(), out);
      return;
    case JsonValue::Kind::kDouble: {
      out->push_back(kDouble);
      uint64_t bits;
      const double d = v.double_value();
      std::memcpy(&bits, &d, 8);
      for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(bits >> (8 * i)));
      return;
    }
    case JsonValue::Kind::kString:
      out->push_back(kString);
      AppendVarint(v.string_value().size(), out);
      out->append(v.string_value());
      return;
    case JsonValue::Kind::kArray: {
      std::string body;
      for (const JsonValue& e : v.elements()) Encode(e, &body);
      EncodeContainer(kArray, v.elements().size(), body, out);
      return;
    }
    case JsonValue::Kind::kObject: {
      std::string body;
      for (const JsonValue::Member& m : v.members()) {
        AppendVarint(m.first.size(), &body);
        body.append(m.first);
        Encode(m.second, &body);
      }
      EncodeContainer(kObject, v.members().size(), body, out);
      return;
    }
  }
}

absl::Status Corrupt(const char* what) {
  return absl::DataLossError(std::string("corrupt JSON value: ") + what);
}

absl::Status ReadBytes(std::string_view* in, std::string* out) {
  uint64_t len;
  if (!ReadVarint(in, &len) || len > in->size()) return Corrupt("bad string");
  out->assign(in->substr(0, len));
  in->remove_prefix(len);
  return absl::OkStatus();
}

absl::Status Decode(std::string_view* in, int depth, JsonValue* v);

// A container's count and body, leaving `*in` after the body.
absl::Status ReadContainer(std::string_view* in, uint64_t* count, std::string_view* body) {
  uint64_t size;
  if (!ReadVarint(in, count) || !ReadVarint(in, &size) || size > in->size() ||
      *count > size) {
    return Corrupt("bad container");
  }
  *body = in->substr(0, size);
  in->remove_prefix(size);
  return absl::OkStatus();
}

absl::Status DecodeArray(std::string_view* in, int depth, JsonValue* v) {
  uint64_t count;
  std::string_view body;
  if (absl::Status s = ReadContainer(in, &count, &body); !s.ok()) return s;
  *v = JsonValue::Array();
  v->elements().resize(count);
  for (JsonValue& e : v->elements()) {
    if (absl::Status s = Decode(&body, depth + 1, &e); !s.ok()) return s;
  }
  return body.empty() ? absl::OkStatus() : Corrupt("array size");
}

absl::Status DecodeObject(std::string_view* in, int depth, JsonValue* v) {
  uint64_t count;
  std::string_view body;
  if (absl::Status s = ReadContainer(in, &count, &body); !s.ok()) return s;
  *v = JsonValue::Object();
  for (uint64_t i = 0; i < count; ++i) {
    std::string key;
    if (absl::Status s = ReadBytes(&body, &key); !s.ok()) return s;
    JsonValue value;
    if (absl::Status s = Decode(&body, depth + 1, &value); !s.ok()) return s;
    if (!v->members().empty() && CompareJsonKeys(v->members().back().first, key) >= 0) {
      return Corrupt("key order");
    }
    v->members().emplace_back(std::move(key), std::move(value));
  }
  return body.empty() ? absl::OkStatus() : Corrupt("object size");
}

absl::Status Decode(std::string_view* in, int depth, JsonValue* v) {
  if (depth > kMaxDecodeDepth) return Corrupt("too deep");
  if (in->empty()) return Corrupt("truncated");
  const uint8_t tag = static_cast<uint8_t>(in->front());
  in->remove_prefix(1);
  uint64_t u;
  switch (tag) {
    case kNull: *v = JsonValue::Null(); return absl::OkStatus();
    case kFalse: *v = JsonValue::Bool(false); return absl::OkStatus();
    case kTrue: *v = JsonValue::Bool(true); return absl::OkStatus();
    case kInt:
      if (!ReadVarint(in, &u)) return Corrupt("bad integer");
      *v = JsonValue::Int(static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1)));
      return absl::OkStatus();
    case kUInt:
      if (!ReadVarint(in, &u)) return Corrupt("bad integer");
      *v = JsonValue::UInt(u);
      return absl::OkStatus();
    case kDouble: {
      if (in->size() < 8) return Corrupt("truncated double");
      uint64_t bits = 0;
      for (int i = 0; i < 8; ++i) {
        bits |= static_cast<uint64_t>(static_cast<uint8_t>((*in)[i])) << (8 * i);
      }
      in->remove_prefix(8);
      double d;
      std::memcpy(&d, &bits, 8);
      *v = JsonValue::Double(d);
      return absl::OkStatus();
    }
    case kString: {
      std::string s;
      if (absl::Status st = ReadBytes(in, &s); !st.ok()) return st;
      *v = JsonValue::String(std::move(s));
      return absl::OkStatus();
    }
    case kArray: return DecodeArray(in, depth, v);
    case kObject: return DecodeObject(in, depth, v);
    default: return Corrupt("unknown tag");
  }
}

}  // namespace

std::string EncodeJsonBinary(const JsonValue& value) {
  std::string out(1, kFormatVersion);
  Encode(value, &out);
  return out;
}

absl::StatusOr<JsonValue> DecodeJsonBinary(std::string_view bytes) {
  if (bytes.empty() || bytes.front() != kFormatVersion) return Corrupt("unknown format");
  bytes.remove_prefix(1);
  JsonValue value;
  if (absl::Status s = Decode(&bytes, 0, &value); !s.ok()) return s;
  if (!bytes.empty()) return Corrupt("trailing bytes");
  return value;
}

}  // namespace ordinal::engine
