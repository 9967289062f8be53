#include "server/mysql/packets.h"

#include "common/sql_error.h"
#include "gtest/gtest.h"
#include "server/mysql/protocol.h"
#include "server/mysql/resultset.h"
#include "server/mysql/wire.h"

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
  EXPECT_EQ(TextRowPacket({engine::Value::Int(7), engine::Value::Null(),
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
