#include "bench/mysql-floor/answers.h"

#include "server/mysql/framing.h"
#include "server/mysql/handshake.h"
#include "server/mysql/protocol.h"
#include "server/mysql/resultset.h"
#include "server/mysql/wire.h"

namespace ordinal::bench::mysql_floor {
namespace {

namespace my = ::ordinal::server::mysql;

// A value of sysbench's `c` template: ten groups of 11 digits joined by '-'.
constexpr std::string_view kValue =
    "83868641912-28773972837-60736120486-75162659906-27563526494-"
    "20381887404-41576422241-93426793964-56405065102-33518432330";

constexpr uint16_t kStatus = my::status::kAutocommit;

bool DeprecatesEof(uint32_t capabilities) {
  return (capabilities & my::cap::kDeprecateEof) != 0;
}

}  // namespace

Answers::Answers() {
  ok_ = my::OkPacket(my::OkInfo{0, 0, kStatus, 0, "", 0}, my::cap::kServer);
  eof_ = my::EofPacket(0, kStatus);
  end_of_rows_ =
      my::OkPacket(my::OkInfo{0, 0, kStatus, 0, "", 0}, my::cap::kServer, /*end_of_rows=*/true);
  my::WireWriter count;
  count.LenencInt(1);
  column_count_ = count.Take();

  my::ColumnMeta column;
  column.schema = "sbtest";
  column.table = "sbtest1";
  column.name = "c";
  column.collation = my::kCollationUtf8mb4GeneralCi;
  column.length = 120 * 4;
  column.type = my::FieldType::kString;
  column.flags = my::column_flag::kNotNull;
  column_ = my::ColumnDefinitionPacket(column);
  my::ColumnMeta param;
  param.name = "?";
  param.type = my::FieldType::kVarString;
  param_ = my::ColumnDefinitionPacket(param);

  // The rows of a CHAR column, as the front end's resultset.cc writes them: text, a
  // length-encoded string; binary, header 0x00, the NULL bitmap (offset 2, one byte for one
  // column), then the same string.
  my::WireWriter text;
  text.LenencString(kValue);
  text_row_ = text.Take();
  my::WireWriter binary;
  binary.Int1(0x00);
  binary.Int1(0x00);
  binary.LenencString(kValue);
  binary_row_ = binary.Take();
}

std::string Answers::Greeting(uint32_t connection_id, std::string_view scramble) const {
  return my::HandshakeV10Packet({"8.0.36-OrdinalDB-floor", connection_id, std::string(scramble),
                                 my::cap::kServer, my::kCollationUtf8mb4GeneralCi, kStatus,
                                 std::string(my::kNativePassword)});
}

void Answers::Ok(std::string& out, uint8_t seq, uint32_t) const {
  my::AppendPacket(out, ok_, &seq);
}

void Answers::TextRow(std::string& out, uint8_t seq, uint32_t capabilities) const {
  ResultSet(out, seq, capabilities, text_row_);
}

void Answers::BinaryRow(std::string& out, uint8_t seq, uint32_t capabilities) const {
  ResultSet(out, seq, capabilities, binary_row_);
}

void Answers::ResultSet(std::string& out, uint8_t seq, uint32_t capabilities,
                        const std::string& row) const {
  my::AppendPacket(out, column_count_, &seq);
  my::AppendPacket(out, column_, &seq);
  if (!DeprecatesEof(capabilities)) my::AppendPacket(out, eof_, &seq);
  my::AppendPacket(out, row, &seq);
  my::AppendPacket(out, DeprecatesEof(capabilities) ? end_of_rows_ : eof_, &seq);
}

void Answers::Prepared(std::string& out, uint8_t seq, uint32_t capabilities, uint32_t id,
                       uint16_t params, bool has_row) const {
  my::WireWriter w;
  w.Int1(0x00);
  w.Int4(id);
  w.Int2(has_row ? 1 : 0);
  w.Int2(params);
  w.Int1(0);
  w.Int2(0);  // warnings
  my::AppendPacket(out, w.data(), &seq);
  if (params > 0) {
    for (uint16_t i = 0; i < params; ++i) my::AppendPacket(out, param_, &seq);
    if (!DeprecatesEof(capabilities)) my::AppendPacket(out, eof_, &seq);
  }
  if (has_row) {
    my::AppendPacket(out, column_, &seq);
    if (!DeprecatesEof(capabilities)) my::AppendPacket(out, eof_, &seq);
  }
}

void Answers::Error(std::string& out, uint8_t seq, const my::ErrorInfo& error) const {
  my::AppendPacket(out, my::ErrPacket(error), &seq);
}

}  // namespace ordinal::bench::mysql_floor
