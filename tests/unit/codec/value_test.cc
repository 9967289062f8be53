#include "engine/types/value.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "common/sql_error.h"
#include "engine/types/collation.h"
#include "gtest/gtest.h"

namespace ordinal::engine {
namespace {

constexpr uint32_t kNoLength = 0;

int Compare(const Value& a, const Value& b) { return CompareValues(a, b).value(); }

MysqlErrno CoercionErrno(const Value& v, ColumnType type, uint32_t length = kNoLength) {
  absl::StatusOr<Value> result = CoerceToColumn(v, type, length, "c");
  EXPECT_FALSE(result.ok()) << "coerced to " << result->ToString();
  if (result.ok()) return MysqlErrno::kUnknown;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  return GetMysqlErrno(result.status());
}

Value Coerced(const Value& v, ColumnType type, uint32_t length = kNoLength) {
  absl::StatusOr<Value> result = CoerceToColumn(v, type, length, "c");
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : Value::Null();
}

// ---- comparison ----

TEST(CompareValuesTest, NullOnEitherSideIsUnknown) {
  EXPECT_FALSE(CompareValues(Value::Null(), Value::Int(1)).has_value());
  EXPECT_FALSE(CompareValues(Value::String("a"), Value::Null()).has_value());
  EXPECT_FALSE(CompareValues(Value::Null(), Value::Null()).has_value());
}

TEST(CompareValuesTest, IntsCompareExactly) {
  EXPECT_LT(Compare(Value::Int(INT64_MAX - 1), Value::Int(INT64_MAX)), 0);
  EXPECT_GT(Compare(Value::Int(-1), Value::Int(INT64_MIN)), 0);
  EXPECT_EQ(Compare(Value::Int(7), Value::Int(7)), 0);
}

TEST(CompareValuesTest, IntAndDoubleCompareAsNumbers) {
  EXPECT_LT(Compare(Value::Int(2), Value::Double(2.5)), 0);
  EXPECT_EQ(Compare(Value::Double(3.0), Value::Int(3)), 0);
}

Value Binary(std::string s) {
  Value v = Value::String(std::move(s));
  v.set_collation(kBinaryCollationId, CollationDerivation::kImplicit);
  return v;
}

Value WithCollation(std::string s, std::string_view collation, CollationDerivation d) {
  Value v = Value::String(std::move(s));
  v.set_collation(FindCollation(collation)->id(), d);
  return v;
}

TEST(CompareValuesTest, BinaryStringsCompareBytewise) {
  EXPECT_LT(Compare(Binary("B"), Binary("a")), 0);
  EXPECT_LT(Compare(Binary("a"), Binary("ab")), 0);
  EXPECT_GT(Compare(Binary("\xff"), Binary("a")), 0);
  EXPECT_LT(Compare(Binary(std::string("a\0", 2)), Binary("a\x01")), 0);
  EXPECT_NE(Compare(Value::String("A"), Binary("a")), 0);  // binary wins over a literal
}

TEST(CompareValuesTest, LiteralsUseTheConnectionCollation) {
  EXPECT_EQ(Compare(Value::String("A"), Value::String("a")), 0);  // utf8mb4_0900_ai_ci
  EXPECT_LT(Compare(Value::String("a"), Value::String("B")), 0);
  ScopedConnectionCollation bin(kUtf8mb4BinCollationId);
  EXPECT_LT(Compare(Value::String("B"), Value::String("a")), 0);
}

TEST(CompareValuesTest, StrongerDerivationPicksTheCollation) {
  const Value column = WithCollation("a", "utf8mb4_bin", CollationDerivation::kImplicit);
  EXPECT_NE(Compare(column, Value::String("A")), 0);  // the column's _bin over the literal
  const Value ci = WithCollation("A", "utf8mb4_general_ci", CollationDerivation::kExplicit);
  EXPECT_EQ(Compare(column, ci), 0);  // COLLATE over the column's
  EXPECT_EQ(Compare(ci, column), 0);
}

TEST(CompareValuesTest, StringAgainstNumberComparesNumerically) {
  EXPECT_GT(Compare(Value::String("10"), Value::Int(9)), 0);  // not "10" < "9"
  EXPECT_EQ(Compare(Value::String("abc"), Value::Int(0)), 0);
  EXPECT_EQ(Compare(Value::Int(12), Value::String("12abc")), 0);
  EXPECT_EQ(Compare(Value::String(" 2.5"), Value::Double(2.5)), 0);
}

TEST(CompareForSortTest, NullSortsFirstAndEqualsNull) {
  EXPECT_LT(CompareForSort(Value::Null(), Value::Int(INT64_MIN)), 0);
  EXPECT_GT(CompareForSort(Value::String(""), Value::Null()), 0);
  EXPECT_EQ(CompareForSort(Value::Null(), Value::Null()), 0);
}

// ---- ToString / ToDouble / ToBool ----

TEST(ValueToStringTest, ShowsValuesLikeTheMysqlClient) {
  EXPECT_EQ(Value::Null().ToString(), "NULL");
  EXPECT_EQ(Value::Int(42).ToString(), "42");
  EXPECT_EQ(Value::Int(INT64_MIN).ToString(), "-9223372036854775808");
  EXPECT_EQ(Value::Double(2.5).ToString(), "2.5");
  EXPECT_EQ(Value::Double(0.1).ToString(), "0.1");
  EXPECT_EQ(Value::Double(100.0).ToString(), "100");
  EXPECT_EQ(Value::Double(-3.0).ToString(), "-3");
  EXPECT_EQ(Value::String(std::string("a\0b", 3)).ToString(), std::string("a\0b", 3));
  EXPECT_EQ(Value::Bool(true).ToString(), "1");
}

TEST(ValueToStringTest, ExponentsHaveNoPlusSignOrLeadingZeros) {
  EXPECT_EQ(Value::Double(1e20).ToString(), "1e20");
  EXPECT_EQ(Value::Double(1.5e-7).ToString(), "1.5e-7");
  EXPECT_EQ(Value::Double(-2.5e300).ToString(), "-2.5e300");
}

TEST(ValueToStringTest, DoublesRoundTripThroughTheirShortestForm) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<uint64_t> bits;
  for (int i = 0; i < 5000; ++i) {
    uint64_t b = bits(rng);
    double d;
    std::memcpy(&d, &b, sizeof(d));
    if (!std::isfinite(d)) continue;
    std::string s = Value::Double(d).ToString();
    double back = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), back);
    ASSERT_EQ(ec, std::errc()) << s;
    ASSERT_EQ(ptr, s.data() + s.size()) << s;
    ASSERT_EQ(back, d) << s;
  }
}

