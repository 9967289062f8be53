#include "engine/codec/row_codec.h"

#include <cstring>

namespace ordinal::engine::codec {
namespace {

constexpr char kRowFormatVersion = 1;

void AppendVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Reads a varint of at most 10 bytes whose value fits 64 bits.
bool ReadVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint64_t byte = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    if (shift == 63 && byte > 1) return false;
    result |= (byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

void AppendDouble(std::string* out, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof(bits));
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>((bits >> (8 * i)) & 0xFF);
  out->append(buf, 8);
}

double ReadDouble(const char* p) {
  uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) bits = (bits << 8) | static_cast<unsigned char>(p[i]);
  double d;
  std::memcpy(&d, &bits, sizeof(d));
  return d;
}

int64_t AsInt(const Value& v) {
  if (v.is_int()) return v.int_value();
  double d = v.ToDouble();
  if (!(d > -9223372036854775808.0)) return INT64_MIN;
  if (d >= 9223372036854775808.0) return INT64_MAX;
  return static_cast<int64_t>(d);
}

void AppendValue(std::string* out, const Value& v, ColumnType type) {
  switch (type) {
    case ColumnType::kInt:
    case ColumnType::kBool:
      AppendVarint(out, ZigZag(AsInt(v)));
      return;
    case ColumnType::kDouble:
      AppendDouble(out, v.ToDouble());
      return;
    case ColumnType::kChar:
    case ColumnType::kVarchar:
    case ColumnType::kText: {
      std::string converted;
      const std::string& s = v.is_string() ? v.string_value() : (converted = v.ToString());
      AppendVarint(out, s.size());
      out->append(s);
      return;
    }
  }
}

absl::Status Corrupt(const char* what) {
  return absl::DataLossError(std::string("corrupt row: ") + what);
}

absl::Status ReadValue(std::string_view* in, ColumnType type, Value* v) {
  switch (type) {
    case ColumnType::kInt:
    case ColumnType::kBool: {
      uint64_t z;
      if (!ReadVarint(in, &z)) return Corrupt("bad integer");
      *v = Value::Int(UnZigZag(z));
      return absl::OkStatus();
    }
    case ColumnType::kDouble:
      if (in->size() < 8) return Corrupt("truncated double");
      *v = Value::Double(ReadDouble(in->data()));
      in->remove_prefix(8);
      return absl::OkStatus();
    case ColumnType::kChar:
    case ColumnType::kVarchar:
    case ColumnType::kText: {
      uint64_t len;
      if (!ReadVarint(in, &len)) return Corrupt("bad string length");
      if (len > in->size()) return Corrupt("truncated string");
      *v = Value::String(std::string(in->substr(0, len)));
      in->remove_prefix(len);
      return absl::OkStatus();
    }
  }
  return Corrupt("unknown column type");
}

}  // namespace

void EncodeRow(const std::vector<Value>& row, const std::vector<ColumnType>& types,
               std::string* out) {
  const size_t count = types.size();
  out->push_back(kRowFormatVersion);
  AppendVarint(out, count);
  const size_t bitmap_at = out->size();
  out->append((count + 7) / 8, '\0');
  for (size_t i = 0; i < count; ++i) {
    if (i >= row.size() || row[i].is_null()) {
      (*out)[bitmap_at + i / 8] |= static_cast<char>(1 << (i % 8));
      continue;
    }
    AppendValue(out, row[i], types[i]);
  }
}

absl::Status DecodeRow(std::string_view bytes, const std::vector<ColumnType>& types,
                       std::vector<Value>* row) {
  if (bytes.empty()) return Corrupt("empty");
  if (bytes.front() != kRowFormatVersion) return Corrupt("unknown format version");
  bytes.remove_prefix(1);
  uint64_t count;
  if (!ReadVarint(&bytes, &count)) return Corrupt("bad column count");
  if (count != types.size()) return Corrupt("column count does not match the table");
  const size_t bitmap_size = (count + 7) / 8;
  if (bytes.size() < bitmap_size) return Corrupt("truncated null bitmap");
  std::string_view bitmap = bytes.substr(0, bitmap_size);
  bytes.remove_prefix(bitmap_size);
  row->clear();
  row->resize(count);
  for (size_t i = 0; i < count; ++i) {
    bool is_null = (static_cast<unsigned char>(bitmap[i / 8]) >> (i % 8)) & 1;
    if (is_null) continue;
    absl::Status s = ReadValue(&bytes, types[i], &(*row)[i]);
    if (!s.ok()) return s;
  }
  if (!bytes.empty()) return Corrupt("trailing bytes");
  return absl::OkStatus();
}

}  // namespace ordinal::engine::codec
