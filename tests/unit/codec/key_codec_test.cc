#include "engine/codec/key_codec.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/types/collation.h"
#include "engine/types/temporal.h"
#include "gtest/gtest.h"

namespace ordinal::engine::codec {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

int Sign(int c) { return (c > 0) - (c < 0); }

std::string Encode(const Value& v, ColumnType type) {
  std::string out;
  AppendKey(&out, v, type);
  return out;
}

std::string Encode(const std::vector<Value>& tuple, const std::vector<ColumnType>& types) {
  std::string out;
  for (size_t i = 0; i < tuple.size(); ++i) AppendKey(&out, tuple[i], types[i]);
  return out;
}

int CompareTuples(const std::vector<Value>& a, const std::vector<Value>& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (int c = CompareForSort(a[i], b[i]); c != 0) return Sign(c);
  }
  return 0;
}

// Random values and the edge cases of each type, NULL included.
class Samples {
 public:
  explicit Samples(uint64_t seed) : rng_(seed) {}

  std::vector<Value> Ints(int random_count) {
    std::vector<Value> v = {Value::Null(),       Value::Int(INT64_MIN), Value::Int(INT64_MIN + 1),
                            Value::Int(-256),    Value::Int(-255),      Value::Int(-1),
                            Value::Int(0),       Value::Int(1),         Value::Int(255),
                            Value::Int(256),     Value::Int(INT64_MAX - 1),
                            Value::Int(INT64_MAX)};
    std::uniform_int_distribution<int64_t> any;
    std::uniform_int_distribution<int64_t> small(-1000, 1000);
    for (int i = 0; i < random_count; ++i) {
      v.push_back(Value::Int(i % 2 ? any(rng_) : small(rng_)));
    }
    return v;
  }

  // Signed and unsigned 64-bit integers together: BIGINT UNSIGNED values near 2^64 too.
  std::vector<Value> WideInts(int random_count) {
    std::vector<Value> v = Ints(random_count / 2);
    for (uint64_t u : {uint64_t{1} << 63, (uint64_t{1} << 63) + 1, UINT64_MAX - 1, UINT64_MAX}) {
      v.push_back(Value::UInt(u));
    }
    std::uniform_int_distribution<uint64_t> any;
    for (int i = 0; i < random_count / 2; ++i) v.push_back(Value::UInt(any(rng_)));
    return v;
  }

  // Decimals of many scales, equal numbers at different scales (1.5 and 1.50) included.
  std::vector<Value> Decimals(int random_count) {
    std::vector<Value> v = {Value::Null()};
    for (const char* text :
         {"0", "0.00", "-0.001", "0.001", "0.0010", "1.5", "1.50", "-1.5", "-1.50", "10", "10.0",
          "9.99", "-9.99", "100", "-100", "0.1", "0.09", "-0.1", "-0.09", "123456789.123456789",
          "99999999999999999999999999999999999.999999999999999999999999999999",
          "-99999999999999999999999999999999999.999999999999999999999999999999",
          "0.000000000000000000000000000001"}) {
      v.push_back(Value::FromDecimal(*Decimal::Parse(text)));
    }
    std::uniform_int_distribution<int64_t> coefficient(-100000, 100000);
    std::uniform_int_distribution<int> scale(0, 6);
    for (int i = 0; i < random_count; ++i) {
      Decimal d = Decimal::FromInt(coefficient(rng_));
      const int s = scale(rng_);
      // coefficient * 10^-s, then shown at a random larger scale (trailing zeros).
      d = *Decimal::Parse(absl::StrCat(d.ToString(), "e-", s));
      v.push_back(Value::FromDecimal(d.Rounded(s + scale(rng_))));
    }
    return v;
  }

