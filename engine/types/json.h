// JSON values as MySQL 8.0 has them: a document model (JsonValue), the RFC 8259 text parser
// with MySQL's limits and error wording, MySQL's canonical text form, the compact binary form
// JSON columns store (docs/json.md), and MySQL's JSON comparator.
//
// Canonical form: object members are kept sorted by key length, then bytewise (MySQL's order),
// with one member per key (a duplicate key in the text keeps the last value, as MySQL 8.0.3+
// does). Numbers are signed 64-bit integers, unsigned 64-bit integers above INT64_MAX, or
// doubles; strings are UTF-8. So a value has one text and one binary form: parse -> binary ->
// text is stable.
#ifndef ORDINAL_ENGINE_TYPES_JSON_H_
#define ORDINAL_ENGINE_TYPES_JSON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace ordinal::engine {

// MySQL's JSON_DOCUMENT_MAX_DEPTH: more nested arrays/objects than this is error 3157.
inline constexpr int kJsonMaxDepth = 100;

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kInt, kUInt, kDouble, kString, kArray, kObject };
  using Member = std::pair<std::string, JsonValue>;

  JsonValue() = default;  // JSON null
  static JsonValue Null() { return JsonValue(); }
  static JsonValue Bool(bool b);
  static JsonValue Int(int64_t i);
  // Held as kInt when it fits int64 (one form per number, as Value does).
  static JsonValue UInt(uint64_t u);
  static JsonValue Double(double d);
  static JsonValue String(std::string s);
  static JsonValue Array(std::vector<JsonValue> elements = {});
  static JsonValue Object();

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_number() const {
    return kind_ == Kind::kInt || kind_ == Kind::kUInt || kind_ == Kind::kDouble;
  }
  bool is_scalar() const { return !is_array() && !is_object(); }

  bool bool_value() const { return b_; }
  int64_t int_value() const { return i_; }
  uint64_t uint_value() const { return u_; }
  double double_value() const { return d_; }
  // Any number as a double.
  double number_as_double() const;
  const std::string& string_value() const { return s_; }

  // Arrays.
  const std::vector<JsonValue>& elements() const { return elements_; }
  std::vector<JsonValue>& elements() { return elements_; }
  // Objects: members in canonical key order.
  const std::vector<Member>& members() const { return members_; }
  std::vector<Member>& members() { return members_; }
  // The member named `key`, or nullptr.
  const JsonValue* Find(std::string_view key) const;
  JsonValue* Find(std::string_view key);
  // Adds or replaces (last wins) the member `key`, keeping the canonical order.
  void Put(std::string key, JsonValue value);
  // Removes member `key`; whether it was there.
  bool Erase(std::string_view key);

  // Array or object size; 1 for a scalar (JSON_LENGTH).
  size_t Length() const;
  // JSON_DEPTH: 1 for scalars and empty containers, else 1 + the deepest child.
  int Depth() const;
  // MySQL's JSON_TYPE name: NULL BOOLEAN INTEGER UNSIGNED INTEGER DOUBLE STRING ARRAY OBJECT.
  std::string_view TypeName() const;

  // Structural equality (numbers by value: 1 = 1.0).
  bool operator==(const JsonValue& other) const;

 private:
  Kind kind_ = Kind::kNull;
  bool b_ = false;
  int64_t i_ = 0;
  uint64_t u_ = 0;
  double d_ = 0;
  std::string s_;
  std::vector<JsonValue> elements_;
  std::vector<Member> members_;
};

// MySQL's key order: shorter keys first, then bytewise. <0, 0, >0.
int CompareJsonKeys(std::string_view a, std::string_view b);

// Why a text is not JSON: RapidJSON's wording, which MySQL quotes ("Invalid value.",
// "Missing a comma or ']' after an array element.", ...), and the byte offset.
struct JsonSyntaxError {
  std::string reason;
  size_t position = 0;
  bool too_deep = false;  // nesting over kJsonMaxDepth: error 3157, not a syntax error
};

// Parses `text` (RFC 8259: one value, surrounding whitespace allowed, UTF-8 strings).
// On failure `*error` (when not null) says why and the result is nullopt.
std::optional<JsonValue> ParseJsonText(std::string_view text, JsonSyntaxError* error = nullptr);

// The same, with MySQL's errors: 3157 "The JSON document exceeds the maximum depth." for
// nesting, else 3140 "Invalid JSON text: "<reason>" at position N in value for column
// '<column>'." (when `column` is given) or 3141 "Invalid JSON text in argument N to function
// F: "<reason>" at position P." (when `function` is given).
absl::StatusOr<JsonValue> ParseJsonForColumn(std::string_view text, std::string_view column);
absl::StatusOr<JsonValue> ParseJsonArgument(std::string_view text, int argument,
                                            std::string_view function);

// MySQL's canonical text: `{"a": 1, "bb": [true, null]}` (", " and ": " separators), strings
// with JSON escapes, doubles as MySQL prints them (shortest round-trip digits, "1.0" for
// integral values, "1e20" exponents).
std::string JsonToText(const JsonValue& value);
// A string as a JSON string literal, quotes included (JSON_QUOTE).
std::string QuoteJsonString(std::string_view s);

// The binary form JSON columns store (docs/json.md). EncodeJsonBinary never fails;
// DecodeJsonBinary answers DATA_LOSS for bytes it did not write.
std::string EncodeJsonBinary(const JsonValue& value);
absl::StatusOr<JsonValue> DecodeJsonBinary(std::string_view bytes);

// MySQL's JSON comparator: NULL < numbers < strings < objects < arrays < booleans; numbers by
// value, strings bytewise, arrays element by element then by length, objects equal when
// they have the same members (unequal objects order deterministically), false < true.
int CompareJson(const JsonValue& a, const JsonValue& b);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_JSON_H_
