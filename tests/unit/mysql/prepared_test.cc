#include "server/mysql/prepared.h"

#include <cstring>

#include "gtest/gtest.h"
#include "server/mysql/wire.h"

namespace ordinal::server::mysql {
namespace {

using engine::Value;

TEST(PlaceholderTest, MarkersInsideStringsIdentifiersAndCommentsDoNotCount) {
  EXPECT_EQ(FindPlaceholders("SELECT ? FROM t WHERE a = ? AND b = '?' AND `?` = \"?\""),
            (std::vector<size_t>{7, 26}));
  EXPECT_EQ(FindPlaceholders("SELECT 1 -- ?\n, ? /* ? */ # ?\n"), (std::vector<size_t>{16}));
  EXPECT_EQ(FindPlaceholders("SELECT 'it\\'s ?', ?"), (std::vector<size_t>{18}));
  EXPECT_TRUE(FindPlaceholders("SELECT 'unterminated ?").empty());
}

TEST(PlaceholderTest, BindingQuotesAndEscapesStrings) {
  const std::string sql = "INSERT INTO t VALUES (?, ?, ?, ?)";
  EXPECT_EQ(BindParameters(sql, FindPlaceholders(sql),
                           {Value::Int(-5), Value::Null(), Value::String("a'b\\c\n"),
                            Value::Double(2.5)}),
            "INSERT INTO t VALUES (-5, NULL, 'a\\'b\\\\c\\n', 2.5)");
}

// A COM_STMT_EXECUTE body as a client sends it.
class ExecuteTest : public ::testing::Test {
 protected:
  std::string Body(std::string_view nulls, bool send_types,
                   const std::vector<std::pair<uint8_t, uint8_t>>& types,
                   std::string_view values) {
    WireWriter w;
    w.Int4(1);
    w.Int1(0);
    w.Int4(1);
    w.Bytes(nulls);
    w.Int1(send_types ? 1 : 0);
    if (send_types) {
      for (auto [type, flag] : types) {
        w.Int1(type);
        w.Int1(flag);
      }
    }
    w.Bytes(values);
    return w.Take();
  }
  ParamState state_;
};

TEST_F(ExecuteTest, ReadsTypedValuesAndNulls) {
  WireWriter values;
  values.Int8(static_cast<uint64_t>(-42));
  values.LenencString("hello");
  const double d = 0.25;
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  values.Int8(bits);
  const std::string body =
      Body(std::string(1, '\x02'), true, {{0x08, 0}, {0xfd, 0}, {0xfd, 0}, {0x05, 0}},
           values.data());
  // Parameter 1 is NULL per the bitmap; the others are read in order.
  std::optional<std::vector<Value>> v = ParseExecute(body, 4, state_);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ((*v)[0], Value::Int(-42));
  EXPECT_TRUE((*v)[1].is_null());
  EXPECT_EQ((*v)[2], Value::String("hello"));
  EXPECT_EQ((*v)[3], Value::Double(0.25));
}

TEST_F(ExecuteTest, LaterExecutionsReuseTheBoundTypes) {
  WireWriter first;
  first.Int4(7);
  ASSERT_TRUE(ParseExecute(Body(std::string(1, '\0'), true, {{0x03, 0}}, first.data()), 1,
                           state_).has_value());
  WireWriter second;
  second.Int4(static_cast<uint32_t>(-9));
  std::optional<std::vector<Value>> v =
      ParseExecute(Body(std::string(1, '\0'), false, {}, second.data()), 1, state_);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ((*v)[0], Value::Int(-9));
}

TEST_F(ExecuteTest, UnsignedBigIntBeyondInt64StaysExact) {
  WireWriter values;
  values.Int8(~0ull);
  std::optional<std::vector<Value>> v =
      ParseExecute(Body(std::string(1, '\0'), true, {{0x08, 0x80}}, values.data()), 1, state_);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ((*v)[0], Value::String("18446744073709551615"));
}

TEST_F(ExecuteTest, MalformedBodiesAreRejected) {
  EXPECT_FALSE(ParseExecute("\x01\x00", 1, state_).has_value());
  // No types ever sent.
  EXPECT_FALSE(ParseExecute(Body(std::string(1, '\0'), false, {}, "\x01"), 1, state_));
  // A value cut short.
  EXPECT_FALSE(ParseExecute(Body(std::string(1, '\0'), true, {{0x08, 0}}, "\x01\x02"), 1,
                            state_));
  // An unknown type.
  EXPECT_FALSE(ParseExecute(Body(std::string(1, '\0'), true, {{0x42, 0}}, "\x01"), 1, state_));
}

TEST_F(ExecuteTest, LongDataReplacesItsParameter) {
  state_.long_data = {std::string(100000, 'L')};
  std::optional<std::vector<Value>> v =
      ParseExecute(Body(std::string(1, '\0'), true, {{0xfc, 0}}, ""), 1, state_);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ((*v)[0].string_value().size(), 100000u);
  EXPECT_FALSE(state_.long_data[0].has_value());
}

TEST_F(ExecuteTest, TemporalValuesBecomeMysqlText) {
  WireWriter values;
  values.Int1(7);
  values.Int2(2024);
  values.Int1(2);
  values.Int1(29);
  values.Int1(13);
  values.Int1(5);
  values.Int1(9);
  std::optional<std::vector<Value>> v =
      ParseExecute(Body(std::string(1, '\0'), true, {{0x0c, 0}}, values.data()), 1, state_);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ((*v)[0], Value::String("2024-02-29 13:05:09"));
}

}  // namespace
}  // namespace ordinal::server::mysql
