#include "server/mysql/result_stream.h"

#include <utility>

#include "common/sql_error.h"
#include "server/mysql/wire.h"

namespace ordinal::server::mysql {
namespace {

// ER_NET_ERROR_ON_WRITE: the client could not be written to. It never reaches that client;
// it ends the statement (and shows in the server's statement metrics).
constexpr auto kNetErrorOnWrite = static_cast<MysqlErrno>(1160);

}  // namespace

absl::Status ResultStream::Begin(const std::vector<engine::ResultColumn>& columns) {
  WireWriter count;
  count.LenencInt(columns.size());
  reply_.Packet(count.data());
  columns_.reserve(columns.size());
  for (const engine::ResultColumn& column : columns) {
    columns_.push_back(ColumnFor(column));
    columns_.back().schema = schema_;
    reply_.Packet(ColumnDefinitionPacket(columns_.back()));
  }
  reply_.EndOfList(flags_, /*final=*/false);
  return absl::OkStatus();
}

absl::Status ResultStream::Row(const std::vector<engine::Value>& row) {
  if (binary_) {
    reply_.AppendedPacket([&](std::string* out) { AppendBinaryRow(columns_, row, out); });
  } else {
    reply_.Packet(TextRowPacket(columns_, row));
  }
  if (reply_.SendIfFull()) return absl::OkStatus();
  return SqlError(absl::StatusCode::kUnavailable, kNetErrorOnWrite,
                  "Got an error writing communication packets");
}

}  // namespace ordinal::server::mysql