TEST(ValueToDoubleTest, StringsUseTheirLeadingNumber) {
  EXPECT_EQ(Value::String("12abc").ToDouble(), 12);
  EXPECT_EQ(Value::String("abc").ToDouble(), 0);
  EXPECT_EQ(Value::String("  3.5e2x").ToDouble(), 350);
  EXPECT_EQ(Value::String("-.5").ToDouble(), -0.5);
  EXPECT_EQ(Value::String("1e").ToDouble(), 1);
  EXPECT_EQ(Value::String("+7").ToDouble(), 7);
  EXPECT_EQ(Value::String("").ToDouble(), 0);
  EXPECT_EQ(Value::String("0x1A").ToDouble(), 0);
  EXPECT_EQ(Value::Null().ToDouble(), 0);
}

TEST(ValueToBoolTest, FollowsWhereTruthiness) {
  EXPECT_FALSE(Value::Null().ToBool().has_value());
  EXPECT_EQ(Value::Int(0).ToBool(), false);
  EXPECT_EQ(Value::Int(-3).ToBool(), true);
  EXPECT_EQ(Value::Double(0.1).ToBool(), true);
  EXPECT_EQ(Value::String("abc").ToBool(), false);
  EXPECT_EQ(Value::String("2x").ToBool(), true);
}

TEST(ColumnTypeTest, NamesAndStringness) {
  EXPECT_EQ(ColumnTypeName(ColumnType::kBool), "BOOLEAN");
  EXPECT_EQ(ColumnTypeName(ColumnType::kVarchar), "VARCHAR");
  EXPECT_TRUE(IsStringType(ColumnType::kText));
  EXPECT_FALSE(IsStringType(ColumnType::kBool));
}

// ---- CoerceToColumn ----

TEST(CoerceToColumnTest, NullStaysNull) {
  EXPECT_TRUE(Coerced(Value::Null(), ColumnType::kInt).is_null());
  EXPECT_TRUE(Coerced(Value::Null(), ColumnType::kVarchar, 1).is_null());
}

