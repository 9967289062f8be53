#include "engine/codec/row_codec.h"

#include <cstring>

#include "engine/types/json.h"
#include "engine/types/json_sql.h"

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

// Integers span [-2^63, 2^64-1] (the canonical Value form), so their zigzag form needs 65
// bits: z = 2v for v >= 0, -2v - 1 for v < 0. For int64 values this is the 64-bit zigzag
// that rows have always used, so older rows read unchanged.
using u128 = unsigned __int128;

u128 ZigZag(const Value& v) {
  const __int128 i = v.integer_value();
  return i >= 0 ? static_cast<u128>(i) << 1 : (static_cast<u128>(-(i + 1)) << 1) | 1;
}

Value UnZigZag(u128 z) {
  if ((z & 1) == 0) return Value::UInt(static_cast<uint64_t>(z >> 1));
  return Value::Int(static_cast<int64_t>(-static_cast<__int128>(z >> 1) - 1));
}

void AppendVarint128(std::string* out, u128 v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Reads a varint of at most 10 bytes whose value fits 65 bits (a zigzag integer).
bool ReadVarint65(std::string_view* in, u128* v) {
  u128 result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    u128 byte = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    if (shift == 63 && byte > 3) return false;
    result |= (byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
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

// The value as an integer, also for a caller that passed another representation.
Value AsInteger(const Value& v) {
  if (v.is_integer()) return v;
  double d = v.ToDouble();
  if (!(d > -9223372036854775808.0)) return Value::Int(INT64_MIN);
  if (d >= 18446744073709551616.0) return Value::UInt(UINT64_MAX);
  if (d >= 9223372036854775808.0) return Value::UInt(static_cast<uint64_t>(d));
  return Value::Int(static_cast<int64_t>(d));
}

void AppendString(std::string* out, const std::string& s) {
  AppendVarint(out, s.size());
  out->append(s);
}

void AppendValue(std::string* out, const Value& v, ColumnType type) {
  if (HoldsInteger(type)) {
    AppendVarint128(out, ZigZag(AsInteger(v)));
    return;
  }
  switch (type) {
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      AppendDouble(out, v.ToDouble());
      return;
    case ColumnType::kDecimal: {
      std::optional<Decimal> d = v.ToDecimal();
      if (!d) d = Decimal::FromDouble(v.ToDouble());
      AppendString(out, d.value_or(Decimal()).ToString());
      return;
    }
    case ColumnType::kJson:
      // Values reach a JSON column through CoerceToColumn, which parsed them.
      AppendString(out, EncodeJsonBinary(JsonOfSqlValue(v)));
      return;
    default:
      AppendString(out, v.is_string() ? v.string_value() : v.ToString());
      return;
  }
}

absl::Status Corrupt(const char* what) {
  return absl::DataLossError(std::string("corrupt row: ") + what);
}

absl::Status ReadString(std::string_view* in, std::string* s) {
  uint64_t len;
  if (!ReadVarint(in, &len)) return Corrupt("bad string length");
  if (len > in->size()) return Corrupt("truncated string");
  s->assign(in->substr(0, len));
  in->remove_prefix(len);
  return absl::OkStatus();
}

absl::Status ReadValue(std::string_view* in, ColumnType type, Value* v) {
  if (HoldsInteger(type)) {
    u128 z;
    if (!ReadVarint65(in, &z)) return Corrupt("bad integer");
    *v = UnZigZag(z);
    return absl::OkStatus();
  }
  switch (type) {
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      if (in->size() < 8) return Corrupt("truncated double");
      *v = Value::Double(ReadDouble(in->data()));
      in->remove_prefix(8);
      return absl::OkStatus();
    case ColumnType::kDecimal: {
      std::string text;
      if (absl::Status s = ReadString(in, &text); !s.ok()) return s;
      std::optional<Decimal> d = Decimal::Parse(text);
      if (!d) return Corrupt("bad decimal");
      *v = Value::FromDecimal(std::move(*d));
      return absl::OkStatus();
    }
    case ColumnType::kJson: {
      std::string bytes;
      if (absl::Status s = ReadString(in, &bytes); !s.ok()) return s;
      absl::StatusOr<JsonValue> json = DecodeJsonBinary(bytes);
      if (!json.ok()) return Corrupt("bad JSON value");
      *v = SqlValueOfJson(*json);
      return absl::OkStatus();
    }
    default: {
      uint64_t len;
      if (!ReadVarint(in, &len)) return Corrupt("bad string length");
      if (len > in->size()) return Corrupt("truncated string");
      v->AssignString(in->substr(0, len));
      in->remove_prefix(len);
      return absl::OkStatus();
    }
  }
}

// Steps over one non-null value of `type`.
absl::Status SkipValue(std::string_view* in, ColumnType type) {
  if (HoldsInteger(type)) {
    u128 z;
    if (!ReadVarint65(in, &z)) return Corrupt("bad integer");
    return absl::OkStatus();
  }
  if (type == ColumnType::kFloat || type == ColumnType::kDouble) {
    if (in->size() < 8) return Corrupt("truncated double");
    in->remove_prefix(8);
    return absl::OkStatus();
  }
  uint64_t len;
  if (!ReadVarint(in, &len)) return Corrupt("bad string length");
  if (len > in->size()) return Corrupt("truncated string");
  in->remove_prefix(len);
  return absl::OkStatus();
}

// Reads the format version, the column count and the null bitmap; `*bytes` is left at the
// first value.
absl::Status ReadHeader(std::string_view* bytes, size_t columns, std::string_view* bitmap) {
  if (bytes->empty()) return Corrupt("empty");
  if (bytes->front() != kRowFormatVersion) return Corrupt("unknown format version");
  bytes->remove_prefix(1);
  uint64_t count;
  if (!ReadVarint(bytes, &count)) return Corrupt("bad column count");
  if (count != columns) return Corrupt("column count does not match the table");
  const size_t bitmap_size = (count + 7) / 8;
  if (bytes->size() < bitmap_size) return Corrupt("truncated null bitmap");
  *bitmap = bytes->substr(0, bitmap_size);
  bytes->remove_prefix(bitmap_size);
  return absl::OkStatus();
}

bool IsNull(std::string_view bitmap, size_t i) {
  return (static_cast<unsigned char>(bitmap[i / 8]) >> (i % 8)) & 1;
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
  std::string_view bitmap;
  if (absl::Status s = ReadHeader(&bytes, types.size(), &bitmap); !s.ok()) return s;
  const size_t count = types.size();
  // A row of this width is written over entry by entry: the strings it holds keep their
  // buffers (Value::AssignString).
  if (row->size() != count) {
    row->clear();
    row->resize(count);
  }
  for (size_t i = 0; i < count; ++i) {
    if (IsNull(bitmap, i)) {
      (*row)[i] = Value::Null();
      continue;
    }
    absl::Status s = ReadValue(&bytes, types[i], &(*row)[i]);
    if (!s.ok()) return s;
  }
  if (!bytes.empty()) return Corrupt("trailing bytes");
  return absl::OkStatus();
}

absl::Status DecodeColumns(std::string_view bytes, const std::vector<ColumnType>& types,
                           const std::vector<bool>& wanted, std::vector<Value>* row) {
  std::string_view bitmap;
  if (absl::Status s = ReadHeader(&bytes, types.size(), &bitmap); !s.ok()) return s;
  const size_t count = types.size();
  if (wanted.size() != count || row->size() != count) {
    return absl::InternalError("DecodeColumns: the row does not have the table's columns");
  }
  for (size_t i = 0; i < count; ++i) {
    if (IsNull(bitmap, i)) {
      if (wanted[i]) (*row)[i] = Value::Null();
      continue;
    }
    absl::Status s = wanted[i] ? ReadValue(&bytes, types[i], &(*row)[i])
                               : SkipValue(&bytes, types[i]);
    if (!s.ok()) return s;
  }
  if (!bytes.empty()) return Corrupt("trailing bytes");
  return absl::OkStatus();
}

namespace {

// How a non-NULL value of a type is stored: a varint (integers), 8 bytes (doubles), or a
// varint length and that many bytes (everything else).
enum class Shape : uint8_t { kVarint, kFixed8, kLengthPrefixed };

// As AppendValue writes them (HoldsInteger types as varints), without a call per column.
inline Shape ShapeOf(ColumnType type) {
  switch (type) {
    case ColumnType::kTinyInt:
    case ColumnType::kSmallInt:
    case ColumnType::kMediumInt:
    case ColumnType::kInt:
    case ColumnType::kBigInt:
    case ColumnType::kBool:
    case ColumnType::kBit:
    case ColumnType::kYear:
      return Shape::kVarint;
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      return Shape::kFixed8;
    default:
      return Shape::kLengthPrefixed;
  }
}

// Steps over a varint at *p (before `end`) of at most `max_bytes` bytes whose last byte, when
// it is the max_bytes-th, is at most `last_max` (ReadVarint and ReadVarint65's limits); its
// value when `value` is not null. False when it is cut short or too long.
inline bool StepVarint(const unsigned char** p, const unsigned char* end, int max_bytes,
                       unsigned last_max, uint64_t* value) {
  const unsigned char* at = *p;
  uint64_t result = 0;
  for (int i = 0; i < max_bytes && at < end; ++i, ++at) {
    const unsigned byte = *at;
    if (i == max_bytes - 1 && byte > last_max) return false;
    if (value != nullptr && i < 10) result |= static_cast<uint64_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      *p = at + 1;
      if (value != nullptr) *value = result;
      return true;
    }
  }
  return false;
}

}  // namespace

absl::Status LocateColumns(std::string_view bytes, const std::vector<ColumnType>& types,
                           size_t count, StoredColumn* out) {
  if (count > types.size()) {
    return absl::InternalError("LocateColumns: more columns than the table has");
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* const end = p + bytes.size();
  if (p == end) return Corrupt("empty");
  if (*p != kRowFormatVersion) return Corrupt("unknown format version");
  ++p;
  uint64_t stored_count;
  if (!StepVarint(&p, end, 10, 1, &stored_count)) return Corrupt("bad column count");
  if (stored_count != types.size()) return Corrupt("column count does not match the table");
  const unsigned char* const bitmap = p;
  if (static_cast<size_t>(end - p) < (stored_count + 7) / 8) return Corrupt("truncated null bitmap");
  p += (stored_count + 7) / 8;
  for (size_t i = 0; i < count; ++i) {
    StoredColumn& column = out[i];
    column.null = (bitmap[i / 8] >> (i % 8)) & 1;
    if (column.null) {
      column.bytes = std::string_view();
      continue;
    }
    const unsigned char* start = p;
    switch (ShapeOf(types[i])) {
      case Shape::kVarint:
        if (!StepVarint(&p, end, 10, 3, nullptr)) return Corrupt("bad integer");
        break;
      case Shape::kFixed8:
        if (end - p < 8) return Corrupt("truncated double");
        p += 8;
        break;
      case Shape::kLengthPrefixed: {
        uint64_t length;
        if (!StepVarint(&p, end, 10, 1, &length)) return Corrupt("bad string length");
        if (length > static_cast<uint64_t>(end - p)) return Corrupt("truncated string");
        start = p;
        p += length;
        break;
      }
    }
    column.bytes = std::string_view(reinterpret_cast<const char*>(start),
                                    static_cast<size_t>(p - start));
  }
  return absl::OkStatus();
}

absl::StatusOr<Value> DecodeStoredColumn(const StoredColumn& column, ColumnType type) {
  if (column.null) return Value::Null();
  if (type == ColumnType::kDecimal || type == ColumnType::kJson) {
    return absl::InvalidArgumentError("DecodeStoredColumn: DECIMAL and JSON are not stored as values");
  }
  if (HoldsInteger(type) || type == ColumnType::kFloat || type == ColumnType::kDouble) {
    std::string_view in = column.bytes;
    Value v;
    if (absl::Status s = ReadValue(&in, type, &v); !s.ok()) return s;
    if (!in.empty()) return Corrupt("trailing bytes in a value");
    return v;
  }
  return Value::String(std::string(column.bytes));
}

}  // namespace ordinal::engine::codec
