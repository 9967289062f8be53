// The connection phase: the server's Protocol::HandshakeV10, the client's
// Protocol::HandshakeResponse41 (and the SSLRequest, its 32-byte prefix), and the
// AuthSwitchRequest / AuthMoreData packets of the authentication exchange.
//
// Parsing never trusts the client: a short, truncated or inconsistent response is an error
// (ER_HANDSHAKE_ERROR), never a read past the packet.
#ifndef ORDINAL_SERVER_MYSQL_HANDSHAKE_H_
#define ORDINAL_SERVER_MYSQL_HANDSHAKE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordinal::server::mysql {

inline constexpr char kNativePassword[] = "mysql_native_password";
inline constexpr char kCachingSha2Password[] = "caching_sha2_password";
inline constexpr size_t kScrambleBytes = 20;

struct ServerGreeting {
  std::string server_version;  // e.g. "8.0.36-OrdinalDB-0.1.0"
  uint32_t connection_id = 0;
  std::string scramble;        // kScrambleBytes bytes, no NUL among them
  uint32_t capabilities = 0;
  uint8_t collation = 0;
  uint16_t status_flags = 0;
  std::string auth_plugin;
};

std::string HandshakeV10Packet(const ServerGreeting& greeting);

struct ClientHandshake {
  uint32_t capabilities = 0;
  uint32_t max_packet = 0;
  uint8_t collation = 0;
  // A 32-byte SSLRequest: the client wants TLS before sending the rest.
  bool ssl_request = false;
  std::string user;
  std::string auth_response;
  std::optional<std::string> database;  // CLIENT_CONNECT_WITH_DB
  std::string auth_plugin;              // CLIENT_PLUGIN_AUTH ("" when absent)
  std::vector<std::pair<std::string, std::string>> attributes;  // CLIENT_CONNECT_ATTRS
};

// Parses a HandshakeResponse41 (or an SSLRequest). nullopt when the packet is malformed or
// the client lacks CLIENT_PROTOCOL_41.
std::optional<ClientHandshake> ParseHandshakeResponse(std::string_view payload);

// Parses COM_CHANGE_USER's body (after the command byte) from a client that negotiated
// `capabilities`: user, auth response (computed over the connection's scramble), database,
// character set, plugin and attributes. nullopt when malformed.
std::optional<ClientHandshake> ParseChangeUser(std::string_view body, uint32_t capabilities);

// 0xfe, the plugin name, its data (the scramble and a NUL).
std::string AuthSwitchPacket(std::string_view plugin, std::string_view scramble);

// 0x01 and `data` (caching_sha2_password's fast-auth result, 0x03 on success).
std::string AuthMoreDataPacket(std::string_view data);

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_HANDSHAKE_H_
