// String functions that search or compare: LOCATE INSTR POSITION FIND_IN_SET FIELD ELT
// STRCMP SUBSTRING_INDEX. FIELD and STRCMP compare under the strings' collation
// (docs/collations.md); LOCATE, INSTR, POSITION and FIND_IN_SET compare case-insensitively,
// as MySQL's default collation (utf8mb4_0900_ai_ci) does (accents still count here:
// docs/expressions.md); SUBSTRING_INDEX matches byte for byte, as in MySQL.
// Results count characters, not bytes.
#include <string>

#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/registry.h"
#include "engine/functions/utf8.h"

namespace ordinal::engine::functions {
namespace {

using Strings = std::optional<std::vector<Value>>;

// The 1-based character position of `needle` in `haystack` at or after character `from`
// (1-based), case-insensitively; 0 when absent or `from` is outside 1..length+1.
int64_t Locate(std::string_view needle, std::string_view haystack, int64_t from) {
  const auto count = static_cast<int64_t>(utf8::CharCount(haystack));
  if (from < 1 || from > count + 1) return 0;
  if (needle.empty()) return from;
  const std::string folded = utf8::Fold(haystack);
  const std::string target = utf8::Fold(needle);
  const size_t start = utf8::ByteOffsetOf(folded, static_cast<size_t>(from - 1));
  const size_t hit = folded.find(target, start);
  if (hit == std::string::npos) return 0;
  return static_cast<int64_t>(utf8::CharCount(std::string_view(folded).substr(0, hit))) + 1;
}

// LOCATE(substr, str[, pos]); the parser turns POSITION(substr IN str) into LOCATE.
absl::StatusOr<Value> LocateFn(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const int64_t from = v->size() > 2 ? IntOf((*v)[2]) : 1;
  return Value::Int(Locate(TextOf((*v)[0]), TextOf((*v)[1]), from));
}

// INSTR(str, substr): LOCATE with the arguments the other way round.
absl::StatusOr<Value> Instr(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  return Value::Int(Locate(TextOf((*v)[1]), TextOf((*v)[0]), 1));
}

// FIND_IN_SET(s, list): the 1-based index of s among the comma-separated items of list; 0
// when absent, when list is '' or when s holds a comma.
absl::StatusOr<Value> FindInSet(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const std::string s = utf8::Fold(TextOf((*v)[0]));
  const std::string list = utf8::Fold(TextOf((*v)[1]));
  if (list.empty() || s.find(',') != std::string::npos) return Value::Int(0);
  int64_t index = 1;
  for (size_t at = 0;; ++index) {
    const size_t comma = list.find(',', at);
    const size_t end = comma == std::string::npos ? list.size() : comma;
    if (std::string_view(list).substr(at, end - at) == s) return Value::Int(index);
    if (comma == std::string::npos) return Value::Int(0);
    at = comma + 1;
  }
}

// FIELD(x, a, b, ...): the 1-based index of the first argument equal to x, else 0 (also
// when x is NULL). All strings compare as strings (under their collation, engine/types/
// value.h); otherwise as numbers.
absl::StatusOr<Value> Field(FunctionArgs& args) {
  std::vector<Value> values;
  bool all_strings = true;
  for (size_t i = 0; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
    if (i == 0 && v.is_null()) return Value::Int(0);
    all_strings = all_strings && (v.is_string() || v.is_null());
    values.push_back(std::move(v));
  }
  for (size_t i = 1; i < values.size(); ++i) {
    if (values[i].is_null()) continue;
    const bool equal = all_strings ? CompareValues(values[0], values[i]) == 0
                                   : values[i].ToDouble() == values[0].ToDouble();
    if (equal) return Value::Int(static_cast<int64_t>(i));
  }
  return Value::Int(0);
}

// ELT(n, a, b, ...): the n-th string; NULL when n is outside 1..count.
absl::StatusOr<Value> Elt(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<int64_t> n, IntArg(args, 0));
  if (!n || *n < 1 || *n >= static_cast<int64_t>(args.size())) return Value::Null();
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, static_cast<size_t>(*n)));
  if (!v) return Value::Null();
  return Value::String(TextOf(*v));
}

// STRCMP(a, b): -1, 0 or 1; strings compare under their collation (engine/types/value.h),
// other values as their text under the connection's.
absl::StatusOr<Value> Strcmp(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  Value a = (*v)[0], b = (*v)[1];
  if (!a.is_string() || a.is_json()) a = Value::String(TextOf(a));
  if (!b.is_string() || b.is_json()) b = Value::String(TextOf(b));
  const int c = CompareValues(a, b).value_or(0);
  return Value::Int(c < 0 ? -1 : (c > 0 ? 1 : 0));
}

// SUBSTRING_INDEX(s, delim, count): what precedes the count-th delimiter (count > 0), or
// follows the count-th from the right (count < 0); all of s when there are fewer; '' for
// count 0 or an empty delimiter.
absl::StatusOr<Value> SubstringIndex(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const std::string s = TextOf((*v)[0]), delim = TextOf((*v)[1]);
  const int64_t count = IntOf((*v)[2]);
  if (count == 0 || delim.empty()) return Value::String("");
  if (count > 0) {
    size_t at = 0;
    for (int64_t k = 0; k < count; ++k) {
      const size_t hit = s.find(delim, at);
      if (hit == std::string::npos) return Value::String(s);
      if (k + 1 == count) return Value::String(s.substr(0, hit));
      at = hit + delim.size();
    }
  }
  size_t end = s.size();
  for (int64_t k = 0; k > count; --k) {
    if (end < delim.size()) return Value::String(s);
    const size_t hit = s.rfind(delim, end - delim.size());
    if (hit == std::string::npos) return Value::String(s);
    if (k - 1 == count) return Value::String(s.substr(hit + delim.size()));
    end = hit;
  }
  return Value::String(s);
}

}  // namespace

std::vector<FunctionDef> StringSearchFunctions() {
  return {
      {"ELT", 2, kVariadic, ReturnsString, Elt, ResultCollation::kOfStringsAfterFirst},
      {"FIELD", 2, kVariadic, ReturnsInt, Field},
      {"FIND_IN_SET", 2, 2, ReturnsInt, FindInSet},
      {"INSTR", 2, 2, ReturnsInt, Instr},
      {"LOCATE", 2, 3, ReturnsInt, LocateFn},
      {"STRCMP", 2, 2, ReturnsInt, Strcmp},
      {"SUBSTRING_INDEX", 3, 3, ReturnsString, SubstringIndex, ResultCollation::kOfStrings},
  };
}

}  // namespace ordinal::engine::functions
