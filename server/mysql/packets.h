// The generic response packets: OK, ERR and EOF, and the errors this front end raises
// itself (protocol errors; SQL errors come from the engine with their own numbers).
//
// With CLIENT_DEPRECATE_EOF a result set ends with an OK packet whose header byte is 0xfe
// instead of an EOF packet; with CLIENT_SESSION_TRACK an OK packet may carry session state
// changes (here: the commit position, as a GTIDs tracker entry; docs/mysql-protocol.md).
#ifndef ORDINAL_SERVER_MYSQL_PACKETS_H_
#define ORDINAL_SERVER_MYSQL_PACKETS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace ordinal::server::mysql {

struct OkInfo {
  uint64_t affected_rows = 0;
  uint64_t last_insert_id = 0;
  uint16_t status_flags = 0;
  uint16_t warnings = 0;
  std::string info;
  // When non-zero and the client tracks session state: the position this statement
  // committed, sent as a GTIDs state change.
  uint64_t commit_position = 0;
};

// An OK packet (header 0x00), or the OK that ends a result set under DEPRECATE_EOF
// (`end_of_rows`: header 0xfe).
std::string OkPacket(const OkInfo& ok, uint32_t client_capabilities, bool end_of_rows = false);

// An EOF packet (only for clients without DEPRECATE_EOF).
std::string EofPacket(uint16_t warnings, uint16_t status_flags);

struct ErrorInfo {
  uint16_t code = 1105;
  std::string sql_state = "HY000";
  std::string message;
};

std::string ErrPacket(const ErrorInfo& error);

// The MySQL error of an engine status: its errno and SQLSTATE (1105 HY000 when it carries
// none) and its message.
ErrorInfo ErrorFromStatus(const absl::Status& status);

// Errors of the protocol itself, with MySQL's numbers.
ErrorInfo TooManyConnections();                 // 1040 08004
ErrorInfo BadHandshake();                       // 1043 08S01
ErrorInfo AccessDenied(std::string_view user);  // 1045 28000
ErrorInfo UnknownCommand();                     // 1047 08S01
ErrorInfo ServerShutdown();                     // 1053 08S01
ErrorInfo PacketTooLarge();                     // 1153 08S01
ErrorInfo PacketsOutOfOrder();                  // 1156 08S01
ErrorInfo WrongArguments(std::string_view what);  // 1210 HY000
ErrorInfo UnknownStatement(uint32_t id, std::string_view command);  // 1243 HY000
ErrorInfo NotSupported(std::string_view what);  // 1235 42000
ErrorInfo IdleTimeout();                        // 4031 HY000
ErrorInfo MalformedPacket();                    // 1835 HY000
ErrorInfo InsecureTransport();                  // 3159 HY000 (--require_secure_transport)

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_PACKETS_H_