TEST(CoerceToColumnTest, NonNumericStringIntoIntIs1366) {
  EXPECT_EQ(CoercionErrno(Value::String("abc"), ColumnType::kInt), MysqlErrno::kWrongValueForType);
  EXPECT_EQ(CoercionErrno(Value::String("12abc"), ColumnType::kInt),
            MysqlErrno::kWrongValueForType);
  EXPECT_EQ(CoercionErrno(Value::String(""), ColumnType::kInt), MysqlErrno::kWrongValueForType);
  EXPECT_EQ(CoercionErrno(Value::String("abc"), ColumnType::kDouble),
            MysqlErrno::kWrongValueForType);
  EXPECT_EQ(CoercionErrno(Value::String("yes"), ColumnType::kBool),
            MysqlErrno::kWrongValueForType);
}

TEST(CoerceToColumnTest, ErrorMessageNamesValueAndColumn) {
  absl::StatusOr<Value> r = CoerceToColumn(Value::String("abc"), ColumnType::kInt, 0, "age");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Incorrect integer value: 'abc' for column 'age'");
}

TEST(CoerceToColumnTest, NumericStringsWithSpacesAreAccepted) {
  EXPECT_EQ(Coerced(Value::String("  12 "), ColumnType::kInt), Value::Int(12));
  EXPECT_EQ(Coerced(Value::String("-7"), ColumnType::kInt), Value::Int(-7));
  EXPECT_EQ(Coerced(Value::String("2.5"), ColumnType::kInt), Value::Int(3));
  EXPECT_EQ(Coerced(Value::String(" 1e3"), ColumnType::kDouble), Value::Double(1000));
  EXPECT_EQ(Coerced(Value::String("9223372036854775807"), ColumnType::kBigInt),
            Value::Int(INT64_MAX));
}

TEST(CoerceToColumnTest, DoublesIntoIntRoundHalfAwayFromZero) {
  EXPECT_EQ(Coerced(Value::Double(2.5), ColumnType::kInt), Value::Int(3));
  EXPECT_EQ(Coerced(Value::Double(-2.5), ColumnType::kInt), Value::Int(-3));
  EXPECT_EQ(Coerced(Value::Double(2.4), ColumnType::kInt), Value::Int(2));
}

TEST(CoerceToColumnTest, OutOfRangeNumbersAre1264) {
  EXPECT_EQ(CoercionErrno(Value::Double(1e19), ColumnType::kInt), MysqlErrno::kOutOfRange);
  EXPECT_EQ(CoercionErrno(Value::Double(9223372036854775808.0), ColumnType::kInt),
            MysqlErrno::kOutOfRange);
  EXPECT_EQ(CoercionErrno(Value::String("9223372036854775808"), ColumnType::kInt),
            MysqlErrno::kOutOfRange);
  EXPECT_EQ(CoercionErrno(Value::String("-1e30"), ColumnType::kInt), MysqlErrno::kOutOfRange);
  EXPECT_EQ(CoercionErrno(Value::String("1e400"), ColumnType::kDouble),
            MysqlErrno::kOutOfRange);
  EXPECT_EQ(CoercionErrno(Value::Double(std::numeric_limits<double>::infinity()),
                          ColumnType::kDouble),
            MysqlErrno::kOutOfRange);
}

TEST(CoerceToColumnTest, NanIsRejected) {
  EXPECT_EQ(CoercionErrno(Value::Double(std::nan("")), ColumnType::kDouble),
            MysqlErrno::kWrongValueForType);
  EXPECT_EQ(CoercionErrno(Value::Double(std::nan("")), ColumnType::kInt),
            MysqlErrno::kOutOfRange);
}

TEST(CoerceToColumnTest, IntIntoDoubleBecomesDouble) {
  EXPECT_EQ(Coerced(Value::Int(3), ColumnType::kDouble), Value::Double(3));
}

TEST(CoerceToColumnTest, BoolStoresZeroOrOne) {
  EXPECT_EQ(Coerced(Value::Int(5), ColumnType::kBool), Value::Int(1));
  EXPECT_EQ(Coerced(Value::Int(0), ColumnType::kBool), Value::Int(0));
  EXPECT_EQ(Coerced(Value::String("1"), ColumnType::kBool), Value::Int(1));
  EXPECT_EQ(Coerced(Value::Double(1e300), ColumnType::kBool), Value::Int(1));
}

