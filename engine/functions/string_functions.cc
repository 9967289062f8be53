// String functions that build or cut strings: CONCAT CONCAT_WS LENGTH OCTET_LENGTH
// CHAR_LENGTH UPPER LOWER SUBSTRING SUBSTR MID LEFT RIGHT LPAD RPAD TRIM LTRIM RTRIM REVERSE
// REPEAT SPACE INSERT REPLACE. Positions and lengths count utf8mb4 characters (utf8.h);
// LENGTH counts bytes. NULL in, NULL out, except CONCAT_WS, which skips NULL strings.
//
// TRIM's `LEADING|TRAILING|BOTH x FROM s` form reaches the registry as TRIM(s, x, mode)
// (engine/sql/string_syntax.cc); users cannot write that form themselves.
#include <string>

#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/registry.h"
#include "engine/functions/utf8.h"

namespace ordinal::engine::functions {
namespace {

using Strings = std::optional<std::vector<Value>>;

absl::StatusOr<Value> Concat(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  std::string out;
  for (const Value& part : *v) out += TextOf(part);
  return Value::String(std::move(out));
}

// CONCAT_WS(sep, s...): NULL when sep is; NULL strings are skipped (empty ones are not).
absl::StatusOr<Value> ConcatWs(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> sep, ArgOrNull(args, 0));
  if (!sep) return Value::Null();
  const std::string separator = TextOf(*sep);
  std::string out;
  bool first = true;
  for (size_t i = 1; i < args.size(); ++i) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, i));
    if (!v) continue;
    if (!first) out += separator;
    out += TextOf(*v);
    first = false;
  }
  return Value::String(std::move(out));
}

// A function of one string argument.
template <Value (*F)(std::string_view)>
absl::StatusOr<Value> OfText(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  return F(TextOf(*v));
}

Value ByteLength(std::string_view s) { return Value::Int(static_cast<int64_t>(s.size())); }
Value CharLength(std::string_view s) {
  return Value::Int(static_cast<int64_t>(utf8::CharCount(s)));
}
Value Upper(std::string_view s) { return Value::String(utf8::ToUpper(s)); }
Value Lower(std::string_view s) { return Value::String(utf8::ToLower(s)); }
Value LeftTrim(std::string_view s) {
  s.remove_prefix(std::min(s.find_first_not_of(' '), s.size()));
  return Value::String(std::string(s));
}
Value RightTrim(std::string_view s) {
  const size_t end = s.find_last_not_of(' ');
  return Value::String(std::string(s.substr(0, end == std::string_view::npos ? 0 : end + 1)));
}
Value Reverse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::vector<size_t> starts = utf8::CharStarts(s);
  for (size_t k = starts.size() - 1; k > 0; --k) {
    out.append(s.substr(starts[k - 1], starts[k] - starts[k - 1]));
  }
  return Value::String(std::move(out));
}

// The characters of `s` from 1-based `pos` (negative: from the end), at most `len` of them.
// MySQL: position 0, a position before the start or past the end, and len <= 0 give ''.
std::string Substring(std::string_view s, int64_t pos, int64_t len) {
  if (pos == 0 || len <= 0) return "";
  const auto count = static_cast<int64_t>(utf8::CharCount(s));
  int64_t start = pos > 0 ? pos - 1 : count + pos;
  if (start < 0 || start >= count) return "";
  const std::string_view rest = utf8::SkipChars(s, static_cast<size_t>(start));
  return std::string(utf8::FirstChars(rest, static_cast<size_t>(std::min(len, count))));
}

// SUBSTRING(s, pos[, len]) (also SUBSTR, MID; `s FROM pos FOR len` is parsed into this).
absl::StatusOr<Value> SubstringFn(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const int64_t len = v->size() > 2 ? IntOf((*v)[2]) : INT64_MAX;
  return Value::String(Substring(TextOf((*v)[0]), IntOf((*v)[1]), len));
}