  std::vector<Value> Doubles(int random_count) {
    std::vector<Value> v = {Value::Null(),
                            Value::Double(-kInf),
                            Value::Double(std::numeric_limits<double>::lowest()),
                            Value::Double(-1e300),
                            Value::Double(-1.5),
                            Value::Double(-1),
                            Value::Double(-std::numeric_limits<double>::denorm_min()),
                            Value::Double(-0.0),
                            Value::Double(0.0),
                            Value::Double(std::numeric_limits<double>::denorm_min()),
                            Value::Double(std::numeric_limits<double>::min()),
                            Value::Double(0.5),
                            Value::Double(1),
                            Value::Double(1e300),
                            Value::Double(std::numeric_limits<double>::max()),
                            Value::Double(kInf)};
    std::uniform_int_distribution<uint64_t> bits;
    std::uniform_real_distribution<double> small(-100, 100);
    while (random_count > 0) {
      double d;
      if (random_count % 2) {
        uint64_t b = bits(rng_);
        std::memcpy(&d, &b, sizeof(d));
        if (std::isnan(d)) continue;
      } else {
        d = small(rng_);
      }
      v.push_back(Value::Double(d));
      --random_count;
    }
    return v;
  }

  std::vector<Value> Strings(int random_count) {
    std::vector<Value> v = {Value::Null(),
                            Value::String(""),
                            Value::String(std::string(1, '\0')),
                            Value::String(std::string(2, '\0')),
                            Value::String(std::string("\0\x01", 2)),
                            Value::String("\x01"),
                            Value::String("a"),
                            Value::String(std::string("a\0", 2)),
                            Value::String(std::string("a\0b", 3)),
                            Value::String("ab"),
                            Value::String("b"),
                            Value::String("\xff"),
                            Value::String("\xff\xff"),
                            Value::String("\xc3\xa9")};
    // A small alphabet with the bytes that matter to the escaping, so random strings
    // share prefixes often.
    static constexpr char kAlphabet[] = {'\0', '\x01', 'a', 'b', '\x7f', '\x80', '\xfe', '\xff'};
    std::uniform_int_distribution<int> length(0, 6);
    std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 1);
    for (int i = 0; i < random_count; ++i) {
      std::string s(length(rng_), ' ');
      for (char& c : s) c = kAlphabet[pick(rng_)];
      v.push_back(Value::String(std::move(s)));
    }
    // AppendKey without a collation is bytewise: compare these as binary strings.
    for (Value& s : v) s.set_collation(kBinaryCollationId, CollationDerivation::kImplicit);
    return v;
  }

  // YEAR: 0 (the zero year) and 1901..2155.
  std::vector<Value> Years(int random_count) {
    std::vector<Value> v = {Value::Null(), Value::Int(0), Value::Int(1901), Value::Int(2000),
                            Value::Int(2155)};
    std::uniform_int_distribution<int64_t> year(1901, 2155);
    for (int i = 0; i < random_count; ++i) v.push_back(Value::Int(year(rng_)));
    return v;
  }

  // DATE, DATETIME(3) and TIMESTAMP(3) values as their canonical text (every value of a
  // column has the column's precision), the zero date included.
  std::vector<Value> DateTimes(int random_count, bool with_time) {
    std::vector<std::string> texts = {"0000-00-00", "1000-01-01", "1970-01-01", "2024-02-29",
                                      "9999-12-31"};
    std::uniform_int_distribution<int> year(1000, 9999), month(1, 12), day(1, 28);
    std::uniform_int_distribution<int> hour(0, 23), minute(0, 59), milli(0, 999);
    for (int i = 0; i < random_count; ++i) {
      // Few distinct years and months, so that values often share a prefix.
      texts.push_back(absl::StrFormat("%04d-%02d-%02d", i % 3 ? 2000 + i % 4 : year(rng_),
                                      month(rng_), day(rng_)));
    }
    std::vector<Value> v = {Value::Null()};
    for (const std::string& date : texts) {
      std::string text = date;
      if (with_time) {
        absl::StrAppendFormat(&text, " %02d:%02d:%02d.%03d", hour(rng_), minute(rng_),
                              minute(rng_), milli(rng_));
      }
      v.push_back(Value::String(text));
      v.back().set_collation(kBinaryCollationId, CollationDerivation::kImplicit);
    }
    return v;
  }

  // TIME(2) as its canonical text: -838:59:59.00 to 838:59:59.00, negative values and
  // hours above 99 included, whose text does not sort by value.
  std::vector<Value> Times(int random_count) {
    std::vector<std::string> texts = {"-838:59:59.00", "-100:00:00.00", "-99:59:59.99",
                                      "-01:00:00.00",  "-00:30:00.00",  "-00:00:00.01",
                                      "00:00:00.00",   "00:00:00.01",   "20:00:00.00",
                                      "100:00:00.00",  "838:59:59.00"};
    std::uniform_int_distribution<int> hour(0, 838), minute(0, 59), centi(0, 99);
    std::bernoulli_distribution negative(0.5);
    for (int i = 0; i < random_count; ++i) {
      const int h = i % 2 ? hour(rng_) : hour(rng_) % 3;
      const int m = minute(rng_), sec = minute(rng_), c = centi(rng_);
      const bool zero = h == 0 && m == 0 && sec == 0 && c == 0;
      texts.push_back(absl::StrFormat("%s%02d:%02d:%02d.%02d", negative(rng_) && !zero ? "-" : "",
                                      h, m, sec, c));
    }
    std::vector<Value> v = {Value::Null()};
    for (std::string& text : texts) v.push_back(Value::String(std::move(text)));
    return v;
  }

 private:
  std::mt19937_64 rng_;
};

