// String functions. Lengths in characters count UTF-8 code points; LENGTH counts bytes.
#include <string>

#include "common/status_macros.h"
#include "engine/functions/registry.h"

namespace ordinal::engine::functions {
namespace {

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// CONCAT: NULL when any argument is NULL.
absl::StatusOr<Value> Concat(FunctionArgs& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
    if (v.is_null()) return Value::Null();
    out += v.is_string() ? v.string_value() : v.ToString();
  }
  return Value::String(std::move(out));
}

absl::StatusOr<Value> Length(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (v.is_null()) return Value::Null();
  return Value::Int(static_cast<int64_t>(v.ToString().size()));
}

absl::StatusOr<Value> CharLength(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (v.is_null()) return Value::Null();
  return Value::Int(static_cast<int64_t>(Utf8Length(v.ToString())));
}

template <bool kUpper>
absl::StatusOr<Value> ChangeCase(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (v.is_null()) return Value::Null();
  std::string s = v.ToString();
  for (char& c : s) {
    if (kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!kUpper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::String(std::move(s));
}

}  // namespace

std::vector<FunctionDef> StringFunctions() {
  return {
      {"CHARACTER_LENGTH", 1, 1, ReturnsInt, CharLength},
      {"CHAR_LENGTH", 1, 1, ReturnsInt, CharLength},
      {"CONCAT", 1, kVariadic, ReturnsString, Concat},
      {"LCASE", 1, 1, ReturnsString, ChangeCase<false>},
      {"LENGTH", 1, 1, ReturnsInt, Length},
      {"LOWER", 1, 1, ReturnsString, ChangeCase<false>},
      {"UCASE", 1, 1, ReturnsString, ChangeCase<true>},
      {"UPPER", 1, 1, ReturnsString, ChangeCase<true>},
  };
}

}  // namespace ordinal::engine::functions