// LEFT(s, n) / RIGHT(s, n): n <= 0 gives ''.
template <bool kLeft>
absl::StatusOr<Value> Side(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const std::string s = TextOf((*v)[0]);
  const int64_t n = IntOf((*v)[1]);
  if (n <= 0) return Value::String("");
  if (kLeft) return Value::String(std::string(utf8::FirstChars(s, static_cast<size_t>(n))));
  const size_t count = utf8::CharCount(s);
  if (static_cast<uint64_t>(n) >= count) return Value::String(s);
  return Value::String(std::string(utf8::SkipChars(s, count - static_cast<size_t>(n))));
}

// LPAD/RPAD(s, len, pad): s cut or padded to len characters. NULL for len < 0, and for an
// empty pad when padding is needed.
template <bool kLeft>
absl::StatusOr<Value> Pad(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const std::string s = TextOf((*v)[0]);
  const int64_t len = IntOf((*v)[1]);
  const std::string pad = TextOf((*v)[2]);
  if (len < 0) return Value::Null();
  const size_t count = utf8::CharCount(s);
  const auto want = static_cast<uint64_t>(len);
  if (want <= count) return Value::String(std::string(utf8::FirstChars(s, want)));
  const size_t pad_count = utf8::CharCount(pad);
  if (pad_count == 0) return Value::Null();
  const uint64_t missing = want - count;
  const uint64_t max = MaxAllowedPacket(args);
  if (missing > max || s.size() + (missing / pad_count + 1) * pad.size() > max) {
    return ResultTooLarge(args, kLeft ? "lpad" : "rpad");
  }
  std::string fill;
  for (uint64_t k = 0; k < missing / pad_count; ++k) fill += pad;
  fill += utf8::FirstChars(pad, missing % pad_count);
  return Value::String(kLeft ? fill + s : s + fill);
}

// TRIM(s), and TRIM(s, x, mode) for `TRIM([LEADING|TRAILING|BOTH] x FROM s)`: removes every
// repetition of the string x (spaces when absent). mode: 0 BOTH, 1 LEADING, 2 TRAILING.
absl::StatusOr<Value> Trim(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const std::string text = TextOf((*v)[0]);
  const std::string x = v->size() > 1 ? TextOf((*v)[1]) : " ";
  const int64_t mode = v->size() > 2 ? IntOf((*v)[2]) : 0;
  std::string_view s = text;
  if (x.empty()) return Value::String(text);
  if (mode != 2) {
    while (s.size() >= x.size() && s.substr(0, x.size()) == x) s.remove_prefix(x.size());
  }
  if (mode != 1) {
    while (s.size() >= x.size() && s.substr(s.size() - x.size()) == x) {
      s.remove_suffix(x.size());
    }
  }
  return Value::String(std::string(s));
}

// REPEAT(s, n): '' for n <= 0.
absl::StatusOr<Value> Repeat(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const std::string s = TextOf((*v)[0]);
  const int64_t n = IntOf((*v)[1]);
  if (n <= 0 || s.empty()) return Value::String("");
  if (static_cast<uint64_t>(n) > MaxAllowedPacket(args) / s.size()) {
    return ResultTooLarge(args, "repeat");
  }
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int64_t k = 0; k < n; ++k) out += s;
  return Value::String(std::move(out));
}

// SPACE(n): '' for n <= 0.
absl::StatusOr<Value> Space(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<int64_t> n, IntArg(args, 0));
  if (!n) return Value::Null();
  if (*n <= 0) return Value::String("");
  if (static_cast<uint64_t>(*n) > MaxAllowedPacket(args)) return ResultTooLarge(args, "space");
  return Value::String(std::string(static_cast<size_t>(*n), ' '));
}

