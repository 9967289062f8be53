#include "engine/codec/row_codec.h"

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace ordinal::engine::codec {
namespace {

const std::vector<ColumnType> kTypes = {ColumnType::kInt,  ColumnType::kDouble,
                                        ColumnType::kVarchar, ColumnType::kText,
                                        ColumnType::kBool, ColumnType::kChar};

std::string Encode(const std::vector<Value>& row, const std::vector<ColumnType>& types) {
  std::string out;
  EncodeRow(row, types, &out);
  return out;
}

std::vector<Value> RoundTrip(const std::vector<Value>& row, const std::vector<ColumnType>& types) {
  std::vector<Value> back;
  absl::Status s = DecodeRow(Encode(row, types), types, &back);
  EXPECT_TRUE(s.ok()) << s;
  return back;
}

std::vector<Value> SampleRow() {
  return {Value::Int(-42), Value::Double(2.5), Value::String("hello"),
          Value::String(std::string("a\0\xff", 3)), Value::Int(1), Value::String("")};
}

absl::StatusCode DecodeCode(std::string_view bytes, const std::vector<ColumnType>& types) {
  std::vector<Value> row;
  return DecodeRow(bytes, types, &row).code();
}

TEST(RowCodecTest, RoundTripsEveryType) {
  EXPECT_EQ(RoundTrip(SampleRow(), kTypes), SampleRow());
}

TEST(RowCodecTest, RoundTripsExtremeNumbers) {
  const std::vector<ColumnType> types = {ColumnType::kInt, ColumnType::kInt, ColumnType::kDouble,
                                         ColumnType::kDouble};
  std::vector<Value> row = {Value::Int(INT64_MIN), Value::Int(INT64_MAX),
                            Value::Double(-std::numeric_limits<double>::infinity()),
                            Value::Double(std::numeric_limits<double>::denorm_min())};
  EXPECT_EQ(RoundTrip(row, types), row);
}

TEST(RowCodecTest, RoundTripsRandomInts) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> any;
  const std::vector<ColumnType> types = {ColumnType::kInt};
  for (int i = 0; i < 2000; ++i) {
    std::vector<Value> row = {Value::Int(any(rng) >> (i % 64))};
    ASSERT_EQ(RoundTrip(row, types), row);
  }
}

TEST(RowCodecTest, NullsAreMarkedInTheBitmapAndTakeNoValueBytes) {
  std::vector<ColumnType> types(9, ColumnType::kInt);
  std::vector<Value> row(9, Value::Int(5));
  row[0] = Value::Null();
  row[8] = Value::Null();
  std::string bytes = Encode(row, types);
  // version, count, two bitmap bytes, seven one-byte varints.
  ASSERT_EQ(bytes.size(), 1u + 1u + 2u + 7u);
  EXPECT_EQ(bytes[0], 1);
  EXPECT_EQ(bytes[1], 9);
  EXPECT_EQ(static_cast<unsigned char>(bytes[2]), 0x01);
  EXPECT_EQ(static_cast<unsigned char>(bytes[3]), 0x01);
  EXPECT_EQ(RoundTrip(row, types), row);
}

TEST(RowCodecTest, AllNullRowRoundTrips) {
  std::vector<Value> row(kTypes.size());
  EXPECT_EQ(RoundTrip(row, kTypes), row);
}

TEST(RowCodecTest, EmptyRowRoundTrips) {
  EXPECT_EQ(Encode({}, {}), std::string("\x01\x00", 2));
  EXPECT_TRUE(RoundTrip({}, {}).empty());
}

TEST(RowCodecTest, IntsAreZigZagVarints) {
  EXPECT_EQ(Encode({Value::Int(-1)}, {ColumnType::kInt}), std::string("\x01\x01\x00\x01", 4));
  EXPECT_EQ(Encode({Value::Int(64)}, {ColumnType::kInt}),
            std::string("\x01\x01\x00\x80\x01", 5));
}

TEST(RowCodecTest, DecodeColumnsFillsOnlyTheWantedColumns) {
  std::vector<Value> row = SampleRow();
  row[3] = Value::Null();  // a NULL among the wanted columns
  const std::string bytes = Encode(row, kTypes);
  const std::vector<bool> wanted = {false, true, false, true, false, true};
  std::vector<Value> part(kTypes.size(), Value::String("stale"));
  ASSERT_TRUE(DecodeColumns(bytes, kTypes, wanted, &part).ok());
  for (size_t i = 0; i < kTypes.size(); ++i) {
    EXPECT_EQ(part[i], wanted[i] ? row[i] : Value::String("stale")) << "column " << i;
  }
  // The other columns complete the row, as DecodeRow decodes it.
  std::vector<bool> rest(wanted.size());
  for (size_t i = 0; i < wanted.size(); ++i) rest[i] = !wanted[i];
  ASSERT_TRUE(DecodeColumns(bytes, kTypes, rest, &part).ok());
  EXPECT_EQ(part, RoundTrip(row, kTypes));
}

TEST(RowCodecTest, DecodeColumnsChecksTheWholeRow) {
  const std::string bytes = Encode(SampleRow(), kTypes);
  const std::vector<bool> first(kTypes.size(), false);
  std::vector<Value> part(kTypes.size());
  for (size_t len = 0; len < bytes.size(); ++len) {
    EXPECT_EQ(DecodeColumns(std::string_view(bytes.data(), len), kTypes, first, &part).code(),
              absl::StatusCode::kDataLoss)
        << "cut at " << len;
  }
  EXPECT_EQ(DecodeColumns(bytes + "x", kTypes, first, &part).code(), absl::StatusCode::kDataLoss);
  std::vector<Value> short_row(2);
  EXPECT_FALSE(DecodeColumns(bytes, kTypes, first, &short_row).ok());
}

TEST(RowCodecTest, LocatedColumnsDecodeToTheRowsValues) {
  std::vector<Value> row = SampleRow();
  row[2] = Value::Null();
  const std::string bytes = Encode(row, kTypes);
  std::vector<StoredColumn> located(kTypes.size());
  ASSERT_TRUE(LocateColumns(bytes, kTypes, kTypes.size(), located.data()).ok());
  for (size_t i = 0; i < kTypes.size(); ++i) {
    EXPECT_EQ(located[i].null, row[i].is_null()) << "column " << i;
    absl::StatusOr<Value> value = DecodeStoredColumn(located[i], kTypes[i]);
    ASSERT_TRUE(value.ok()) << value.status();
    EXPECT_EQ(*value, RoundTrip(row, kTypes)[i]) << "column " << i;
  }
  // A string's bytes are its value, without the length.
  EXPECT_EQ(located[3].bytes, std::string_view("a\0\xff", 3));
}

TEST(RowCodecTest, LocateColumnsKnowsTheShapeOfEveryType) {
  // One column of every type, each followed by an INT marker: a column located with the
  // wrong shape would misplace the marker after it.
  std::vector<ColumnType> types;
  std::vector<Value> row;
  for (int t = 0; t <= static_cast<int>(ColumnType::kJson); ++t) {
    const auto type = static_cast<ColumnType>(t);
    types.push_back(type);
    if (HoldsInteger(type)) {
      row.push_back(Value::Int(300));
    } else if (type == ColumnType::kFloat || type == ColumnType::kDouble) {
      row.push_back(Value::Double(-2.5));
    } else if (type == ColumnType::kDecimal) {
      row.push_back(Value::FromDecimal(*Decimal::Parse("-12.50")));
    } else if (type == ColumnType::kJson) {
      row.push_back(Value::Json("[1, 2]"));
    } else {
      row.push_back(Value::String("2024-01-05"));
    }
    types.push_back(ColumnType::kInt);
    row.push_back(Value::Int(1000 + t));
  }
  const std::string bytes = Encode(row, types);
  std::vector<StoredColumn> located(types.size());
  ASSERT_TRUE(LocateColumns(bytes, types, types.size(), located.data()).ok());
  std::vector<Value> decoded;
  ASSERT_TRUE(DecodeRow(bytes, types, &decoded).ok());
  for (size_t i = 0; i < types.size(); ++i) {
    absl::StatusOr<Value> value = DecodeStoredColumn(located[i], types[i]);
    if (types[i] == ColumnType::kDecimal || types[i] == ColumnType::kJson) {
      EXPECT_FALSE(value.ok());
      continue;
    }
    ASSERT_TRUE(value.ok()) << "column " << i << ": " << value.status();
    EXPECT_EQ(*value, decoded[i]) << "column " << i;
  }
}

TEST(RowCodecTest, LocateColumnsStopsAfterTheLastOneAsked) {
  const std::string bytes = Encode(SampleRow(), kTypes);
  std::vector<StoredColumn> located(2);
  // The first two columns are found in a row cut after them; the rest is not looked at.
  const size_t cut = bytes.size() - (6 + 4 + 1 + 1);  // "hello", "a\0\xff", 1, ""
  ASSERT_TRUE(LocateColumns(std::string_view(bytes.data(), cut), kTypes, 2, located.data()).ok());
  EXPECT_EQ(*DecodeStoredColumn(located[0], kTypes[0]), Value::Int(-42));
  EXPECT_EQ(*DecodeStoredColumn(located[1], kTypes[1]), Value::Double(2.5));
  for (size_t len = 0; len < 3 + 1 + 8; ++len) {
    EXPECT_EQ(LocateColumns(std::string_view(bytes.data(), len), kTypes, 2, located.data()).code(),
              absl::StatusCode::kDataLoss)
        << "cut at " << len;
  }
  EXPECT_FALSE(LocateColumns(bytes, {ColumnType::kInt}, 1, located.data()).ok());
}

TEST(RowCodecTest, DecodeStoredColumnRefusesDecimalAndJson) {
  const StoredColumn stored{false, "1.50"};
  EXPECT_EQ(DecodeStoredColumn(stored, ColumnType::kDecimal).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeStoredColumn(stored, ColumnType::kJson).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeStoredColumn(StoredColumn{false, "\x80"}, ColumnType::kInt).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(RowCodecTest, EveryTruncationIsDataLoss) {
  std::string bytes = Encode(SampleRow(), kTypes);
  for (size_t len = 0; len < bytes.size(); ++len) {
    EXPECT_EQ(DecodeCode(std::string_view(bytes.data(), len), kTypes),
              absl::StatusCode::kDataLoss)
        << "cut at " << len;
  }
}

TEST(RowCodecTest, TrailingBytesAreDataLoss) {
  EXPECT_EQ(DecodeCode(Encode(SampleRow(), kTypes) + "x", kTypes), absl::StatusCode::kDataLoss);
}

TEST(RowCodecTest, UnknownVersionIsDataLoss) {
  std::string bytes = Encode(SampleRow(), kTypes);
  bytes[0] = 2;
  EXPECT_EQ(DecodeCode(bytes, kTypes), absl::StatusCode::kDataLoss);
}

TEST(RowCodecTest, ColumnCountMismatchIsDataLoss) {
  std::vector<ColumnType> fewer(kTypes.begin(), kTypes.end() - 1);
  EXPECT_EQ(DecodeCode(Encode(SampleRow(), kTypes), fewer), absl::StatusCode::kDataLoss);
}

TEST(RowCodecTest, OverlongVarintIsDataLoss) {
  std::string bytes("\x01\x01\x00", 3);
  bytes.append(10, '\xff');
  bytes.push_back('\x01');
  EXPECT_EQ(DecodeCode(bytes, {ColumnType::kInt}), absl::StatusCode::kDataLoss);
}

TEST(RowCodecTest, HugeStringLengthIsDataLoss) {
  std::string bytes("\x01\x01\x00\xff\xff\xff\xff\x0f" "abc", 11);
  EXPECT_EQ(DecodeCode(bytes, {ColumnType::kVarchar}), absl::StatusCode::kDataLoss);
}

TEST(RowCodecTest, RandomCorruptionNeverCrashes) {
  std::string good = Encode(SampleRow(), kTypes);
  std::mt19937_64 rng(9);
  std::uniform_int_distribution<size_t> position(0, good.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 5000; ++i) {
    std::string bad = good;
    for (int k = 0; k < 1 + i % 3; ++k) bad[position(rng)] = static_cast<char>(byte(rng));
    absl::StatusCode code = DecodeCode(bad, kTypes);
    EXPECT_TRUE(code == absl::StatusCode::kOk || code == absl::StatusCode::kDataLoss);
  }
}

}  // namespace
}  // namespace ordinal::engine::codec

namespace ordinal::engine::codec {
namespace {

TEST(RowCodecTest, RoundTripsTheWholeUnsignedRangeAndDecimals) {
  const std::vector<ColumnType> types = {ColumnType::kBigInt, ColumnType::kBigInt,
                                         ColumnType::kBigInt, ColumnType::kDecimal,
                                         ColumnType::kDecimal, ColumnType::kBit};
  const std::vector<Value> row = {Value::UInt(UINT64_MAX), Value::Int(INT64_MIN),
                                  Value::UInt(uint64_t{1} << 63),
                                  Value::FromDecimal(*Decimal::Parse("-12.50")),
                                  Value::FromDecimal(*Decimal::Parse("0.000")),
                                  Value::UInt(UINT64_MAX - 7)};
  EXPECT_EQ(RoundTrip(row, types), row);  // scales are kept: 12.50 stays 12.50
}

TEST(RowCodecTest, IntegersKeepTheirOldEncoding) {
  // Rows written before unsigned integers existed read unchanged: zigzag(-1) = 1.
  EXPECT_EQ(Encode({Value::Int(-1)}, {ColumnType::kInt}), std::string("\x01\x01\x00\x01", 4));
  EXPECT_EQ(Encode({Value::Int(INT64_MIN)}, {ColumnType::kBigInt}),
            std::string("\x01\x01\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 13));
}

TEST(RowCodecTest, IntegerBeyondSixtyFiveBitsIsDataLoss) {
  // A tenth varint byte above 3 would be beyond 2^65.
  std::string bytes("\x01\x01\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\x04", 13);
  EXPECT_EQ(DecodeCode(bytes, {ColumnType::kBigInt}), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace ordinal::engine::codec
