// Constants of the MySQL client/server protocol (docs/mysql-protocol.md): capability flags,
// server status flags, command bytes, column types and flags, as MySQL 8.0 defines them.
// Values are the protocol's own; nothing here depends on the engine.
#ifndef ORDINAL_SERVER_MYSQL_PROTOCOL_H_
#define ORDINAL_SERVER_MYSQL_PROTOCOL_H_

#include <cstdint>

namespace ordinal::server::mysql {

// Capability flags (the handshake's and the client's 32-bit masks).
namespace cap {
inline constexpr uint32_t kLongPassword = 1u << 0;
inline constexpr uint32_t kFoundRows = 1u << 1;
inline constexpr uint32_t kLongFlag = 1u << 2;
inline constexpr uint32_t kConnectWithDb = 1u << 3;
inline constexpr uint32_t kNoSchema = 1u << 4;
inline constexpr uint32_t kCompress = 1u << 5;
inline constexpr uint32_t kLocalFiles = 1u << 7;
inline constexpr uint32_t kIgnoreSpace = 1u << 8;
inline constexpr uint32_t kProtocol41 = 1u << 9;
inline constexpr uint32_t kInteractive = 1u << 10;
inline constexpr uint32_t kSsl = 1u << 11;
inline constexpr uint32_t kTransactions = 1u << 13;
inline constexpr uint32_t kSecureConnection = 1u << 15;
inline constexpr uint32_t kMultiStatements = 1u << 16;
inline constexpr uint32_t kMultiResults = 1u << 17;
inline constexpr uint32_t kPsMultiResults = 1u << 18;
inline constexpr uint32_t kPluginAuth = 1u << 19;
inline constexpr uint32_t kConnectAttrs = 1u << 20;
inline constexpr uint32_t kPluginAuthLenencData = 1u << 21;
inline constexpr uint32_t kSessionTrack = 1u << 23;
inline constexpr uint32_t kDeprecateEof = 1u << 24;

// What this server offers. Not offered: COMPRESS, LOCAL_FILES (LOAD DATA LOCAL), SSL (no TLS
// yet), OPTIONAL_RESULTSET_METADATA and QUERY_ATTRIBUTES (their packets would change shape).
inline constexpr uint32_t kServer =
    kLongPassword | kFoundRows | kLongFlag | kConnectWithDb | kNoSchema | kIgnoreSpace |
    kProtocol41 | kInteractive | kTransactions | kSecureConnection | kMultiStatements |
    kMultiResults | kPsMultiResults | kPluginAuth | kConnectAttrs | kPluginAuthLenencData |
    kSessionTrack | kDeprecateEof;
}  // namespace cap

// Server status flags (OK and EOF packets).
namespace status {
inline constexpr uint16_t kInTrans = 0x0001;
inline constexpr uint16_t kAutocommit = 0x0002;
inline constexpr uint16_t kMoreResultsExist = 0x0008;
inline constexpr uint16_t kSessionStateChanged = 0x4000;
}  // namespace status

// Session state tracker types (the OK packet's state-change information).
inline constexpr uint8_t kSessionTrackGtids = 3;

// Command bytes (the first byte of a client's request).
enum class Command : uint8_t {
  kQuit = 0x01,
  kInitDb = 0x02,
  kQuery = 0x03,
  kFieldList = 0x04,
  kStatistics = 0x09,
  kProcessKill = 0x0c,
  kPing = 0x0e,
  kChangeUser = 0x11,
  kStmtPrepare = 0x16,
  kStmtExecute = 0x17,
  kStmtSendLongData = 0x18,
  kStmtClose = 0x19,
  kStmtReset = 0x1a,
  kSetOption = 0x1b,
  kStmtFetch = 0x1c,
  kResetConnection = 0x1f,
};

// Column types (column definitions, binary protocol parameter and value types).
enum class FieldType : uint8_t {
  kDecimal = 0x00,
  kTiny = 0x01,
  kShort = 0x02,
  kLong = 0x03,
  kFloat = 0x04,
  kDouble = 0x05,
  kNull = 0x06,
  kTimestamp = 0x07,
  kLongLong = 0x08,
  kInt24 = 0x09,
  kDate = 0x0a,
  kTime = 0x0b,
  kDateTime = 0x0c,
  kYear = 0x0d,
  kVarchar = 0x0f,
  kBit = 0x10,
  kJson = 0xf5,
  kNewDecimal = 0xf6,
  kEnum = 0xf7,
  kSet = 0xf8,
  kTinyBlob = 0xf9,
  kMediumBlob = 0xfa,
  kLongBlob = 0xfb,
  kBlob = 0xfc,
  kVarString = 0xfd,
  kString = 0xfe,
  kGeometry = 0xff,
};

// Column definition flags.
namespace column_flag {
inline constexpr uint16_t kNotNull = 0x0001;
inline constexpr uint16_t kPrimaryKey = 0x0002;
inline constexpr uint16_t kUniqueKey = 0x0004;
inline constexpr uint16_t kBlob = 0x0010;
inline constexpr uint16_t kUnsigned = 0x0020;
inline constexpr uint16_t kZerofill = 0x0040;
inline constexpr uint16_t kBinary = 0x0080;
inline constexpr uint16_t kNum = 0x8000;
}  // namespace column_flag

// Character sets / collations by id.
inline constexpr uint8_t kCollationUtf8mb4GeneralCi = 45;
inline constexpr uint16_t kCollationBinary = 63;

// The largest payload of one physical packet; a logical packet this long or longer
// continues in the next one.
inline constexpr uint32_t kMaxPacketPayload = 0xffffff;

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_PROTOCOL_H_