// Every indexable type (JSON columns cannot be indexed, as in MySQL). Character types are
// encoded bytewise here; their collations' weights are covered by collation_test.
std::vector<Value> SamplesOf(ColumnType type, int random_count, uint64_t seed = 1) {
  Samples samples(seed);
  switch (type) {
    case ColumnType::kFloat:
    case ColumnType::kDouble: return samples.Doubles(random_count);
    case ColumnType::kTinyInt:
    case ColumnType::kSmallInt:
    case ColumnType::kMediumInt:
    case ColumnType::kInt: return samples.Ints(random_count);
    case ColumnType::kBigInt:
    case ColumnType::kBit: return samples.WideInts(random_count);
    case ColumnType::kDecimal: return samples.Decimals(random_count);
    case ColumnType::kBool:
      return {Value::Null(), Value::Int(0), Value::Int(1)};
    case ColumnType::kYear: return samples.Years(random_count);
    case ColumnType::kDate: return samples.DateTimes(random_count, /*with_time=*/false);
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp: return samples.DateTimes(random_count, /*with_time=*/true);
    case ColumnType::kTime: return samples.Times(random_count);
    default: return samples.Strings(random_count);  // CHAR ... LONGBLOB, ENUM, SET
  }
}

// The order the engine gives two values of a column of `type`: TIME by its value (its text
// does not sort by value), everything else as CompareForSort.
int ValueOrder(const Value& a, const Value& b, ColumnType type) {
  if (type == ColumnType::kTime && !a.is_null() && !b.is_null()) {
    const int64_t x = *TimeTextMicros(a.string_value());
    const int64_t y = *TimeTextMicros(b.string_value());
    return (x > y) - (x < y);
  }
  return CompareForSort(a, b);
}

// Same value for keys: equal by SQL (so -0.0 == 0.0), or both NULL.
bool SameKeyValue(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  return a.is_double() == b.is_double() && CompareForSort(a, b) == 0;
}

class KeyCodecPropertyTest : public ::testing::TestWithParam<ColumnType> {};

TEST_P(KeyCodecPropertyTest, ByteOrderOfEncodingsEqualsSortOrder) {
  std::vector<Value> values = SamplesOf(GetParam(), 300);
  std::vector<std::string> keys;
  for (const Value& v : values) keys.push_back(Encode(v, GetParam()));
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j < values.size(); ++j) {
      ASSERT_EQ(Sign(keys[i].compare(keys[j])),
                Sign(ValueOrder(values[i], values[j], GetParam())))
          << values[i].ToString() << " vs " << values[j].ToString();
    }
  }
}

TEST_P(KeyCodecPropertyTest, DecodeReturnsTheEncodedValueAndConsumesIt) {
  for (const Value& v : SamplesOf(GetParam(), 300, 2)) {
    std::string key = Encode(v, GetParam()) + "rest";
    std::string_view in = key;
    Value back;
    ASSERT_TRUE(DecodeKey(&in, GetParam(), &back).ok()) << v.ToString();
    EXPECT_TRUE(SameKeyValue(back, v)) << v.ToString() << " came back as " << back.ToString();
    EXPECT_EQ(in, "rest");
  }
}

