// DATE, DATETIME, TIMESTAMP and TIME values: MySQL's input formats and errors, the canonical
// text, the calendar arithmetic MySQL's functions use, and the order-preserving keys.
#include "engine/types/temporal.h"

#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "engine/codec/key_codec.h"
#include "engine/codec/row_codec.h"
#include "gtest/gtest.h"

namespace ordinal::engine {
namespace {

std::string Coerced(const Value& v, ColumnType type, uint32_t fsp = 0) {
  absl::StatusOr<Value> out = CoerceToTemporal(v, type, fsp, "c");
  if (!out.ok()) return "error " + std::to_string(static_cast<int>(GetMysqlErrno(out.status())));
  return out->ToString();
}

std::string Date(std::string_view s) {
  return Coerced(Value::String(std::string(s)), ColumnType::kDate);
}
std::string DateTime(std::string_view s, uint32_t fsp = 0) {
  return Coerced(Value::String(std::string(s)), ColumnType::kDateTime, fsp);
}
std::string Time(std::string_view s, uint32_t fsp = 0) {
  return Coerced(Value::String(std::string(s)), ColumnType::kTime, fsp);
}

TEST(TemporalTest, DelimitedDatesTakeAnyPunctuationAndShortParts) {
  EXPECT_EQ(Date("2024-01-05"), "2024-01-05");
  EXPECT_EQ(Date("2024/1/5"), "2024-01-05");
  EXPECT_EQ(Date("2024.01.05"), "2024-01-05");
  EXPECT_EQ(Date("  2024-01-05 "), "2024-01-05");
  EXPECT_EQ(Date("24-1-5"), "2024-01-05");
  EXPECT_EQ(Date("70-1-5"), "1970-01-05");
  EXPECT_EQ(Date("69-12-31"), "2069-12-31");
}

TEST(TemporalTest, DigitStringsAndNumbersReadByLength) {
  EXPECT_EQ(Date("20240105"), "2024-01-05");
  EXPECT_EQ(Date("240105"), "2024-01-05");
  EXPECT_EQ(Coerced(Value::Int(20240105), ColumnType::kDate), "2024-01-05");
  EXPECT_EQ(Coerced(Value::Int(20240105103000), ColumnType::kDateTime), "2024-01-05 10:30:00");
  EXPECT_EQ(DateTime("240105103000"), "2024-01-05 10:30:00");
  EXPECT_EQ(Date("2024015"), "error 1292");
}

TEST(TemporalTest, InvalidDatesAreError1292) {
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-04-31", "yesterday", "2024-01", "",
                          "2024-01-05x", "12345-01-01", "2024--01-05"}) {
    EXPECT_EQ(Date(bad), "error 1292") << bad;
  }
  EXPECT_EQ(Date("2024-02-29"), "2024-02-29");
  EXPECT_EQ(Date("2000-02-29"), "2000-02-29");
  EXPECT_EQ(Date("1900-02-29"), "error 1292");
}

TEST(TemporalTest, ZeroDatesFollowTheMode) {
  EXPECT_EQ(Date("0000-00-00"), "error 1292");
  EXPECT_EQ(Date("2024-00-05"), "error 1292");
  TemporalMode lenient;
  lenient.no_zero_date = false;
  lenient.no_zero_in_date = false;
  ScopedTemporalMode scope(lenient);
  EXPECT_EQ(Date("0000-00-00"), "0000-00-00");
  EXPECT_EQ(Date("2024-00-05"), "2024-00-05");
  EXPECT_EQ(Date("2024-02-30"), "error 1292");
}

TEST(TemporalTest, FractionsRoundToThePrecisionAndCarry) {
  EXPECT_EQ(DateTime("2024-01-05 10:30:00.1234", 3), "2024-01-05 10:30:00.123");
  EXPECT_EQ(DateTime("2024-01-05 10:30:00.1235", 3), "2024-01-05 10:30:00.124");
  EXPECT_EQ(DateTime("2024-01-05 10:30:00.5"), "2024-01-05 10:30:01");
  EXPECT_EQ(DateTime("2024-12-31 23:59:59.9999999", 6), "2025-01-01 00:00:00.000000");
  EXPECT_EQ(DateTime("9999-12-31 23:59:59.9"), "error 1292");
  EXPECT_EQ(DateTime("2024-01-05", 2), "2024-01-05 00:00:00.00");
  EXPECT_EQ(DateTime("2024-01-05T10:30"), "2024-01-05 10:30:00");
}