TEST(CoerceToColumnTest, TooLongStringIs1406) {
  EXPECT_EQ(CoercionErrno(Value::String("abcd"), ColumnType::kVarchar, 3),
            MysqlErrno::kDataTooLong);
  EXPECT_EQ(CoercionErrno(Value::String("ab"), ColumnType::kChar, 1), MysqlErrno::kDataTooLong);
  EXPECT_EQ(CoercionErrno(Value::String(std::string(65536, 'x')), ColumnType::kText),
            MysqlErrno::kDataTooLong);
  EXPECT_EQ(CoercionErrno(Value::Int(1234), ColumnType::kVarchar, 3), MysqlErrno::kDataTooLong);
}

TEST(CoerceToColumnTest, TooLongMessageNamesColumn) {
  absl::StatusOr<Value> r = CoerceToColumn(Value::String("abcd"), ColumnType::kVarchar, 3, "n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Data too long for column 'n'");
}

TEST(CoerceToColumnTest, LengthCountsUtf8Characters) {
  EXPECT_EQ(Coerced(Value::String("h\xc3\xa9\xc3\xa9"), ColumnType::kVarchar, 3),
            Value::String("h\xc3\xa9\xc3\xa9"));
  EXPECT_EQ(Coerced(Value::String("\xe2\x82\xac"), ColumnType::kChar, 1),
            Value::String("\xe2\x82\xac"));
  EXPECT_EQ(Coerced(Value::String(std::string(65535, 'x')), ColumnType::kText).ToString().size(),
            65535u);
}

TEST(CoerceToColumnTest, NumbersIntoStringsUseToString) {
  EXPECT_EQ(Coerced(Value::Int(42), ColumnType::kVarchar, 10), Value::String("42"));
  EXPECT_EQ(Coerced(Value::Double(2.5), ColumnType::kText), Value::String("2.5"));
}

}  // namespace
}  // namespace ordinal::engine

