// Values and column types of the SQL layer, with MySQL's comparison and strict-mode
// coercion rules. A Value is a small immutable-by-convention variant: NULL, a 64-bit
// integer, a double, or a byte string. BOOLEAN values are integers 0 and 1, as in MySQL.
//
// Collation: strings compare as bytes (like MySQL's `utf8mb4_bin`), everywhere: in WHERE,
// ORDER BY, GROUP BY, DISTINCT, keys and indexes. Lengths of CHAR(n)/VARCHAR(n) count UTF-8
// characters, as MySQL does.
#ifndef ORDINAL_ENGINE_TYPES_VALUE_H_
#define ORDINAL_ENGINE_TYPES_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "absl/status/statusor.h"

namespace ordinal::engine {

enum class ColumnType { kInt, kDouble, kChar, kVarchar, kText, kBool };

// "INT", "DOUBLE", "CHAR", "VARCHAR", "TEXT", "BOOLEAN".
std::string_view ColumnTypeName(ColumnType type);

// True for CHAR, VARCHAR and TEXT.
bool IsStringType(ColumnType type);

class Value {
 public:
  Value() = default;  // NULL
  static Value Null() { return Value(); }
  static Value Int(int64_t v) { return Value(Rep(v)); }
  static Value Double(double v) { return Value(Rep(v)); }
  static Value String(std::string v) { return Value(Rep(std::move(v))); }
  static Value Bool(bool v) { return Int(v ? 1 : 0); }

  bool is_null() const { return std::holds_alternative<std::monostate>(rep_); }
  bool is_int() const { return std::holds_alternative<int64_t>(rep_); }
  bool is_double() const { return std::holds_alternative<double>(rep_); }
  bool is_string() const { return std::holds_alternative<std::string>(rep_); }
  bool is_numeric() const { return is_int() || is_double(); }

  // Accessors; calling the wrong one is a programming error (std::bad_variant_access).
  int64_t int_value() const { return std::get<int64_t>(rep_); }
  double double_value() const { return std::get<double>(rep_); }
  const std::string& string_value() const { return std::get<std::string>(rep_); }

  // The value as MySQL's client shows it: "NULL", "42", "2.5" (shortest round-trip form),
  // or the string's bytes.
  std::string ToString() const;

  // The numeric value: ints and doubles as they are; strings by MySQL's leading-number
  // rule ("12abc" -> 12, "abc" -> 0); NULL -> 0.
  double ToDouble() const;

  // Truthiness as in WHERE: NULL -> nullopt; numbers: != 0; strings: their numeric value != 0.
  std::optional<bool> ToBool() const;

  // Exact equality of kind and value (NULL == NULL here). For tests and hashing, not SQL.
  bool operator==(const Value& other) const { return rep_ == other.rep_; }
  bool operator!=(const Value& other) const { return !(*this == other); }

 private:
  using Rep = std::variant<std::monostate, int64_t, double, std::string>;
  explicit Value(Rep rep) : rep_(std::move(rep)) {}
  Rep rep_;
};

// SQL comparison with MySQL's rules: nullopt when either side is NULL; int vs int exactly;
// any other mix of numbers compares as doubles; string vs string byte-wise; string vs number
// converts the string to a number. Returns <0, 0 or >0.
std::optional<int> CompareValues(const Value& a, const Value& b);

// Total order for sorting and grouping: NULL first (as MySQL sorts NULL lowest), then as
// CompareValues. Values in one column share a type, so this is consistent.
int CompareForSort(const Value& a, const Value& b);

// Converts `v` for storage in a column, as MySQL strict mode does. NULL stays NULL (the
// caller checks NOT NULL). Errors (INVALID_ARGUMENT with the MySQL errno):
//   - a string that is not wholly a number into INT/DOUBLE/BOOL: 1366 (e.g. 'abc', '12abc');
//   - a number out of the 64-bit range into INT: 1264;
//   - a string longer than `length` characters into CHAR/VARCHAR, or over 65535 bytes into
//     TEXT: 1406 "Data too long for column 'c'".
// Doubles into INT round half away from zero (2.5 -> 3). Numbers into strings use ToString().
// Strings into numbers allow surrounding spaces ("  12 " -> 12).
absl::StatusOr<Value> CoerceToColumn(const Value& v, ColumnType type, uint32_t length,
                                     std::string_view column_name);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_VALUE_H_