TEST_P(KeyCodecPropertyTest, EveryTruncationIsDataLoss) {
  for (const Value& v : SamplesOf(GetParam(), 100, 3)) {
    std::string key = Encode(v, GetParam());
    for (size_t len = 0; len < key.size(); ++len) {
      std::string_view in(key.data(), len);
      Value back;
      absl::Status s = DecodeKey(&in, GetParam(), &back);
      ASSERT_EQ(s.code(), absl::StatusCode::kDataLoss) << v.ToString() << " cut at " << len;
    }
  }
}

TEST_P(KeyCodecPropertyTest, RandomBytesNeverCrashOrOverrun) {
  std::mt19937_64 rng(4);
  std::uniform_int_distribution<int> length(0, 20);
  std::uniform_int_distribution<int> byte(0, 3);  // mostly 0x00, 0x01, 0xff: the framing
  static constexpr char kBytes[] = {'\0', '\x01', '\xff', 'x'};
  for (int i = 0; i < 5000; ++i) {
    std::string junk(length(rng), ' ');
    for (char& c : junk) c = kBytes[byte(rng)];
    std::string_view in = junk;
    Value v;
    absl::Status s = DecodeKey(&in, GetParam(), &v);
    if (s.ok()) {
      EXPECT_LE(in.size(), junk.size());
    } else {
      EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
      EXPECT_EQ(in.size(), junk.size()) << "failed decode must not advance";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllTypes, KeyCodecPropertyTest,
    ::testing::Values(ColumnType::kTinyInt, ColumnType::kSmallInt, ColumnType::kMediumInt,
                      ColumnType::kInt, ColumnType::kBigInt, ColumnType::kBool,
                      ColumnType::kDecimal, ColumnType::kFloat, ColumnType::kDouble,
                      ColumnType::kBit, ColumnType::kYear, ColumnType::kDate,
                      ColumnType::kDateTime, ColumnType::kTimestamp, ColumnType::kTime,
                      ColumnType::kChar, ColumnType::kVarchar, ColumnType::kTinyText,
                      ColumnType::kText, ColumnType::kMediumText, ColumnType::kLongText,
                      ColumnType::kBinary, ColumnType::kVarBinary, ColumnType::kTinyBlob,
                      ColumnType::kBlob, ColumnType::kMediumBlob, ColumnType::kLongBlob,
                      ColumnType::kEnum, ColumnType::kSet),
                         [](const auto& info) {
                           return std::string(ColumnTypeName(info.param));
                         });

TEST(KeyCodecTest, CompositeTuplesCompareAsTuples) {
  const std::vector<ColumnType> types = {ColumnType::kInt, ColumnType::kVarchar};
  std::vector<Value> ints = SamplesOf(ColumnType::kInt, 4, 5);
  ints.resize(8);  // a few edge ints only, so that first parts often tie
  std::vector<Value> strings = SamplesOf(ColumnType::kVarchar, 20, 6);
  std::vector<std::vector<Value>> tuples;
  for (const Value& i : ints) {
    for (const Value& s : strings) tuples.push_back({i, s});
  }
  for (const auto& a : tuples) {
    std::string ka = Encode(a, types);
    for (const auto& b : tuples) {
      ASSERT_EQ(Sign(ka.compare(Encode(b, types))), CompareTuples(a, b))
          << a[0].ToString() << "," << a[1].ToString() << " vs " << b[0].ToString() << ","
          << b[1].ToString();
    }
  }
}

TEST(KeyCodecTest, CompositeTupleDecodesPartByPart) {
  std::string key = Encode({Value::Int(-5), Value::String(std::string("x\0y", 3))},
                           {ColumnType::kInt, ColumnType::kVarchar});
  std::string_view in = key;
  Value a, b;
  ASSERT_TRUE(DecodeKey(&in, ColumnType::kInt, &a).ok());
  ASSERT_TRUE(DecodeKey(&in, ColumnType::kVarchar, &b).ok());
  EXPECT_EQ(a, Value::Int(-5));
  EXPECT_EQ(b, Value::String(std::string("x\0y", 3)));
  EXPECT_TRUE(in.empty());
}

TEST(KeyCodecTest, NegativeZeroEncodesLikeZero) {
  EXPECT_EQ(Encode(Value::Double(-0.0), ColumnType::kDouble),
            Encode(Value::Double(0.0), ColumnType::kDouble));
}

TEST(KeyCodecTest, IntEncodingIsMarkerThenFlippedBigEndian) {
  EXPECT_EQ(Encode(Value::Int(1), ColumnType::kInt),
            std::string("\x01\x80\x00\x00\x00\x00\x00\x00\x01", 9));
  EXPECT_EQ(Encode(Value::Null(), ColumnType::kInt), std::string(1, '\0'));
}

TEST(KeyCodecTest, StringEscapesZeroBytesAndTerminates) {
  EXPECT_EQ(Encode(Value::String(std::string("a\0", 2)), ColumnType::kText),
            std::string("\x01" "a\x00\xff\x00\x01", 6));
  EXPECT_EQ(Encode(Value::String(""), ColumnType::kText), std::string("\x01\x00\x01", 3));
}

TEST(KeyCodecTest, BadMarkerIsDataLoss) {
  std::string key = "\x02";
  std::string_view in = key;
  Value v;
  EXPECT_EQ(DecodeKey(&in, ColumnType::kInt, &v).code(), absl::StatusCode::kDataLoss);
}

TEST(KeyCodecTest, BadStringEscapeIsDataLoss) {
  std::string key("\x01" "a\x00\x02", 4);
  std::string_view in = key;
  Value v;
  EXPECT_EQ(DecodeKey(&in, ColumnType::kVarchar, &v).code(), absl::StatusCode::kDataLoss);
}

TEST(KeyPrefixTest, IndexPrefixExtendsTablePrefix) {
  std::string table = TablePrefix(7);
  std::string index = IndexPrefix(7, 2);
  EXPECT_EQ(table, std::string("t\0\0\0\0\0\0\0\x07", 9));
  EXPECT_EQ(index, table + std::string("\0\0\0\x02", 4));
}

TEST(KeyPrefixTest, TablesSortByIdAndStayInsideTheirRange) {
  EXPECT_LT(TablePrefix(255), TablePrefix(256));
  EXPECT_LT(IndexPrefix(1, UINT32_MAX) + "\xff\xff", PrefixSuccessor(TablePrefix(1)));
  EXPECT_LE(PrefixSuccessor(TablePrefix(1)), TablePrefix(2));
}

TEST(KeyPrefixTest, PrefixSuccessorSkipsTrailingFfBytes) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor("a\xff\xff"), "b");
  EXPECT_EQ(PrefixSuccessor("\xff\xff"), "");
  EXPECT_EQ(PrefixSuccessor(""), "");
}

}  // namespace
}  // namespace ordinal::engine::codec