namespace ordinal::engine {
namespace {

SqlType Type(ColumnType type, uint32_t length = 0, uint32_t scale = 0, bool is_unsigned = false) {
  SqlType t;
  t.type = type;
  t.length = length;
  t.scale = scale;
  t.is_unsigned = is_unsigned;
  return t;
}

absl::StatusOr<Value> Coerce(const Value& v, const SqlType& type) {
  return CoerceToColumn(v, type, "c");
}

MysqlErrno ErrnoOf(const Value& v, const SqlType& type) {
  absl::StatusOr<Value> r = Coerce(v, type);
  EXPECT_FALSE(r.ok()) << "coerced to " << r->ToString();
  return r.ok() ? MysqlErrno::kUnknown : GetMysqlErrno(r.status());
}

std::string Shown(const Value& v, const SqlType& type) {
  absl::StatusOr<Value> r = Coerce(v, type);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? r->ToString() : "error";
}

Value Dec(const char* text) { return Value::FromDecimal(*Decimal::Parse(text)); }

TEST(IntegerTypesTest, EachTypeHasMysqlsRange) {
  struct Case {
    ColumnType type;
    bool is_unsigned;
    const char* min;
    const char* max;
    const char* below;
    const char* above;
  };
  const Case cases[] = {
      {ColumnType::kTinyInt, false, "-128", "127", "-129", "128"},
      {ColumnType::kTinyInt, true, "0", "255", "-1", "256"},
      {ColumnType::kSmallInt, false, "-32768", "32767", "-32769", "32768"},
      {ColumnType::kSmallInt, true, "0", "65535", "-1", "65536"},
      {ColumnType::kMediumInt, false, "-8388608", "8388607", "-8388609", "8388608"},
      {ColumnType::kMediumInt, true, "0", "16777215", "-1", "16777216"},
      {ColumnType::kInt, false, "-2147483648", "2147483647", "-2147483649", "2147483648"},
      {ColumnType::kInt, true, "0", "4294967295", "-1", "4294967296"},
      {ColumnType::kBigInt, false, "-9223372036854775808", "9223372036854775807",
       "-9223372036854775809", "9223372036854775808"},
      {ColumnType::kBigInt, true, "0", "18446744073709551615", "-1", "18446744073709551616"},
  };
  for (const Case& c : cases) {
    const SqlType type = Type(c.type, 0, 0, c.is_unsigned);
    SCOPED_TRACE(SqlTypeText(type));
    EXPECT_EQ(Shown(Value::String(c.min), type), c.min);
    EXPECT_EQ(Shown(Value::String(c.max), type), c.max);
    EXPECT_EQ(Shown(Dec(c.max), type), c.max);
    EXPECT_EQ(ErrnoOf(Value::String(c.below), type), MysqlErrno::kOutOfRange);
    EXPECT_EQ(ErrnoOf(Value::String(c.above), type), MysqlErrno::kOutOfRange);
    EXPECT_EQ(ErrnoOf(Dec(c.above), type), MysqlErrno::kOutOfRange);
    EXPECT_EQ(ErrnoOf(Value::String("12abc"), type), MysqlErrno::kWrongValueForType);
  }
}

TEST(IntegerTypesTest, UnsignedBigintHoldsTheFullRangeCanonically) {
  const SqlType type = Type(ColumnType::kBigInt, 0, 0, true);
  absl::StatusOr<Value> max = Coerce(Value::String("18446744073709551615"), type);
  ASSERT_TRUE(max.ok());
  EXPECT_TRUE(max->is_uint());
  EXPECT_EQ(max->uint_value(), UINT64_MAX);
  absl::StatusOr<Value> small = Coerce(Value::UInt(5), type);
  ASSERT_TRUE(small.ok());
  EXPECT_TRUE(small->is_int());  // values that fit int64 are held as int64
  EXPECT_EQ(CompareValues(*max, Value::Int(-1)), 1);
  EXPECT_EQ(CompareValues(*max, Value::UInt(UINT64_MAX)), 0);
  EXPECT_EQ(CompareValues(Value::UInt(uint64_t{1} << 63), Value::Int(INT64_MAX)), 1);
}

TEST(IntegerTypesTest, RoundingHalfAwayFromZeroBeforeTheRangeCheck) {
  const SqlType tiny = Type(ColumnType::kTinyInt);
  EXPECT_EQ(Shown(Value::Double(127.4), tiny), "127");
  EXPECT_EQ(ErrnoOf(Value::Double(127.5), tiny), MysqlErrno::kOutOfRange);
  EXPECT_EQ(Shown(Dec("-128.5"), Type(ColumnType::kSmallInt)), "-129");
  EXPECT_EQ(Shown(Value::String("-0.4"), Type(ColumnType::kInt, 0, 0, true)), "0");
}

TEST(DecimalTypeTest, RoundsToTheScaleAndChecksThePrecision) {
  const SqlType type = Type(ColumnType::kDecimal, 5, 2);
  EXPECT_EQ(Shown(Value::String("1.005"), type), "1.01");
  EXPECT_EQ(Shown(Value::Int(7), type), "7.00");
  EXPECT_EQ(Shown(Value::Double(-2.345), type), "-2.35");
  EXPECT_EQ(Shown(Dec("999.994"), type), "999.99");
  EXPECT_EQ(ErrnoOf(Dec("999.995"), type), MysqlErrno::kOutOfRange);
  EXPECT_EQ(ErrnoOf(Value::Int(1000), type), MysqlErrno::kOutOfRange);
  EXPECT_EQ(ErrnoOf(Value::String("abc"), type), MysqlErrno::kWrongValueForType);
  EXPECT_EQ(ErrnoOf(Value::Int(-1), Type(ColumnType::kDecimal, 5, 2, true)),
            MysqlErrno::kOutOfRange);
  const std::string max65(65, '9');
  EXPECT_EQ(Shown(Value::String(max65), Type(ColumnType::kDecimal, 65, 0)), max65);
}

TEST(FloatTypesTest, FloatKeepsFloatPrecisionAndRange) {
  EXPECT_EQ(Shown(Value::String("1.1"), Type(ColumnType::kFloat)), "1.1");
  EXPECT_EQ(Shown(Value::Double(0.1234567891), Type(ColumnType::kFloat)), "0.12345679");
  EXPECT_EQ(ErrnoOf(Value::Double(1e39), Type(ColumnType::kFloat)), MysqlErrno::kOutOfRange);
  EXPECT_EQ(Shown(Value::Double(3.14159), Type(ColumnType::kDouble, 5, 2)), "3.14");
  EXPECT_EQ(ErrnoOf(Value::Double(1000), Type(ColumnType::kDouble, 5, 2)),
            MysqlErrno::kOutOfRange);
}

TEST(OtherTypesTest, BitYearEnumSet) {
  EXPECT_EQ(Shown(Value::Int(5), Type(ColumnType::kBit, 3)), "5");
  EXPECT_EQ(ErrnoOf(Value::Int(8), Type(ColumnType::kBit, 3)), MysqlErrno::kDataTooLong);
  EXPECT_EQ(Shown(Value::String("\x01\x02"), Type(ColumnType::kBit, 16)), "258");
  EXPECT_EQ(Shown(Value::Int(69), Type(ColumnType::kYear)), "2069");
  EXPECT_EQ(Shown(Value::Int(70), Type(ColumnType::kYear)), "1970");
  EXPECT_EQ(Shown(Value::String("0"), Type(ColumnType::kYear)), "2000");
  EXPECT_EQ(Shown(Value::Int(0), Type(ColumnType::kYear)), "0");
  EXPECT_EQ(ErrnoOf(Value::Int(1900), Type(ColumnType::kYear)), MysqlErrno::kOutOfRange);
  SqlType e = Type(ColumnType::kEnum);
  e.elements = {"small", "Large"};
  EXPECT_EQ(Shown(Value::String("LARGE"), e), "Large");
  EXPECT_EQ(Shown(Value::Int(1), e), "small");
  EXPECT_EQ(ErrnoOf(Value::String("medium"), e), MysqlErrno::kDataTruncated);
  EXPECT_EQ(ErrnoOf(Value::Int(0), e), MysqlErrno::kDataTruncated);
  SqlType set = Type(ColumnType::kSet);
  set.elements = {"a", "b", "c"};
  EXPECT_EQ(Shown(Value::String("c,a,c"), set), "a,c");
  EXPECT_EQ(Shown(Value::Int(6), set), "b,c");
  EXPECT_EQ(Shown(Value::String(""), set), "");
  EXPECT_EQ(ErrnoOf(Value::String("a,d"), set), MysqlErrno::kDataTruncated);
}

TEST(StringTypesTest, ByteAndCharacterLimits) {
  EXPECT_EQ(ErrnoOf(Value::String(std::string(256, 'x')), Type(ColumnType::kTinyText)),
            MysqlErrno::kDataTooLong);
  EXPECT_EQ(Shown(Value::String(std::string(255, 'x')), Type(ColumnType::kTinyBlob)).size(),
            255u);
  EXPECT_EQ(ErrnoOf(Value::String("abc"), Type(ColumnType::kVarBinary, 2)),
            MysqlErrno::kDataTooLong);
  // VARBINARY counts bytes: two 2-byte characters do not fit 3 bytes.
  EXPECT_EQ(ErrnoOf(Value::String("\xc3\xa9\xc3\xa9"), Type(ColumnType::kVarBinary, 3)),
            MysqlErrno::kDataTooLong);
  EXPECT_EQ(Shown(Value::String("ab"), Type(ColumnType::kBinary, 4)), std::string("ab\0\0", 4));
}

TEST(SqlTypeTextTest, WritesTypesAsMysql8ShowsThem) {
  EXPECT_EQ(SqlTypeText(Type(ColumnType::kInt, 11)), "int");
  EXPECT_EQ(SqlTypeText(Type(ColumnType::kTinyInt, 1)), "tinyint(1)");
  EXPECT_EQ(SqlTypeText(Type(ColumnType::kBigInt, 0, 0, true)), "bigint unsigned");
  SqlType z = Type(ColumnType::kInt, 0, 0, true);
  z.zerofill = true;
  EXPECT_EQ(SqlTypeText(z), "int(10) unsigned zerofill");
  EXPECT_EQ(SqlTypeText(Type(ColumnType::kDecimal, 10, 2)), "decimal(10,2)");
  EXPECT_EQ(SqlTypeText(Type(ColumnType::kDouble)), "double");
  EXPECT_EQ(SqlTypeText(Type(ColumnType::kFloat, 7, 4)), "float(7,4)");
  EXPECT_EQ(SqlTypeText(Type(ColumnType::kVarBinary, 16)), "varbinary(16)");
  EXPECT_EQ(SqlTypeText(Type(ColumnType::kBit, 8)), "bit(8)");
  SqlType e = Type(ColumnType::kEnum);
  e.elements = {"a", "it's"};
  EXPECT_EQ(SqlTypeText(e), "enum('a','it''s')");
}

TEST(CompareValuesTest, DecimalsCompareExactlyWithIntegersAndAsDoublesWithDoubles) {
  EXPECT_EQ(CompareValues(Dec("1.50"), Dec("1.5")), 0);
  EXPECT_EQ(CompareValues(Dec("2.0"), Value::Int(2)), 0);
  EXPECT_EQ(CompareValues(Dec("18446744073709551615.5"), Value::UInt(UINT64_MAX)), 1);
  EXPECT_EQ(CompareValues(Dec("0.1"), Value::Double(0.1)), 0);
  EXPECT_EQ(CompareValues(Dec("-0.5"), Value::String("-0.25")), -1);
}

}  // namespace
}  // namespace ordinal::engine