TEST(TemporalTest, TimesTakeDaysHoursBeyond23AndShortForms) {
  EXPECT_EQ(Time("10:30"), "10:30:00");
  EXPECT_EQ(Time("1 02:00:00"), "26:00:00");
  EXPECT_EQ(Time("-1:02:03.456", 2), "-01:02:03.46");
  EXPECT_EQ(Time("123456"), "12:34:56");
  EXPECT_EQ(Time("5"), "00:00:05");
  EXPECT_EQ(Time("838:59:59"), "838:59:59");
  EXPECT_EQ(Time("-838:59:59"), "-838:59:59");
  EXPECT_EQ(Time("839:00:00"), "error 1292");
  EXPECT_EQ(Time("838:59:59.5"), "error 1292");
  EXPECT_EQ(Time("10:60:00"), "error 1292");
  EXPECT_EQ(Time("-0:00:00"), "00:00:00");
  EXPECT_EQ(Time("2024-01-05 10:30:00"), "10:30:00");
}

TEST(TemporalTest, TimestampsAreStoredInUtcWithinTheirRange) {
  const Value t = Value::String("2024-01-05 10:00:00");
  EXPECT_EQ(Coerced(t, ColumnType::kTimestamp), "2024-01-05 10:00:00");
  TemporalMode plus2;
  plus2.time_zone = ResolveTimeZone("+02:00");
  {
    ScopedTemporalMode scope(plus2);
    EXPECT_EQ(Coerced(t, ColumnType::kTimestamp), "2024-01-05 08:00:00");
    EXPECT_EQ(Coerced(t, ColumnType::kDateTime), "2024-01-05 10:00:00");
    EXPECT_EQ(Coerced(Value::String("1970-01-01 02:00:01"), ColumnType::kTimestamp),
              "1970-01-01 00:00:01");
    EXPECT_EQ(Coerced(Value::String("1970-01-01 01:00:00"), ColumnType::kTimestamp), "error 1292");
  }
  EXPECT_EQ(Coerced(Value::String("2038-01-19 03:14:08"), ColumnType::kTimestamp), "error 1292");
  EXPECT_EQ(TimestampToZone("2024-01-05 08:00:00.5", ResolveTimeZone("+02:00")),
            "2024-01-05 10:00:00.5");
  EXPECT_EQ(TimestampToZone("2024-01-05 08:00:00", ResolveTimeZone("-05:30")),
            "2024-01-05 02:30:00");
}

TEST(TemporalTest, CurrentTimeTruncatesToThePrecision) {
  const absl::Time now = absl::FromUnixMicros(1704412800123456);  // 2024-01-05 00:00:00.123456
  EXPECT_EQ(CurrentTemporalText(ColumnType::kDateTime, 3, now, absl::UTCTimeZone()),
            "2024-01-05 00:00:00.123");
  EXPECT_EQ(CurrentTemporalText(ColumnType::kDate, 0, now, absl::UTCTimeZone()), "2024-01-05");
  EXPECT_EQ(CurrentTemporalText(ColumnType::kTime, 0, now, ResolveTimeZone("-01:00")), "23:00:00");
}