// INSERT(s, pos, len, new): s with the len characters from pos replaced by new; s itself
// when pos is outside 1..CHAR_LENGTH(s); the rest of s when len < 0 or reaches past it.
absl::StatusOr<Value> Insert(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const std::string s = TextOf((*v)[0]);
  const int64_t pos = IntOf((*v)[1]);
  int64_t len = IntOf((*v)[2]);
  const auto count = static_cast<int64_t>(utf8::CharCount(s));
  if (pos < 1 || pos > count) return Value::String(s);
  if (len < 0 || len > count - pos + 1) len = count - pos + 1;
  const size_t begin = utf8::ByteOffsetOf(s, static_cast<size_t>(pos - 1));
  const size_t end = begin + utf8::ByteOffsetOf(std::string_view(s).substr(begin),
                                                static_cast<size_t>(len));
  return Value::String(s.substr(0, begin) + TextOf((*v)[3]) + s.substr(end));
}

// REPLACE(s, from, to): every occurrence, matched byte for byte (case-sensitive, as MySQL).
absl::StatusOr<Value> Replace(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Strings v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  const std::string s = TextOf((*v)[0]), from = TextOf((*v)[1]), to = TextOf((*v)[2]);
  if (from.empty()) return Value::String(s);
  std::string out;
  size_t at = 0;
  for (size_t hit; (hit = s.find(from, at)) != std::string::npos; at = hit + from.size()) {
    out.append(s, at, hit - at);
    out += to;
  }
  out.append(s, at);
  return Value::String(std::move(out));
}

}  // namespace

std::vector<FunctionDef> StringFunctions() {
  return {
      {"CHARACTER_LENGTH", 1, 1, ReturnsInt, OfText<CharLength>},
      {"CHAR_LENGTH", 1, 1, ReturnsInt, OfText<CharLength>},
      {"CONCAT", 1, kVariadic, ReturnsString, Concat, ResultCollation::kOfStrings},
      {"CONCAT_WS", 2, kVariadic, ReturnsString, ConcatWs, ResultCollation::kOfStrings},
      {"INSERT", 4, 4, ReturnsString, Insert, ResultCollation::kOfStrings},
      {"LCASE", 1, 1, ReturnsString, OfText<Lower>, ResultCollation::kOfStrings},
      {"LEFT", 2, 2, ReturnsString, Side<true>, ResultCollation::kOfStrings},
      {"LENGTH", 1, 1, ReturnsInt, OfText<ByteLength>},
      {"LOWER", 1, 1, ReturnsString, OfText<Lower>, ResultCollation::kOfStrings},
      {"LPAD", 3, 3, ReturnsString, Pad<true>, ResultCollation::kOfStrings},
      {"LTRIM", 1, 1, ReturnsString, OfText<LeftTrim>, ResultCollation::kOfStrings},
      {"MID", 3, 3, ReturnsString, SubstringFn, ResultCollation::kOfStrings},
      {"OCTET_LENGTH", 1, 1, ReturnsInt, OfText<ByteLength>},
      {"REPEAT", 2, 2, ReturnsString, Repeat, ResultCollation::kOfStrings},
      {"REPLACE", 3, 3, ReturnsString, Replace, ResultCollation::kOfStrings},
      {"REVERSE", 1, 1, ReturnsString, OfText<Reverse>, ResultCollation::kOfStrings},
      {"RIGHT", 2, 2, ReturnsString, Side<false>, ResultCollation::kOfStrings},
      {"RPAD", 3, 3, ReturnsString, Pad<false>, ResultCollation::kOfStrings},
      {"RTRIM", 1, 1, ReturnsString, OfText<RightTrim>, ResultCollation::kOfStrings},
      {"SPACE", 1, 1, ReturnsString, Space},
      {"SUBSTR", 2, 3, ReturnsString, SubstringFn, ResultCollation::kOfStrings},
      {"SUBSTRING", 2, 3, ReturnsString, SubstringFn, ResultCollation::kOfStrings},
      {"TRIM", 1, 3, ReturnsString, Trim, ResultCollation::kOfStrings},
      {"UCASE", 1, 1, ReturnsString, OfText<Upper>, ResultCollation::kOfStrings},
      {"UPPER", 1, 1, ReturnsString, OfText<Upper>, ResultCollation::kOfStrings},
  };
}

}  // namespace ordinal::engine::functions
