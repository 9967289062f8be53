#include "engine/types/decimal.h"

#include <string>

#include "gtest/gtest.h"

namespace ordinal::engine {
namespace {

Decimal D(const char* text) {
  std::optional<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Decimal());
}

std::string Div(const char* a, const char* b) {
  std::optional<Decimal> q = Decimal::Div(D(a), D(b));
  return q ? q->ToString() : "NULL";
}

TEST(DecimalTest, ParsesAndPrintsWithItsScale) {
  EXPECT_EQ(D("1.50").ToString(), "1.50");
  EXPECT_EQ(D("-0.05").ToString(), "-0.05");
  EXPECT_EQ(D("+007").ToString(), "7");
  EXPECT_EQ(D(".5").ToString(), "0.5");
  EXPECT_EQ(D("1.5e3").ToString(), "1500");
  EXPECT_EQ(D("15e-1").ToString(), "1.5");
  EXPECT_EQ(D("-0.000").ToString(), "0.000");  // no negative zero
  EXPECT_FALSE(Decimal::Parse("1.2.3").has_value());
  EXPECT_FALSE(Decimal::Parse("abc").has_value());
  EXPECT_FALSE(Decimal::Parse("").has_value());
  EXPECT_FALSE(Decimal::Parse("1e999999").has_value());
}

TEST(DecimalTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(D("2.5").Rounded(0).ToString(), "3");
  EXPECT_EQ(D("-2.5").Rounded(0).ToString(), "-3");
  EXPECT_EQ(D("1.005").Rounded(2).ToString(), "1.01");
  EXPECT_EQ(D("1.004").Rounded(2).ToString(), "1.00");
  EXPECT_EQ(D("9.995").Rounded(2).ToString(), "10.00");
  EXPECT_EQ(D("0.4").Rounded(0).ToString(), "0");
  EXPECT_EQ(D("1.5").Rounded(3).ToString(), "1.500");
}

TEST(DecimalTest, ComparesByValueWhateverTheScale) {
  EXPECT_EQ(Decimal::Compare(D("1.5"), D("1.500")), 0);
  EXPECT_LT(Decimal::Compare(D("-2"), D("-1.99")), 0);
  EXPECT_GT(Decimal::Compare(D("0.1"), D("0.09")), 0);
  EXPECT_EQ(Decimal::Compare(D("0"), D("-0.00")), 0);
}

TEST(DecimalTest, ArithmeticFollowsMysqlScales) {
  EXPECT_EQ(Decimal::Add(D("0.1"), D("0.2")).ToString(), "0.3");
  EXPECT_EQ(Decimal::Sub(D("1.00"), D("1.5")).ToString(), "-0.50");
  EXPECT_EQ(Decimal::Mul(D("1.5"), D("-2.25")).ToString(), "-3.375");
  EXPECT_EQ(Div("1", "3"), "0.3333");
  EXPECT_EQ(Div("2", "3"), "0.6667");
  EXPECT_EQ(Div("1.00", "3"), "0.333333");
  EXPECT_EQ(Div("-7", "2"), "-3.5000");
  EXPECT_EQ(Div("10", "0.3"), "33.3333");
  EXPECT_EQ(Div("1", "0"), "NULL");
  EXPECT_EQ(Decimal::Mod(D("-7.5"), D("2"))->ToString(), "-1.5");
}

TEST(DecimalTest, SixtyFiveDigitsAreExact) {
  const char* big = "99999999999999999999999999999999999999999999999999999999999999999";
  EXPECT_EQ(Decimal::Sub(D(big), D(big)).ToString(), "0");
  EXPECT_EQ(Decimal::Add(D(big), D("1")).IntegerDigits(), 66);
  EXPECT_EQ(D(big).Precision(), 65);
}

TEST(DecimalTest, ConvertsToIntegers) {
  EXPECT_EQ(D("9223372036854775807").ToInt64(), INT64_MAX);
  EXPECT_EQ(D("-9223372036854775808").ToInt64(), INT64_MIN);
  EXPECT_FALSE(D("9223372036854775808").ToInt64().has_value());
  EXPECT_EQ(D("18446744073709551615").ToUInt64(), UINT64_MAX);
  EXPECT_FALSE(D("18446744073709551616").ToUInt64().has_value());
  EXPECT_EQ(D("-2.5").ToInt64(), -3);
  EXPECT_EQ(Decimal::FromInt(INT64_MIN).ToString(), "-9223372036854775808");
  EXPECT_EQ(Decimal::FromDouble(0.1)->ToString(), "0.1");
}

}  // namespace
}  // namespace ordinal::engine
