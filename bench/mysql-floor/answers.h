// The floor server's answers (bench/mysql-floor/README.md): every packet it sends, built
// once with the MySQL front end's codec (server/mysql) so that a command costs only the
// framing of payloads that already exist. A point select's answer is one fixed row of
// sysbench's shape: column `c` CHAR(120) of table sbtest1, a 119-character value.
//
// Thread safety: immutable after construction; shared by every connection.
#ifndef ORDINAL_BENCH_MYSQL_FLOOR_ANSWERS_H_
#define ORDINAL_BENCH_MYSQL_FLOOR_ANSWERS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "server/mysql/packets.h"

namespace ordinal::bench::mysql_floor {

class Answers {
 public:
  Answers();

  // Protocol::HandshakeV10 with `scramble`, offering the front end's capabilities and
  // mysql_native_password (any answer to it is accepted).
  std::string Greeting(uint32_t connection_id, std::string_view scramble) const;

  // Each appends one response, framed from sequence id `seq` on, to `out`. `capabilities`
  // are the client's, as negotiated (DEPRECATE_EOF decides how lists end).
  void Ok(std::string& out, uint8_t seq, uint32_t capabilities) const;
  // COM_QUERY of a point select: the column definition and the row in the text protocol.
  void TextRow(std::string& out, uint8_t seq, uint32_t capabilities) const;
  // COM_STMT_EXECUTE of a point select: the same in the binary protocol.
  void BinaryRow(std::string& out, uint8_t seq, uint32_t capabilities) const;
  // COM_STMT_PREPARE's answer for statement `id` with `params` markers and one column (a
  // point select) or none.
  void Prepared(std::string& out, uint8_t seq, uint32_t capabilities, uint32_t id,
                uint16_t params, bool has_row) const;
  // An ERR packet (unknown command or statement, malformed packet).
  void Error(std::string& out, uint8_t seq, const server::mysql::ErrorInfo& error) const;

 private:
  // The result set of one column and one row: column count, definition, end of the
  // definitions, `row`, end of the rows.
  void ResultSet(std::string& out, uint8_t seq, uint32_t capabilities,
                 const std::string& row) const;

  std::string ok_;
  std::string eof_;           // before DEPRECATE_EOF
  std::string end_of_rows_;   // the OK (0xfe) that ends rows under DEPRECATE_EOF
  std::string column_count_;  // 1
  std::string column_;        // c CHAR(120)
  std::string param_;         // a `?` marker's definition
  std::string text_row_;
  std::string binary_row_;
};

}  // namespace ordinal::bench::mysql_floor

#endif  // ORDINAL_BENCH_MYSQL_FLOOR_ANSWERS_H_