// The shortcut date functions take for a DATE column's text gives what the parser gives,
// for every day of years around leap rules, and leaves anything else to the parser.
TEST(TemporalTest, StoredDatePartsAreWhatTheParserReads) {
  char text[16];
  for (int64_t year : {1000, 1900, 1999, 2000, 2023, 2024, 2100, 9999}) {
    for (int64_t month = 0; month <= 13; ++month) {
      for (int64_t day = 0; day <= 32; ++day) {
        std::snprintf(text, sizeof(text), "%04lld-%02lld-%02lld", static_cast<long long>(year),
                      static_cast<long long>(month), static_cast<long long>(day));
        std::optional<TemporalParts> fast = StoredDateParts(text);
        std::optional<TemporalParts> parsed =
            ParseDateTime(text, 0, DateRules::kStored, TemporalMode{});
        const bool real = month >= 1 && month <= 12 && day >= 1 &&
                          day <= DaysInMonth(year, month);
        ASSERT_EQ(fast.has_value(), real) << text;
        if (!real) continue;
        ASSERT_TRUE(parsed.has_value()) << text;
        EXPECT_EQ(fast->year * 10000 + fast->month * 100 + fast->day,
                  parsed->year * 10000 + parsed->month * 100 + parsed->day) << text;
      }
    }
  }
  for (const char* other : {"0999-01-01", "2024-1-05", "2024/01/05", "2024-01-05 ", "20240105",
                            "2024-01-0x", "2024-01-05 10:00:00", ""}) {
    EXPECT_FALSE(StoredDateParts(other).has_value()) << other;
  }
}

TEST(TemporalTest, DayNumbersMatchMysqlToDays) {
  EXPECT_EQ(DaysFromCivil(2007, 10, 7), 733321);
  EXPECT_EQ(DaysFromCivil(0, 1, 1), 1);
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 719528);
  int64_t y, m, d;
  CivilFromDays(733321, &y, &m, &d);
  EXPECT_EQ(y * 10000 + m * 100 + d, 20071007);
  CivilFromDays(365, &y, &m, &d);
  EXPECT_EQ(y + m + d, 0);
  // Every day from 0001-01-01 to 9999-12-31 round-trips, in order.
  int64_t previous = 0;
  for (int64_t days = DaysFromCivil(1, 1, 1); days <= DaysFromCivil(9999, 12, 31); days += 7) {
    CivilFromDays(days, &y, &m, &d);
    ASSERT_EQ(DaysFromCivil(y, m, d), days);
    ASSERT_GT(y * 10000 + m * 100 + d, previous);
    previous = y * 10000 + m * 100 + d;
  }
}

// A random valid value of `type` as canonical text, and its instant in microseconds.
struct Sample {
  std::string text;
  int64_t micros;
};

Sample RandomSample(std::mt19937_64& rng, ColumnType type, uint32_t fsp) {
  std::uniform_int_distribution<int64_t> micros_of_day(0, 86400LL * 1000000 - 1);
  std::uniform_int_distribution<int64_t> days(DaysFromCivil(1000, 1, 1),
                                              DaysFromCivil(9999, 12, 31));
  std::uniform_int_distribution<int64_t> time(-(838LL * 3600 + 3599) * 1000000,
                                              (838LL * 3600 + 3599) * 1000000);
  int64_t unit = 1;
  for (uint32_t i = fsp; i < kMaxFsp; ++i) unit *= 10;
  TemporalParts p;
  int64_t micros;
  if (type == ColumnType::kTime) {
    micros = time(rng) / unit * unit;
    const int64_t m = micros < 0 ? -micros : micros;
    p.negative = micros < 0;
    p.micro = m % 1000000;
    p.second = m / 1000000 % 60;
    p.minute = m / 60000000 % 60;
    p.hour = m / 3600000000;
  } else {
    const int64_t day = days(rng);
    const int64_t within = type == ColumnType::kDate ? 0 : micros_of_day(rng) / unit * unit;
    CivilFromDays(day, &p.year, &p.month, &p.day);
    p.micro = within % 1000000;
    p.second = within / 1000000 % 60;
    p.minute = within / 60000000 % 60;
    p.hour = within / 3600000000;
    micros = day * 86400LL * 1000000 + within;
  }
  return {FormatTemporal(p, type, fsp), micros};
}

struct KeyCase {
  ColumnType type;
  uint32_t fsp;
};

class TemporalKeyTest : public ::testing::TestWithParam<KeyCase> {};

