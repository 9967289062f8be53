// The JSON text parser: RFC 8259, one value per text, with MySQL's nesting limit (100) and
// the error wording MySQL reports (it quotes RapidJSON's messages and byte offsets).
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/types/json.h"

namespace ordinal::engine {
namespace {

constexpr char kInvalidValue[] = "Invalid value.";

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  std::optional<JsonValue> ParseDocument(JsonSyntaxError* error) {
    SkipSpace();
    std::optional<JsonValue> value;
    if (pos_ == text_.size()) {
      Fail("The document is empty.");
    } else {
      value = ParseValue(0);
      if (value) {
        SkipSpace();
        if (pos_ != text_.size()) {
          Fail("The document root must not be followed by other values.");
          value.reset();
        }
      }
    }
    if (!value && error != nullptr) *error = error_;
    return value;
  }

 private:
  char At(size_t p) const { return p < text_.size() ? text_[p] : '\0'; }
  bool AtEnd() const { return pos_ >= text_.size(); }

  void SkipSpace() {
    while (!AtEnd() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                        text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  std::nullopt_t Fail(std::string_view reason) { return FailAt(reason, pos_); }
  std::nullopt_t FailAt(std::string_view reason, size_t position) {
    error_.reason = std::string(reason);
    error_.position = position;
    return std::nullopt;
  }

  std::optional<JsonValue> ParseValue(int depth) {
    switch (At(pos_)) {
      case '{': return ParseObject(depth + 1);
      case '[': return ParseArray(depth + 1);
      case '"': {
        std::optional<std::string> s = ParseString();
        if (!s) return std::nullopt;
        return JsonValue::String(std::move(*s));
      }
      case 't': return ParseLiteral("true", JsonValue::Bool(true));
      case 'f': return ParseLiteral("false", JsonValue::Bool(false));
      case 'n': return ParseLiteral("null", JsonValue::Null());
      default: return ParseNumber();
    }
  }

  std::optional<JsonValue> ParseLiteral(std::string_view word, JsonValue value) {
    if (text_.substr(pos_, word.size()) != word) return Fail(kInvalidValue);
    pos_ += word.size();
    return value;
  }

  bool Deeper(int depth) {
    if (depth <= kJsonMaxDepth) return true;
    error_.too_deep = true;
    Fail("The JSON document exceeds the maximum depth.");
    return false;
  }

  std::optional<JsonValue> ParseArray(int depth) {
    if (!Deeper(depth)) return std::nullopt;
    ++pos_;  // [
    JsonValue array = JsonValue::Array();
    SkipSpace();
    if (At(pos_) == ']') {
      ++pos_;
      return array;
    }
    while (true) {
      SkipSpace();
      std::optional<JsonValue> element = ParseValue(depth);
      if (!element) return std::nullopt;
      array.elements().push_back(std::move(*element));
      SkipSpace();
      if (At(pos_) == ',') {
        ++pos_;
        continue;
      }
      if (At(pos_) == ']') {
        ++pos_;
        return array;
      }
      return Fail("Missing a comma or ']' after an array element.");
    }
  }

  std::optional<JsonValue> ParseObject(int depth) {
    if (!Deeper(depth)) return std::nullopt;
    ++pos_;  // {
    JsonValue object = JsonValue::Object();
    SkipSpace();
    if (At(pos_) == '}') {
      ++pos_;
      return object;
    }
    while (true) {
      SkipSpace();
      if (At(pos_) != '"') return Fail("Missing a name for object member.");
      std::optional<std::string> key = ParseString();
      if (!key) return std::nullopt;
      SkipSpace();
      if (At(pos_) != ':') return Fail("Missing a colon after a name of object member.");
      ++pos_;
      SkipSpace();
      std::optional<JsonValue> value = ParseValue(depth);
      if (!value) return std::nullopt;
      object.Put(std::move(*key), std::move(*value));  // a duplicate key: the last one wins
      SkipSpace();
      if (At(pos_) == ',') {
        ++pos_;
        continue;
      }
      if (At(pos_) == '}') {
        ++pos_;
        return object;
      }
      return Fail("Missing a comma or '}' after an object member.");
    }
  }

  std::optional<uint32_t> ParseHex4() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = At(pos_);
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        Fail("Incorrect hex digit after \\u escape in string.");
        return std::nullopt;
      }
      v = v * 16 + static_cast<uint32_t>(digit);
      ++pos_;
    }
    return v;
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // One \u escape (pos_ after the 'u'), with its low surrogate when it starts a pair.
  bool ParseUnicodeEscape(size_t escape_start, std::string* out) {
    std::optional<uint32_t> cp = ParseHex4();
    if (!cp) return false;
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
      if (At(pos_) != '\\' || At(pos_ + 1) != 'u') {
        FailAt("The surrogate pair in string is invalid.", escape_start);
        return false;
      }
      pos_ += 2;
      std::optional<uint32_t> low = ParseHex4();
      if (!low) return false;
      if (*low < 0xDC00 || *low > 0xDFFF) {
        FailAt("The surrogate pair in string is invalid.", escape_start);
        return false;
      }
      *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
    } else if (*cp >= 0xDC00 && *cp <= 0xDFFF) {
      FailAt("The surrogate pair in string is invalid.", escape_start);
      return false;
    }
    AppendUtf8(*cp, out);
    return true;
  }

