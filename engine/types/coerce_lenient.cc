#include "engine/types/coerce_lenient.h"

#include <cfloat>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/sql_error.h"
#include "engine/types/decimal.h"
#include "engine/types/number_text.h"

namespace ordinal::engine {
namespace {

absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string TruncatedMessage(std::string_view column) {
  return absl::StrCat("Data truncated for column '", AbslView(column), "'");
}

std::string OutOfRangeMessage(std::string_view column) {
  return absl::StrCat("Out of range value for column '", AbslView(column), "'");
}

bool IsNumericColumn(ColumnType t) {
  return IsIntegerType(t) || t == ColumnType::kDecimal || t == ColumnType::kFloat ||
         t == ColumnType::kDouble || t == ColumnType::kYear;
}

// `digits` nines before the point and `scale` after it: the largest DECIMAL(digits+scale,
// scale), and the largest FLOAT(M,D) as text.
std::string LargestText(uint32_t digits, uint32_t scale) {
  std::string text = digits == 0 ? "0" : std::string(digits, '9');
  if (scale > 0) absl::StrAppend(&text, ".", std::string(scale, '9'));
  return text;
}

// The end of a numeric column's range nearest to a number beyond it.
Value RangeEnd(const SqlType& type, bool negative) {
  if (type.type == ColumnType::kYear) return Value::Int(0);
  if (negative && type.is_unsigned) return Value::Int(0);
  const char* sign = negative ? "-" : "";
  switch (type.type) {
    case ColumnType::kDecimal: {
      const uint32_t digits = type.length > type.scale ? type.length - type.scale : 0;
      std::optional<Decimal> d =
          Decimal::Parse(absl::StrCat(sign, LargestText(digits, type.scale)));
      return d ? Value::FromDecimal(*d) : Value::Int(0);
    }
    case ColumnType::kFloat:
    case ColumnType::kDouble: {
      double largest = type.type == ColumnType::kFloat ? FLT_MAX : DBL_MAX;
      if (type.length > 0) {
        const uint32_t digits = type.length > type.scale ? type.length - type.scale : 0;
        largest = number_text::ParseDouble(LargestText(digits, type.scale));
      }
      return Value::Double(negative ? -largest : largest);
    }
    default: {
      __int128 min = 0, max = 0;
      IntegerRange(type, &min, &max);
      const __int128 end = negative ? min : max;
      return end < 0 ? Value::Int(static_cast<int64_t>(end))
                     : Value::UInt(static_cast<uint64_t>(end));
    }
  }
}

// The first `n` characters of UTF-8 text.
std::string FirstCharacters(std::string_view text, size_t n) {
  size_t end = 0, characters = 0;
  while (end < text.size()) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) {
      if (characters == n) break;
      ++characters;
    }
    ++end;
  }
  return std::string(text.substr(0, end));
}

// A string cut to what its column holds: characters for CHAR and VARCHAR, bytes for BINARY,
// VARBINARY and the BLOBs, whole characters within the byte limit for the TEXTs.
std::string CutToColumn(std::string_view bytes, const SqlType& type) {
  switch (type.type) {
    case ColumnType::kChar:
    case ColumnType::kVarchar: return FirstCharacters(bytes, type.length);
    case ColumnType::kBinary:
    case ColumnType::kVarBinary: return std::string(bytes.substr(0, type.length));
    default: break;
  }
  size_t keep = std::min<uint64_t>(bytes.size(), MaxByteLength(type.type));
  if (IsCharacterType(type.type)) {
    while (keep > 0 && keep < bytes.size() &&
           (static_cast<unsigned char>(bytes[keep]) & 0xC0) == 0x80) {
      --keep;
    }
  }
  return std::string(bytes.substr(0, keep));
}