TEST_P(TemporalKeyTest, KeysSortLikeTheInstantsAndDecodeToTheText) {
  std::mt19937_64 rng(7);
  std::vector<Sample> samples;
  for (int i = 0; i < 300; ++i)
    samples.push_back(RandomSample(rng, GetParam().type, GetParam().fsp));
  std::vector<std::string> keys;
  for (const Sample& s : samples) {
    std::string key;
    codec::AppendKey(&key, Value::String(s.text), GetParam().type);
    std::string_view in = key;
    Value back;
    ASSERT_TRUE(codec::DecodeKey(&in, GetParam().type, &back).ok()) << s.text;
    EXPECT_EQ(back.ToString(), s.text);
    EXPECT_TRUE(in.empty());
    keys.push_back(std::move(key));
  }
  for (size_t i = 0; i < samples.size(); ++i) {
    for (size_t j = 0; j < samples.size(); ++j) {
      const int by_key = keys[i].compare(keys[j]);
      const int by_time =
          (samples[i].micros > samples[j].micros) - (samples[i].micros < samples[j].micros);
      ASSERT_EQ((by_key > 0) - (by_key < 0), by_time)
          << samples[i].text << " vs " << samples[j].text;
    }
  }
}

TEST_P(TemporalKeyTest, TruncatedKeysAreDataLoss) {
  std::mt19937_64 rng(8);
  for (int i = 0; i < 50; ++i) {
    std::string key;
    codec::AppendKey(&key, Value::String(RandomSample(rng, GetParam().type, GetParam().fsp).text),
                     GetParam().type);
    for (size_t len = 0; len < key.size(); ++len) {
      std::string_view in(key.data(), len);
      Value back;
      ASSERT_EQ(codec::DecodeKey(&in, GetParam().type, &back).code(), absl::StatusCode::kDataLoss);
    }
  }
}

TEST_P(TemporalKeyTest, RowsRoundTrip) {
  std::mt19937_64 rng(9);
  for (int i = 0; i < 50; ++i) {
    const std::vector<Value> row = {
        Value::String(RandomSample(rng, GetParam().type, GetParam().fsp).text), Value::Null()};
    std::string bytes;
    codec::EncodeRow(row, {GetParam().type, GetParam().type}, &bytes);
    std::vector<Value> back;
    ASSERT_TRUE(codec::DecodeRow(bytes, {GetParam().type, GetParam().type}, &back).ok());
    EXPECT_EQ(back, row);
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllTemporalTypes, TemporalKeyTest,
    ::testing::Values(KeyCase{ColumnType::kDate, 0}, KeyCase{ColumnType::kDateTime, 0},
                      KeyCase{ColumnType::kDateTime, 3}, KeyCase{ColumnType::kDateTime, 6},
                      KeyCase{ColumnType::kTimestamp, 6}, KeyCase{ColumnType::kTime, 0},
                      KeyCase{ColumnType::kTime, 2}, KeyCase{ColumnType::kTime, 6}),
    [](const auto& info) {
      return std::string(ColumnTypeName(info.param.type)) + std::to_string(info.param.fsp);
    });

TEST(TemporalKeyTest, TimeKeysOrderNegativeAndLongTimesByValue) {
  std::vector<std::string> keys;
  for (const char* t :
       {"-838:59:59", "-01:00:00", "-00:30:00", "00:00:00", "20:00:00", "100:00:00", "838:59:59"}) {
    std::string key;
    codec::AppendKey(&key, Value::String(t), ColumnType::kTime);
    keys.push_back(key);
  }
  for (size_t i = 1; i < keys.size(); ++i) EXPECT_LT(keys[i - 1], keys[i]);
}

TEST(TemporalKeyTest, CorruptTimeKeysAreDataLoss) {
  std::string key;
  codec::AppendKey(&key, Value::String("10:00:00"), ColumnType::kTime);
  key.back() = 7;  // more than 6 fractional digits
  std::string_view in = key;
  Value v;
  EXPECT_EQ(codec::DecodeKey(&in, ColumnType::kTime, &v).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace ordinal::engine