  // The length of the valid UTF-8 sequence at pos_ (a byte >= 0x80), or 0.
  size_t Utf8SequenceLength() const {
    const auto b = [&](size_t i) { return static_cast<unsigned char>(At(pos_ + i)); };
    const unsigned char c = b(0);
    const auto cont = [&](size_t i) { return pos_ + i < text_.size() && (b(i) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
      if (!cont(1) || !cont(2)) return 0;
      if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
      if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogates
      return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      if (!cont(1) || !cont(2) || !cont(3)) return 0;
      if (c == 0xF0 && b(1) < 0x90) return 0;
      if (c == 0xF4 && b(1) >= 0x90) return 0;
      return 4;
    }
    return 0;
  }

  std::optional<std::string> ParseString() {
    const size_t start = pos_;
    ++pos_;  // "
    std::string out;
    while (true) {
      if (AtEnd()) {
        FailAt("Missing a closing quotation mark in string.", start);
        return std::nullopt;
      }
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        const size_t escape_start = pos_;
        ++pos_;
        const char e = At(pos_++);
        switch (e) {
          case '"': out.push_back('"'); break;
          case '\\': out.push_back('\\'); break;
          case '/': out.push_back('/'); break;
          case 'b': out.push_back('\b'); break;
          case 'f': out.push_back('\f'); break;
          case 'n': out.push_back('\n'); break;
          case 'r': out.push_back('\r'); break;
          case 't': out.push_back('\t'); break;
          case 'u':
            if (!ParseUnicodeEscape(escape_start, &out)) return std::nullopt;
            break;
          default:
            FailAt("Invalid escape character in string.", escape_start);
            return std::nullopt;
        }
        continue;
      }
      if (c < 0x20) {
        Fail("Invalid encoding in string.");
        return std::nullopt;
      }
      if (c < 0x80) {
        out.push_back(static_cast<char>(c));
        ++pos_;
        continue;
      }
      const size_t n = Utf8SequenceLength();
      if (n == 0) {
        Fail("Invalid encoding in string.");
        return std::nullopt;
      }
      out.append(text_.substr(pos_, n));
      pos_ += n;
    }
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  std::optional<JsonValue> ParseNumber() {
    const size_t start = pos_;
    size_t p = pos_;
    if (At(p) == '-') ++p;
    if (At(p) == '0') {
      ++p;
    } else if (At(p) >= '1' && At(p) <= '9') {
      while (IsDigit(At(p))) ++p;
    } else {
      return Fail(kInvalidValue);
    }
    bool integral = true;
    if (At(p) == '.') {
      ++p;
      if (!IsDigit(At(p))) return FailAt("Miss fraction part in number.", p);
      while (IsDigit(At(p))) ++p;
      integral = false;
    }
    if (At(p) == 'e' || At(p) == 'E') {
      ++p;
      if (At(p) == '+' || At(p) == '-') ++p;
      if (!IsDigit(At(p))) return FailAt("Miss exponent in number.", p);
      while (IsDigit(At(p))) ++p;
      integral = false;
    }
    const std::string_view number = text_.substr(start, p - start);
    pos_ = p;
    const char* begin = number.data();
    const char* end = begin + number.size();
    if (integral) {
      if (number[0] == '-') {
        int64_t i = 0;
        if (auto [ptr, ec] = std::from_chars(begin, end, i); ec == std::errc() && ptr == end) {
          return JsonValue::Int(i);
        }
      } else {
        uint64_t u = 0;
        if (auto [ptr, ec] = std::from_chars(begin, end, u); ec == std::errc() && ptr == end) {
          return JsonValue::UInt(u);
        }
      }
    }
    const std::string copy(number);
    const double d = std::strtod(copy.c_str(), nullptr);
    if (std::isinf(d)) return FailAt("Number too big to be stored in double.", start);
    return JsonValue::Double(d);
  }

  std::string_view text_;
  size_t pos_ = 0;
  JsonSyntaxError error_;
};

absl::Status TooDeep() {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kJsonDocumentTooDeep,
                  "The JSON document exceeds the maximum depth.");
}

}  // namespace

std::optional<JsonValue> ParseJsonText(std::string_view text, JsonSyntaxError* error) {
  return JsonParser(text).ParseDocument(error);
}

absl::StatusOr<JsonValue> ParseJsonForColumn(std::string_view text, std::string_view column) {
  JsonSyntaxError error;
  std::optional<JsonValue> value = ParseJsonText(text, &error);
  if (value) return *std::move(value);
  if (error.too_deep) return TooDeep();
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidJsonText,
                  absl::StrCat("Invalid JSON text: \"", error.reason, "\" at position ",
                               error.position, " in value for column '", std::string(column), "'."));
}

absl::StatusOr<JsonValue> ParseJsonArgument(std::string_view text, int argument,
                                            std::string_view function) {
  JsonSyntaxError error;
  std::optional<JsonValue> value = ParseJsonText(text, &error);
  if (value) return *std::move(value);
  if (error.too_deep) return TooDeep();
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidJsonTextInParam,
                  absl::StrCat("Invalid JSON text in argument ", argument, " to function ",
                               std::string(function), ": \"", error.reason, "\" at position ",
                               error.position, "."));
}

}  // namespace ordinal::engine
