// The JSON value model: parsing (MySQL's limits and errors), canonical text, the binary form,
// the comparator and path expressions.
#include "engine/types/json.h"

#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/types/json_path.h"
#include "gtest/gtest.h"

namespace ordinal::engine {
namespace {

std::string Canonical(std::string_view text) {
  std::optional<JsonValue> v = ParseJsonText(text);
  if (!v) return "<invalid>";
  return JsonToText(*v);
}

JsonSyntaxError ErrorOf(std::string_view text) {
  JsonSyntaxError error;
  EXPECT_FALSE(ParseJsonText(text, &error).has_value()) << text;
  return error;
}

TEST(JsonTextTest, ObjectsSortKeysByLengthThenBytes) {
  EXPECT_EQ(Canonical(R"({"bb": 1, "a": 2, "c": 3, "aaa": 4})"),
            R"({"a": 2, "c": 3, "bb": 1, "aaa": 4})");
}

TEST(JsonTextTest, DuplicateKeysKeepTheLastValue) {
  EXPECT_EQ(Canonical(R"({"a": 1, "b": 2, "a": 3})"), R"({"a": 3, "b": 2})");
}

TEST(JsonTextTest, SeparatorsAreMySqls) {
  EXPECT_EQ(Canonical("[1,2,[],{},{\"x\":[true,false,null]}]"),
            R"([1, 2, [], {}, {"x": [true, false, null]}])");
}

TEST(JsonTextTest, NumbersKeepTheirKind) {
  EXPECT_EQ(Canonical("[0, -5, 18446744073709551615, 1.5, 1e2, 1.0, -0.25, 1e300]"),
            "[0, -5, 18446744073709551615, 1.5, 100.0, 1.0, -0.25, 1e300]");
  EXPECT_EQ(JsonToText(*ParseJsonText("18446744073709551616")),
            JsonToText(JsonValue::Double(18446744073709551616.0)));
}

TEST(JsonTextTest, StringsAreEscapedAsJson) {
  EXPECT_EQ(Canonical(R"("a\"b\\c\/d\n\t\u0001\u00e9")"), "\"a\\\"b\\\\c/d\\n\\t\\u0001\xc3\xa9\"");
  EXPECT_EQ(Canonical(R"("\ud83d\ude00")"), "\"\xf0\x9f\x98\x80\"");
}

TEST(JsonParseTest, ReportsRapidJsonReasonsAndOffsets) {
  EXPECT_EQ(ErrorOf("").reason, "The document is empty.");
  EXPECT_EQ(ErrorOf("abc").reason, "Invalid value.");
  EXPECT_EQ(ErrorOf("abc").position, 0u);
  EXPECT_EQ(ErrorOf("[1, 2").reason, "Missing a comma or ']' after an array element.");
  EXPECT_EQ(ErrorOf("[1, 2").position, 5u);
  EXPECT_EQ(ErrorOf("{\"a\" 1}").reason, "Missing a colon after a name of object member.");
  EXPECT_EQ(ErrorOf("{1: 2}").reason, "Missing a name for object member.");
  EXPECT_EQ(ErrorOf("{\"a\": 1 ").reason, "Missing a comma or '}' after an object member.");
  EXPECT_EQ(ErrorOf("1 2").reason, "The document root must not be followed by other values.");
  EXPECT_EQ(ErrorOf("\"abc").reason, "Missing a closing quotation mark in string.");
  EXPECT_EQ(ErrorOf("\"\\x\"").reason, "Invalid escape character in string.");
  EXPECT_EQ(ErrorOf("1.").reason, "Miss fraction part in number.");
  EXPECT_EQ(ErrorOf("1e").reason, "Miss exponent in number.");
  EXPECT_EQ(ErrorOf("1e400").reason, "Number too big to be stored in double.");
  EXPECT_EQ(ErrorOf("\"\xff\"").reason, "Invalid encoding in string.");
  EXPECT_EQ(ErrorOf("\"\\ud800\"").reason, "The surrogate pair in string is invalid.");
  EXPECT_EQ(ErrorOf("TRUE").reason, "Invalid value.");
  EXPECT_EQ(ErrorOf("01").reason, "The document root must not be followed by other values.");
}

TEST(JsonParseTest, DepthOverOneHundredIsError3157) {
  const std::string ok = std::string(100, '[') + std::string(100, ']');
  const std::string deep = std::string(101, '[') + std::string(101, ']');
  EXPECT_TRUE(ParseJsonText(ok).has_value());
  EXPECT_TRUE(ErrorOf(deep).too_deep);
  EXPECT_EQ(GetMysqlErrno(ParseJsonForColumn(deep, "t.j").status()),
            MysqlErrno::kJsonDocumentTooDeep);
}

TEST(JsonParseTest, ColumnErrorIsWordedAsMySql) {
  absl::Status s = ParseJsonForColumn("[1,", "t.j").status();
  EXPECT_EQ(GetMysqlErrno(s), MysqlErrno::kInvalidJsonText);
  EXPECT_EQ(s.message(), "Invalid JSON text: \"Invalid value.\" at position 3 in value for "
                         "column 't.j'.");
  absl::Status a = ParseJsonArgument("x", 2, "json_extract").status();
  EXPECT_EQ(GetMysqlErrno(a), MysqlErrno::kInvalidJsonTextInParam);
  EXPECT_EQ(a.message(), "Invalid JSON text in argument 2 to function json_extract: "
                         "\"Invalid value.\" at position 0.");
}

// Random documents: every kind, nesting, keys that collide and sort by length.
JsonValue RandomJson(std::mt19937_64& rng, int depth) {
  const int kind = static_cast<int>(rng() % (depth > 4 ? 6 : 8));
  switch (kind) {
    case 0: return JsonValue::Null();
    case 1: return JsonValue::Bool(rng() % 2 == 0);
    case 2: return JsonValue::Int(static_cast<int64_t>(rng()) >> (rng() % 64));
    case 3: return JsonValue::UInt(rng());
    case 4: {
      double d = static_cast<double>(static_cast<int64_t>(rng())) / static_cast<double>(1 + rng() % 100000);
      return JsonValue::Double(d);
    }
    case 5: {
      std::string s;
      const char* pieces[] = {"a", "b", "\"", "\\", "\n", "\x01", "\xc3\xa9", " ", "/", "ab"};
      for (int i = static_cast<int>(rng() % 5); i > 0; --i) s += pieces[rng() % 10];
      return JsonValue::String(s);
    }
    case 6: {
      JsonValue a = JsonValue::Array();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i) a.elements().push_back(RandomJson(rng, depth + 1));
      return a;
    }
    default: {
      JsonValue o = JsonValue::Object();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i) {
        o.Put(std::string(1 + rng() % 3, static_cast<char>('a' + rng() % 3)), RandomJson(rng, depth + 1));
      }
      return o;
    }
  }
}

