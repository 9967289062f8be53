// Value: one cell of a result set as the client library hands it out.
//
// A Value is NULL, a 64-bit signed integer, a double or a string (bytes, usually UTF-8).
// BOOLEAN columns arrive as the integers 0 and 1, as in MySQL. Values are plain copyable
// data; they do not refer to the ResultSet they came from.
#ifndef ORDINAL_CLIENT_VALUE_H_
#define ORDINAL_CLIENT_VALUE_H_

#include <cstdint>
#include <string>
#include <variant>

namespace ordinal {

class Value {
 public:
  enum class Kind { kNull, kInt, kDouble, kString };

  // A NULL value.
  Value() = default;
  static Value Null() { return Value(); }
  static Value Int(int64_t v) { return Value(Storage(std::in_place_index<1>, v)); }
  static Value Double(double v) { return Value(Storage(std::in_place_index<2>, v)); }
  static Value String(std::string v) {
    return Value(Storage(std::in_place_index<3>, std::move(v)));
  }

  Kind kind() const { return static_cast<Kind>(value_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_int() const { return kind() == Kind::kInt; }
  bool is_double() const { return kind() == Kind::kDouble; }
  bool is_string() const { return kind() == Kind::kString; }

  // Accessors for the held kind. Calling one for another kind is a programming error
  // (std::bad_variant_access is thrown).
  int64_t int_value() const { return std::get<1>(value_); }
  double double_value() const { return std::get<2>(value_); }
  const std::string& string_value() const { return std::get<3>(value_); }

  // The text the mysql client shows: "NULL", decimal integers, doubles in their shortest
  // round-trip form ("0.1", "3", "1e20", "1.5e-7"), strings as they are.
  std::string ToString() const;

  friend bool operator==(const Value& a, const Value& b) { return a.value_ == b.value_; }

 private:
  using Storage = std::variant<std::monostate, int64_t, double, std::string>;
  explicit Value(Storage value) : value_(std::move(value)) {}

  Storage value_;
};

// The shortest text that reads back as exactly `v`, in the mysql client's spelling
// (no '+' and no leading zeros in the exponent; "inf", "-inf", "nan" for non-finite values).
std::string FormatDouble(double v);

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_VALUE_H_
