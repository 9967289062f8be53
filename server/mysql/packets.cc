#include "server/mysql/packets.h"

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "server/mysql/protocol.h"
#include "server/mysql/wire.h"

namespace ordinal::server::mysql {

std::string OkPacket(const OkInfo& ok, uint32_t client_capabilities, bool end_of_rows) {
  WireWriter w;
  w.Int1(end_of_rows ? 0xfe : 0x00);
  w.LenencInt(ok.affected_rows);
  w.LenencInt(ok.last_insert_id);
  const bool track = (client_capabilities & cap::kSessionTrack) != 0 && ok.commit_position > 0;
  w.Int2(ok.status_flags | (track ? status::kSessionStateChanged : 0));
  w.Int2(ok.warnings);
  if (track) {
    // info, then the state changes: one GTIDs entry (encoding 0, then the position).
    w.LenencString(ok.info);
    WireWriter entry;
    entry.Int1(0);
    entry.LenencString(absl::StrCat(ok.commit_position));
    WireWriter tracker;
    tracker.Int1(kSessionTrackGtids);
    tracker.LenencString(entry.data());
    w.LenencString(tracker.data());
  } else if (!ok.info.empty()) {
    if ((client_capabilities & cap::kSessionTrack) != 0) {
      w.LenencString(ok.info);
    } else {
      w.Bytes(ok.info);
    }
  }
  return w.Take();
}

std::string EofPacket(uint16_t warnings, uint16_t status_flags) {
  WireWriter w;
  w.Int1(0xfe);
  w.Int2(warnings);
  w.Int2(status_flags);
  return w.Take();
}

std::string ErrPacket(const ErrorInfo& error) {
  WireWriter w;
  w.Int1(0xff);
  w.Int2(error.code);
  w.Int1('#');
  std::string state = error.sql_state;
  state.resize(5, '0');
  w.Bytes(state);
  w.Bytes(error.message);
  return w.Take();
}

ErrorInfo ErrorFromStatus(const absl::Status& status) {
  const MysqlErrno code = GetMysqlErrno(status);
  return ErrorInfo{static_cast<uint16_t>(code), std::string(SqlState(code)),
                   std::string(status.message())};
}

ErrorInfo TooManyConnections() { return {1040, "08004", "Too many connections"}; }
ErrorInfo BadHandshake() { return {1043, "08S01", "Bad handshake"}; }

ErrorInfo InsecureTransport() {
  return {3159, "HY000",
          "Connections using insecure transport are prohibited while "
          "--require_secure_transport=ON."};
}
ErrorInfo AccessDenied(std::string_view user) {
  return {1045, "28000", "Access denied for user '" + std::string(user) + "'"};
}
ErrorInfo UnknownCommand() { return {1047, "08S01", "Unknown command"}; }
ErrorInfo ServerShutdown() { return {1053, "08S01", "Server shutdown in progress"}; }
ErrorInfo PacketTooLarge() {
  return {1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"};
}
ErrorInfo PacketsOutOfOrder() { return {1156, "08S01", "Got packets out of order"}; }
ErrorInfo WrongArguments(std::string_view what) {
  return {1210, "HY000", "Incorrect arguments to " + std::string(what)};
}
ErrorInfo UnknownStatement(uint32_t id, std::string_view command) {
  return {1243, "HY000",
          absl::StrCat("Unknown prepared statement handler (", id, ") given to ",
                               std::string(command))};
}
ErrorInfo NotSupported(std::string_view what) {
  return {1235, "42000", "This version of OrdinalDB doesn't yet support '" + std::string(what) + "'"};
}
ErrorInfo IdleTimeout() {
  return {4031, "HY000",
          "The client was disconnected by the server because of inactivity. See wait_timeout "
          "and interactive_timeout for configuring this behavior."};
}
ErrorInfo MalformedPacket() { return {1835, "HY000", "Malformed communication packet."}; }

}  // namespace ordinal::server::mysql