TEST(JsonPropertyTest, TextAndBinaryRoundTripsAreStable) {
  std::mt19937_64 rng(20261204);
  for (int i = 0; i < 2000; ++i) {
    const JsonValue v = RandomJson(rng, 0);
    const std::string text = JsonToText(v);
    std::optional<JsonValue> reparsed = ParseJsonText(text);
    ASSERT_TRUE(reparsed.has_value()) << text;
    EXPECT_EQ(JsonToText(*reparsed), text);
    EXPECT_EQ(CompareJson(*reparsed, v), 0) << text;
    absl::StatusOr<JsonValue> decoded = DecodeJsonBinary(EncodeJsonBinary(*reparsed));
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_EQ(JsonToText(*decoded), text);
    EXPECT_EQ(EncodeJsonBinary(*decoded), EncodeJsonBinary(v));
  }
}

TEST(JsonPropertyTest, DamagedBinaryIsDataLossNeverACrash) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 500; ++i) {
    const std::string bytes = EncodeJsonBinary(RandomJson(rng, 0));
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
      EXPECT_EQ(DecodeJsonBinary(bytes.substr(0, cut)).status().code(),
                absl::StatusCode::kDataLoss);
    }
    std::string flipped = bytes;
    flipped[rng() % flipped.size()] ^= static_cast<char>(1 + rng() % 255);
    (void)DecodeJsonBinary(flipped);
  }
}

