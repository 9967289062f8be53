#include "client/value.h"

#include <gtest/gtest.h>

#include <limits>

namespace ordinal {
namespace {

TEST(ValueTest, DefaultIsNull) {
  Value value;
  EXPECT_TRUE(value.is_null());
  EXPECT_EQ(value.ToString(), "NULL");
}

TEST(ValueTest, IntPrintsInDecimal) {
  EXPECT_EQ(Value::Int(-42).ToString(), "-42");
  EXPECT_EQ(Value::Int(std::numeric_limits<int64_t>::min()).ToString(), "-9223372036854775808");
}

TEST(ValueTest, AccessorsReturnTheHeldKind) {
  EXPECT_EQ(Value::Int(7).int_value(), 7);
  EXPECT_EQ(Value::Double(1.5).double_value(), 1.5);
  EXPECT_EQ(Value::String("abc").string_value(), "abc");
  EXPECT_TRUE(Value::String("").is_string());
}

TEST(ValueTest, DoublePrintsShortestRoundTrip) {
  EXPECT_EQ(Value::Double(0.1).ToString(), "0.1");
  EXPECT_EQ(Value::Double(3.0).ToString(), "3");
  EXPECT_EQ(Value::Double(-2.5).ToString(), "-2.5");
  EXPECT_EQ(Value::Double(1.0 / 3).ToString(), "0.3333333333333333");
}

TEST(ValueTest, DoubleExponentHasNoPlusOrLeadingZeros) {
  EXPECT_EQ(Value::Double(1e20).ToString(), "1e20");
  EXPECT_EQ(Value::Double(1.5e-7).ToString(), "1.5e-7");
}

TEST(ValueTest, StringPrintsAsIs) { EXPECT_EQ(Value::String("a\tb").ToString(), "a\tb"); }

TEST(ValueTest, EqualityComparesKindAndValue) {
  EXPECT_EQ(Value::Int(1), Value::Int(1));
  EXPECT_FALSE(Value::Int(1) == Value::Double(1));
  EXPECT_EQ(Value::Null(), Value());
}

}  // namespace
}  // namespace ordinal
