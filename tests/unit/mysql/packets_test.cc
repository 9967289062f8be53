#include "server/mysql/packets.h"

#include "common/sql_error.h"
#include "gtest/gtest.h"
#include "server/mysql/protocol.h"
#include "server/mysql/resultset.h"
#include "server/mysql/wire.h"
#include "engine/types/column_metadata.h"

namespace ordinal::server::mysql {
namespace {

TEST(PacketsTest, OkCarriesAffectedRowsInsertIdStatusAndWarnings) {
  OkInfo ok{3, 300, status::kAutocommit, 1, "", 0};
  EXPECT_EQ(OkPacket(ok, cap::kProtocol41),
            std::string("\x00\x03\xfc\x2c\x01\x02\x00\x01\x00", 9));
}

TEST(PacketsTest, OkEndingRowsUnderDeprecateEofStartsWith0xfe) {
  EXPECT_EQ(OkPacket(OkInfo{}, cap::kDeprecateEof, /*end_of_rows=*/true)[0], '\xfe');
}

TEST(PacketsTest, CommitPositionTravelsAsGtidsStateChange) {
  OkInfo ok;
  ok.commit_position = 1234;
  const std::string packet = OkPacket(ok, cap::kProtocol41 | cap::kSessionTrack);
  WireReader r(packet);
  EXPECT_EQ(r.Int1(), 0);
  EXPECT_EQ(r.LenencInt(), 0u);
  EXPECT_EQ(r.LenencInt(), 0u);
  EXPECT_EQ(*r.Int2() & status::kSessionStateChanged, status::kSessionStateChanged);
  EXPECT_EQ(r.Int2(), 0);
  EXPECT_EQ(r.LenencString(), "");
  WireReader changes(*r.LenencString());
  EXPECT_EQ(changes.Int1(), kSessionTrackGtids);
  WireReader entry(*changes.LenencString());
  EXPECT_EQ(entry.Int1(), 0);
  EXPECT_EQ(entry.LenencString(), "1234");
  // A client that does not track state gets no change.
  EXPECT_EQ(OkPacket(ok, cap::kProtocol41).size(), 7u);
}

TEST(PacketsTest, ErrCarriesNumberStateAndMessage) {
  EXPECT_EQ(ErrPacket({1045, "28000", "no"}), std::string("\xff\x15\x04#28000no", 11));
}

TEST(PacketsTest, EngineErrorsKeepTheirMysqlNumbers) {
  ErrorInfo e = ErrorFromStatus(
      SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kDupEntry, "Duplicate entry"));
  EXPECT_EQ(e.code, 1062);
  EXPECT_EQ(e.sql_state, "23000");
  ErrorInfo plain = ErrorFromStatus(absl::InternalError("boom"));
  EXPECT_EQ(plain.code, 1105);
  EXPECT_EQ(plain.sql_state, "HY000");
}

TEST(ResultSetTest, TextRowsWriteNullAsFbAndValuesAsStrings) {
  EXPECT_EQ(TextRowPacket({}, {engine::Value::Int(7), engine::Value::Null(),
                               engine::Value::String("ab")}),
            std::string("\x01" "7" "\xfb" "\x02" "ab", 6));
}

TEST(ResultSetTest, BinaryRowsHaveAnOffsetNullBitmapAndTypedValues) {
  std::vector<ColumnMeta> columns = {ColumnFor({"a", engine::ColumnType::kInt}),
                                     ColumnFor({"b", engine::ColumnType::kVarchar}),
                                     ColumnFor({"c", engine::ColumnType::kDouble})};
  const std::string row =
      BinaryRowPacket(columns, {engine::Value::Int(-1), engine::Value::Null(),
                                engine::Value::Double(1.0)});
  WireReader r(row);
  EXPECT_EQ(r.Int1(), 0);
  EXPECT_EQ(r.Int1(), 1 << 3);  // column 1, offset by 2 bits
  EXPECT_EQ(r.Int8(), ~0ull);
  EXPECT_EQ(r.Int8(), 0x3ff0000000000000ull);
  EXPECT_TRUE(r.empty());
}

// A column of table t declared as `type`.
ColumnMeta TableColumn(engine::ColumnType kind, const engine::SqlType& type) {
  engine::ResultColumn column{"c", kind};
  engine::ColumnMetadata m = engine::ColumnMetadataFor(type);
  m.table = m.org_table = "t";
  m.org_name = "c";
  column.metadata = m;
  return ColumnFor(column);
}

engine::SqlType Declared(engine::ColumnType type, uint32_t length = 0, uint32_t scale = 0,
                         bool is_unsigned = false, bool zerofill = false) {
  engine::SqlType t;
  t.type = type;
  t.length = length;
  t.scale = scale;
  t.is_unsigned = is_unsigned;
  t.zerofill = zerofill;
  return t;
}

TEST(ResultSetTest, TableColumnsKeepTheirDeclaredWidthInBinaryRows) {
  using engine::ColumnType;
  const std::vector<ColumnMeta> columns = {
      TableColumn(ColumnType::kInt, Declared(ColumnType::kSmallInt)),
      TableColumn(ColumnType::kInt, Declared(ColumnType::kYear)),
      TableColumn(ColumnType::kInt, Declared(ColumnType::kMediumInt)),
      TableColumn(ColumnType::kInt, Declared(ColumnType::kBigInt, 0, 0, /*is_unsigned=*/true)),
      TableColumn(ColumnType::kDouble, Declared(ColumnType::kFloat, 7, 2))};
  EXPECT_EQ(columns[0].type, FieldType::kShort);
  EXPECT_EQ(columns[1].type, FieldType::kYear);
  EXPECT_EQ(columns[2].type, FieldType::kInt24);
  EXPECT_EQ(columns[3].type, FieldType::kLongLong);
  EXPECT_EQ(columns[4].type, FieldType::kFloat);
  EXPECT_EQ(columns[4].decimals, 2);
  const std::string row = BinaryRowPacket(
      columns, {engine::Value::Int(-2), engine::Value::Int(2024), engine::Value::Int(-3),
                engine::Value::UInt(~0ull), engine::Value::Double(1.5)});
  WireReader r(row);
  EXPECT_EQ(r.Int1(), 0);
  EXPECT_EQ(r.Int1(), 0);  // no NULLs
  EXPECT_EQ(r.Int2(), 0xfffe);
  EXPECT_EQ(r.Int2(), 2024);
  EXPECT_EQ(r.Int4(), 0xfffffffdu);
  EXPECT_EQ(r.Int8(), ~0ull);
  EXPECT_EQ(r.Int4(), 0x3fc00000u);  // 1.5f
  EXPECT_TRUE(r.empty());
}

TEST(ResultSetTest, TextRowsPadZerofillAndShowFixedDecimals) {
  using engine::ColumnType;
  const std::vector<ColumnMeta> columns = {
      TableColumn(ColumnType::kInt, Declared(ColumnType::kYear)),
      TableColumn(ColumnType::kInt, Declared(ColumnType::kInt, 5, 0, true, true)),
      TableColumn(ColumnType::kDouble, Declared(ColumnType::kDouble, 8, 3)),
      ColumnFor({"e", ColumnType::kInt})};
  EXPECT_EQ(TextRowPacket(columns, {engine::Value::Int(0), engine::Value::Int(42),
                                    engine::Value::Double(2.25), engine::Value::Int(7)}),
            std::string("\x04" "0000" "\x05" "00042" "\x05" "2.250" "\x01" "7"));
}

TEST(ResultSetTest, ColumnDefinitionHasTypeLengthFlagsAndCharset) {
  const std::string def = ColumnDefinitionPacket(ColumnFor({"id", engine::ColumnType::kInt}));
  WireReader r(def);
  EXPECT_EQ(r.LenencString(), "def");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(r.LenencString().has_value());
  EXPECT_EQ(r.LenencString(), "id");
  EXPECT_EQ(r.LenencString(), "id");
  EXPECT_EQ(r.LenencInt(), 12u);
  EXPECT_EQ(r.Int2(), kCollationBinary);
  EXPECT_EQ(r.Int4(), 20u);
  EXPECT_EQ(r.Int1(), static_cast<uint8_t>(FieldType::kLongLong));
  EXPECT_EQ(*r.Int2() & column_flag::kNum, column_flag::kNum);
}

}  // namespace
}  // namespace ordinal::server::mysql
