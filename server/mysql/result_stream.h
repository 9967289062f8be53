// A result set written to the client while the statement runs: the engine's RowSink for
// COM_QUERY (text rows) and COM_STMT_EXECUTE (binary rows). Begin writes the column count
// and definitions (and the EOF that ends them without DEPRECATE_EOF), Row appends a row
// packet and sends the response on once it holds Reply::kFlushBytes; the command writes
// the terminator (EOF or OK) when the statement succeeded, or an ERR in its place when it
// failed after rows reached the client (as MySQL does).
//
// Thread safety: one thread, the statement's.
#ifndef ORDINAL_SERVER_MYSQL_RESULT_STREAM_H_
#define ORDINAL_SERVER_MYSQL_RESULT_STREAM_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "engine/database.h"
#include "server/mysql/reply.h"
#include "server/mysql/resultset.h"

namespace ordinal::server::mysql {

class ResultStream final : public engine::RowSink {
 public:
  // `schema` is the current database the column definitions name; `status_flags` go in the
  // EOF after the column definitions.
  ResultStream(Reply& reply, bool binary, std::string schema, uint16_t status_flags)
      : reply_(reply), binary_(binary), schema_(std::move(schema)), flags_(status_flags) {}

  absl::Status Begin(const std::vector<engine::ResultColumn>& columns) override;
  // ER_NET_ERROR_ON_WRITE (1160) when the client could not be written to.
  absl::Status Row(const std::vector<engine::Value>& row) override;

 private:
  Reply& reply_;
  const bool binary_;
  const std::string schema_;
  const uint16_t flags_;
  std::vector<ColumnMeta> columns_;
};

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_RESULT_STREAM_H_
