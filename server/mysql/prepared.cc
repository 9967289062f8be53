#include "server/mysql/prepared.h"

#include <charconv>
#include <cmath>
#include <cctype>
#include <cstring>

#include "absl/strings/str_format.h"
#include "server/mysql/wire.h"

namespace ordinal::server::mysql {
namespace {

// Index just past the quoted text that starts at `i` (the quote itself).
size_t SkipQuoted(std::string_view sql, size_t i) {
  const char quote = sql[i];
  for (++i; i < sql.size(); ++i) {
    if (sql[i] == '\\' && quote != '`') {
      ++i;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

size_t SkipLine(std::string_view sql, size_t i) {
  const size_t end = sql.find('\n', i);
  return end == std::string_view::npos ? sql.size() : end + 1;
}

// A temporal value of the binary protocol: a length byte, then 0, 4, 7 or 11 bytes.
std::optional<engine::Value> ReadDateTime(WireReader& r, bool with_date_only) {
  std::optional<uint8_t> n = r.Int1();
  if (!n.has_value() || (*n != 0 && *n != 4 && *n != 7 && *n != 11)) return std::nullopt;
  WireReader f(r.Bytes(*n).value_or(""));
  if (f.remaining() != *n) return std::nullopt;
  const uint16_t year = f.Int2().value_or(0);
  const uint8_t month = f.Int1().value_or(0), day = f.Int1().value_or(0);
  const uint8_t hour = f.Int1().value_or(0), minute = f.Int1().value_or(0),
                second = f.Int1().value_or(0);
  const uint32_t micros = f.Int4().value_or(0);
  std::string text = absl::StrFormat("%04d-%02d-%02d", year, month, day);
  if (!with_date_only) absl::StrAppendFormat(&text, " %02d:%02d:%02d", hour, minute, second);
  if (micros != 0) absl::StrAppendFormat(&text, ".%06d", micros);
  return engine::Value::String(std::move(text));
}

// A TIME value: a length byte, then 0, 8 or 12 bytes.
std::optional<engine::Value> ReadTime(WireReader& r) {
  std::optional<uint8_t> n = r.Int1();
  if (!n.has_value() || (*n != 0 && *n != 8 && *n != 12)) return std::nullopt;
  WireReader f(r.Bytes(*n).value_or(""));
  if (f.remaining() != *n) return std::nullopt;
  const bool negative = f.Int1().value_or(0) != 0;
  const uint32_t days = f.Int4().value_or(0);
  const uint8_t hour = f.Int1().value_or(0), minute = f.Int1().value_or(0),
                second = f.Int1().value_or(0);
  const uint32_t micros = f.Int4().value_or(0);
  std::string text = absl::StrFormat("%s%02d:%02d:%02d", negative ? "-" : "",
                                     static_cast<uint64_t>(days) * 24 + hour, minute, second);
  if (micros != 0) absl::StrAppendFormat(&text, ".%06d", micros);
  return engine::Value::String(std::move(text));
}

engine::Value IntValue(uint64_t raw, size_t width, bool is_unsigned) {
  if (is_unsigned) {
    if (raw > static_cast<uint64_t>(INT64_MAX)) {
      return engine::Value::String(std::to_string(raw));  // the engine range-checks it
    }
    return engine::Value::Int(static_cast<int64_t>(raw));
  }
  const int shift = static_cast<int>(64 - 8 * width);
  return engine::Value::Int(static_cast<int64_t>(raw << shift) >> shift);
}

std::optional<engine::Value> ReadValue(WireReader& r, ParamType type) {
  switch (type.type) {
    case FieldType::kNull: return engine::Value::Null();
    case FieldType::kTiny: {
      std::optional<uint64_t> v = r.FixedInt(1);
      if (!v.has_value()) return std::nullopt;
      return IntValue(*v, 1, type.is_unsigned);
    }
    case FieldType::kShort:
    case FieldType::kYear: {
      std::optional<uint64_t> v = r.FixedInt(2);
      if (!v.has_value()) return std::nullopt;
      return IntValue(*v, 2, type.is_unsigned);
    }
    case FieldType::kLong:
    case FieldType::kInt24: {
      std::optional<uint64_t> v = r.FixedInt(4);
      if (!v.has_value()) return std::nullopt;
      return IntValue(*v, 4, type.is_unsigned);
    }
    case FieldType::kLongLong: {
      std::optional<uint64_t> v = r.FixedInt(8);
      if (!v.has_value()) return std::nullopt;
      return IntValue(*v, 8, type.is_unsigned);
    }
    case FieldType::kFloat: {
      std::optional<uint32_t> v = r.Int4();
      if (!v.has_value()) return std::nullopt;
      float f = 0;
      std::memcpy(&f, &*v, sizeof f);
      return engine::Value::Double(f);
    }
    case FieldType::kDouble: {
      std::optional<uint64_t> v = r.Int8();
      if (!v.has_value()) return std::nullopt;
      double d = 0;
      std::memcpy(&d, &*v, sizeof d);
      return engine::Value::Double(d);
    }
    case FieldType::kDate: return ReadDateTime(r, /*with_date_only=*/true);
    case FieldType::kDateTime:
    case FieldType::kTimestamp: return ReadDateTime(r, /*with_date_only=*/false);
    case FieldType::kTime: return ReadTime(r);
    case FieldType::kDecimal:
    case FieldType::kNewDecimal:
    case FieldType::kVarchar:
    case FieldType::kBit:
    case FieldType::kJson:
    case FieldType::kEnum:
    case FieldType::kSet:
    case FieldType::kTinyBlob:
    case FieldType::kMediumBlob:
    case FieldType::kLongBlob:
    case FieldType::kBlob:
    case FieldType::kVarString:
    case FieldType::kString:
    case FieldType::kGeometry: {
      std::optional<std::string_view> s = r.LenencString();
      if (!s.has_value()) return std::nullopt;
      return engine::Value::String(std::string(*s));
    }
  }
  return std::nullopt;
}

bool KnownType(uint8_t type) {
  return type <= 0x10 || type >= 0xf5;
}

// Offsets of every `wanted` byte outside quoted text and comments; with `code`, also
// whether anything but blanks and comments lies in [0, sql.size()).
std::vector<size_t> FindOutsideQuotes(std::string_view sql, char wanted, bool* code = nullptr) {
  std::vector<size_t> found;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = SkipQuoted(sql, i);
    } else if (c == '#') {
      i = SkipLine(sql, i);
    } else if (c == '-' && sql.substr(i, 2) == "--" &&
               (i + 2 == sql.size() || std::isspace(static_cast<unsigned char>(sql[i + 2])))) {
      i = SkipLine(sql, i);
    } else if (c == '/' && sql.substr(i, 2) == "/*") {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      if (c == wanted) found.push_back(i);
      if (code != nullptr && !std::isspace(static_cast<unsigned char>(c))) *code = true;
      ++i;
    }
    if (code != nullptr && (c == '\'' || c == '"' || c == '`')) *code = true;
  }
  return found;
}

}  // namespace

std::vector<size_t> FindPlaceholders(std::string_view sql) { return FindOutsideQuotes(sql, '?'); }

std::vector<std::string_view> SplitStatements(std::string_view sql) {
  std::vector<std::string_view> pieces;
  size_t from = 0;
  std::vector<size_t> ends = FindOutsideQuotes(sql, ';');
  ends.push_back(sql.size());
  for (const size_t end : ends) {
    std::string_view piece = sql.substr(from, end - from);
    bool code = false;
    FindOutsideQuotes(piece, '\0', &code);
    if (code) pieces.push_back(piece);
    from = end + 1;
  }
  return pieces;
}

std::optional<uint32_t> StatementId(std::string_view body) {
  WireReader r(body);
  return r.Int4();
}

std::optional<std::vector<engine::Value>> ParseExecute(std::string_view body, size_t num_params,
                                                       ParamState& state) {
  WireReader r(body);
  std::optional<uint32_t> id = r.Int4();
  std::optional<uint8_t> flags = r.Int1();
  std::optional<uint32_t> iterations = r.Int4();
  if (!id.has_value() || !flags.has_value() || !iterations.has_value()) return std::nullopt;
  std::vector<engine::Value> values;
  if (num_params == 0) return values;
  std::optional<std::string_view> nulls = r.Bytes((num_params + 7) / 8);
  std::optional<uint8_t> new_types = r.Int1();
  if (!nulls.has_value() || !new_types.has_value()) return std::nullopt;
  if (*new_types == 1) {
    state.types.assign(num_params, ParamType{});
    for (ParamType& t : state.types) {
      std::optional<uint8_t> type = r.Int1();
      std::optional<uint8_t> flag = r.Int1();
      if (!type.has_value() || !flag.has_value() || !KnownType(*type)) return std::nullopt;
      t = ParamType{static_cast<FieldType>(*type), (*flag & 0x80) != 0};
    }
  } else if (*new_types != 0 || state.types.size() != num_params) {
    return std::nullopt;
  }
  state.long_data.resize(num_params);
  values.reserve(num_params);
  for (size_t i = 0; i < num_params; ++i) {
    if (state.long_data[i].has_value()) {
      values.push_back(engine::Value::String(*std::move(state.long_data[i])));
      state.long_data[i].reset();
      continue;
    }
    if (((*nulls)[i / 8] >> (i % 8)) & 1) {
      values.push_back(engine::Value::Null());
      continue;
    }
    std::optional<engine::Value> v = ReadValue(r, state.types[i]);
    if (!v.has_value()) return std::nullopt;
    values.push_back(*std::move(v));
  }
  return values;
}

std::optional<LongData> ParseLongData(std::string_view body) {
  WireReader r(body);
  std::optional<uint32_t> id = r.Int4();
  std::optional<uint16_t> param = r.Int2();
  if (!id.has_value() || !param.has_value()) return std::nullopt;
  return LongData{*id, *param, r.Rest()};
}

std::string SqlLiteral(const engine::Value& value) {
  if (value.is_null()) return "NULL";
  if (value.is_int()) return std::to_string(value.int_value());
  if (value.is_double()) {
    const double d = value.double_value();
    if (!std::isfinite(d)) return "NULL";
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    std::string text(buffer, end);
    // The engine's lexer wants digits on both sides of an exponent's mantissa point.
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
  }
  std::string out = "'";
  out.reserve(value.string_value().size() + 2);
  for (const char c : value.string_value()) {
    switch (c) {
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\x1a': out += "\\Z"; break;
      default: out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

std::string BindParameters(std::string_view sql, const std::vector<size_t>& markers,
                           const std::vector<engine::Value>& values) {
  std::string out;
  out.reserve(sql.size() + 16 * markers.size());
  size_t from = 0;
  for (size_t i = 0; i < markers.size() && i < values.size(); ++i) {
    out.append(sql.substr(from, markers[i] - from));
    out += SqlLiteral(values[i]);
    from = markers[i] + 1;
  }
  out.append(sql.substr(from));
  return out;
}

}  // namespace ordinal::server::mysql