// A SET value's valid members, comma separated.
std::string ValidSetMembers(const Value& v, const SqlType& type) {
  if (!v.is_string()) {
    const double d = v.ToDouble();
    if (d < 0) return "";
    const uint64_t bits = d >= 18446744073709551616.0 ? ~uint64_t{0} : static_cast<uint64_t>(d);
    std::string out;
    for (size_t i = 0; i < type.elements.size() && i < 64; ++i) {
      if (!(bits >> i & 1)) continue;
      if (!out.empty()) out.push_back(',');
      out.append(type.elements[i]);
    }
    return out;
  }
  std::string out;
  for (absl::string_view part : absl::StrSplit(v.string_value(), ',')) {
    for (const std::string& member : type.elements) {
      if (!absl::EqualsIgnoreCase(member, part)) continue;
      if (!out.empty()) out.push_back(',');
      out.append(member);
      break;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<LenientValue> CoerceToColumnLeniently(const Value& v, const SqlType& type,
                                                     std::string_view column,
                                                     const absl::Status& strict_error) {
  MysqlErrno code = GetMysqlErrno(strict_error);
  LenientValue out;
  Value number = v;
  if (code == MysqlErrno::kWrongValueForType && v.is_string() && IsNumericColumn(type.type)) {
    // A string that is not wholly a number: its numeric prefix, or 0.
    std::string_view text = number_text::TrimSpaces(v.string_value());
    bool integral = false;
    const size_t length = text.empty() ? 0 : number_text::NumericPrefixLength(text, &integral);
    const bool floating = type.type == ColumnType::kFloat || type.type == ColumnType::kDouble;
    number = length == 0 ? Value::Int(0) : Value::String(std::string(text.substr(0, length)));
    if (length == 0 && !floating) {
      out.warning_code = static_cast<int>(MysqlErrno::kWrongValueForType);
      out.warning = std::string(strict_error.message());
    } else {
      out.warning_code = static_cast<int>(MysqlErrno::kDataTruncated);
      out.warning = TruncatedMessage(column);
    }
    absl::StatusOr<Value> stored = CoerceToColumn(number, type, column);
    if (stored.ok()) {
      out.value = *std::move(stored);
      return out;
    }
    code = GetMysqlErrno(stored.status());
  }
  if (code == MysqlErrno::kOutOfRange && IsNumericColumn(type.type)) {
    absl::StatusOr<Value> stored =
        CoerceToColumn(RangeEnd(type, number.ToDouble() < 0), type, column);
    if (!stored.ok()) return strict_error;
    out.value = *std::move(stored);
    out.warning_code = static_cast<int>(MysqlErrno::kOutOfRange);
    out.warning = OutOfRangeMessage(column);
    return out;
  }
  if (code == MysqlErrno::kDataTooLong && type.type == ColumnType::kBit) {
    const uint64_t all = type.length >= 64 ? ~uint64_t{0} : (uint64_t{1} << type.length) - 1;
    out.value = Value::UInt(all);
    out.warning_code = static_cast<int>(MysqlErrno::kOutOfRange);
    out.warning = OutOfRangeMessage(column);
    return out;
  }
  if (code == MysqlErrno::kDataTooLong && (IsCharacterType(type.type) || IsBinaryType(type.type))) {
    const std::string bytes = v.is_string() ? v.string_value() : v.ToString();
    absl::StatusOr<Value> stored =
        CoerceToColumn(Value::String(CutToColumn(bytes, type)), type, column);
    if (!stored.ok()) return strict_error;
    out.value = *std::move(stored);
    out.warning_code = static_cast<int>(MysqlErrno::kDataTruncated);
    out.warning = TruncatedMessage(column);
    return out;
  }
  if (code == MysqlErrno::kDataTruncated &&
      (type.type == ColumnType::kEnum || type.type == ColumnType::kSet)) {
    // An ENUM's error value is the empty string (its index 0).
    out.value = Value::String(type.type == ColumnType::kEnum ? "" : ValidSetMembers(v, type));
    out.warning_code = static_cast<int>(MysqlErrno::kDataTruncated);
    out.warning = TruncatedMessage(column);
    return out;
  }
  return strict_error;
}

}  // namespace ordinal::engine