TEST(JsonCompareTest, FollowsMySqlsTypeOrder) {
  auto cmp = [](std::string_view a, std::string_view b) {
    return CompareJson(*ParseJsonText(a), *ParseJsonText(b));
  };
  EXPECT_LT(cmp("null", "1"), 0);
  EXPECT_LT(cmp("1", "\"a\""), 0);
  EXPECT_LT(cmp("\"a\"", "{}"), 0);
  EXPECT_LT(cmp("{}", "[]"), 0);
  EXPECT_LT(cmp("[]", "false"), 0);
  EXPECT_LT(cmp("false", "true"), 0);
  EXPECT_EQ(cmp("1", "1.0"), 0);
  EXPECT_LT(cmp("9223372036854775807", "18446744073709551615"), 0);
  EXPECT_LT(cmp("[1, 2]", "[1, 3]"), 0);
  EXPECT_LT(cmp("[1, 2]", "[1, 2, 0]"), 0);
  EXPECT_EQ(cmp(R"({"a": 1, "b": 2})", R"({"b": 2, "a": 1.0})"), 0);
}

std::string Select(std::string_view doc, std::string_view path) {
  absl::StatusOr<JsonPath> p = ParseJsonPath(path);
  if (!p.ok()) return "<error>";
  std::string out;
  const JsonValue document = *ParseJsonText(doc);
  for (const JsonValue* v : SeekJson(document, *p)) {
    if (!out.empty()) out += " | ";
    out += JsonToText(*v);
  }
  return out;
}

TEST(JsonPathTest, SelectsAsMySqlDocumentsIt) {
  const std::string doc = R"({"a": 1, "b": [10, 20, [30, 40]], "c": {"a": 2, "d e": 3}})";
  EXPECT_EQ(Select(doc, "$.a"), "1");
  EXPECT_EQ(Select(doc, "$.b[1]"), "20");
  EXPECT_EQ(Select(doc, "$.b[last]"), "[30, 40]");
  EXPECT_EQ(Select(doc, "$.b[last-1]"), "20");
  EXPECT_EQ(Select(doc, "$.b[0 to 1]"), "10 | 20");
  EXPECT_EQ(Select(doc, "$.b[2][*]"), "30 | 40");
  EXPECT_EQ(Select(doc, "$.c.\"d e\""), "3");
  EXPECT_EQ(Select(doc, "$.c.*"), "2 | 3");
  EXPECT_EQ(Select(doc, "$**.a"), "1 | 2");
  EXPECT_EQ(Select(doc, "$.a[0]"), "1");  // a scalar is an array of itself
  EXPECT_EQ(Select(doc, "$.b[9]"), "");
  EXPECT_EQ(Select(doc, " $ . a "), "1");
}

TEST(JsonPathTest, BadPathsAreError3143) {
  for (std::string_view bad : {"", "a", "$.", "$[", "$[a]", "$**", "$.a.", "$[1", "$***.a",
                               "$.\"a", "$ x", "$[-1]"}) {
    EXPECT_EQ(GetMysqlErrno(ParseJsonPath(bad).status()), MysqlErrno::kInvalidJsonPath) << bad;
  }
}

TEST(JsonPathTest, MemberTextQuotesNonIdentifiers) {
  EXPECT_EQ(JsonPathMemberText("abc"), ".abc");
  EXPECT_EQ(JsonPathMemberText("a b"), ".\"a b\"");
}

}  // namespace
}  // namespace ordinal::engine

namespace ordinal::engine {
namespace {

TEST(JsonBinaryTest, MatchesTheDocumentedLayout) {
  EXPECT_EQ(EncodeJsonBinary(*ParseJsonText(R"({"a": [1, true]})")),
            std::string("\x01\x08\x01\x08\x01\x61\x07\x02\x03\x03\x02\x02", 12));
}

}  // namespace
}  // namespace ordinal::engine