namespace ordinal::engine::codec {
namespace {

TEST(KeyCodecTest, EqualDecimalsOfDifferentScalesEncodeEqual) {
  auto key = [](const char* text) {
    return Encode(Value::FromDecimal(*Decimal::Parse(text)), ColumnType::kDecimal);
  };
  EXPECT_EQ(key("1.5"), key("1.500"));
  EXPECT_EQ(key("0"), key("0.000"));
  EXPECT_EQ(key("-20"), key("-20.00"));
  EXPECT_NE(key("20"), key("2"));
  EXPECT_LT(key("-100"), key("-99.99"));
  EXPECT_LT(key("0.099"), key("0.1"));
}

TEST(KeyCodecTest, UnsignedAboveInt64UsesItsOwnMarkerAfterEveryInt64) {
  const std::string max_signed = Encode(Value::Int(INT64_MAX), ColumnType::kBigInt);
  const std::string min_unsigned = Encode(Value::UInt(uint64_t{1} << 63), ColumnType::kBigInt);
  EXPECT_EQ(min_unsigned, std::string("\x02\x80\x00\x00\x00\x00\x00\x00\x00", 9));
  EXPECT_LT(max_signed, min_unsigned);
}

TEST(KeyCodecTest, UnsignedMarkerWithASmallNumberIsDataLoss) {
  std::string key("\x02\x00\x00\x00\x00\x00\x00\x00\x05", 9);
  std::string_view in = key;
  Value v;
  EXPECT_EQ(DecodeKey(&in, ColumnType::kBigInt, &v).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace ordinal::engine::codec
