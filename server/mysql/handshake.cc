#include "server/mysql/handshake.h"

#include <algorithm>

#include "server/mysql/protocol.h"
#include "server/mysql/wire.h"

namespace ordinal::server::mysql {
namespace {

constexpr uint8_t kProtocolVersion = 10;
constexpr size_t kSslRequestBytes = 32;
constexpr size_t kFillerBytes = 23;
// The first part of the scramble travels in the fixed header, the rest after it.
constexpr size_t kScramblePart1 = 8;

bool ReadAttributes(WireReader& r, ClientHandshake& out) {
  std::optional<uint64_t> total = r.LenencInt();
  if (!total.has_value() || *total > r.remaining()) return false;
  WireReader attrs(*r.Bytes(static_cast<size_t>(*total)));
  while (!attrs.empty()) {
    std::optional<std::string_view> key = attrs.LenencString();
    std::optional<std::string_view> value = attrs.LenencString();
    if (!key.has_value() || !value.has_value()) return false;
    out.attributes.emplace_back(*key, *value);
  }
  return true;
}

bool ReadAuthResponse(WireReader& r, ClientHandshake& out) {
  std::optional<std::string_view> auth;
  if (out.capabilities & cap::kPluginAuthLenencData) {
    auth = r.LenencString();
  } else if (out.capabilities & cap::kSecureConnection) {
    std::optional<uint8_t> n = r.Int1();
    if (n.has_value()) auth = r.Bytes(*n);
  } else {
    auth = r.NulString();
  }
  if (!auth.has_value()) return false;
  out.auth_response = std::string(*auth);
  return true;
}

}  // namespace

std::string HandshakeV10Packet(const ServerGreeting& g) {
  WireWriter w;
  w.Int1(kProtocolVersion);
  w.NulString(g.server_version);
  w.Int4(g.connection_id);
  std::string scramble = g.scramble;
  scramble.resize(kScrambleBytes, 'x');
  w.Bytes(std::string_view(scramble).substr(0, kScramblePart1));
  w.Int1(0);
  w.Int2(static_cast<uint16_t>(g.capabilities & 0xffff));
  w.Int1(g.collation);
  w.Int2(g.status_flags);
  w.Int2(static_cast<uint16_t>(g.capabilities >> 16));
  w.Int1(static_cast<uint8_t>(kScrambleBytes + 1));
  w.Zeros(10);
  w.Bytes(std::string_view(scramble).substr(kScramblePart1));
  w.Int1(0);
  w.NulString(g.auth_plugin);
  return w.Take();
}

std::optional<ClientHandshake> ParseHandshakeResponse(std::string_view payload) {
  WireReader r(payload);
  ClientHandshake out;
  std::optional<uint32_t> caps = r.Int4();
  std::optional<uint32_t> max_packet = r.Int4();
  std::optional<uint8_t> collation = r.Int1();
  if (!caps.has_value() || !max_packet.has_value() || !collation.has_value() ||
      !r.Skip(kFillerBytes)) {
    return std::nullopt;
  }
  out.capabilities = *caps;
  out.max_packet = *max_packet;
  out.collation = *collation;
  if ((out.capabilities & cap::kProtocol41) == 0) return std::nullopt;
  if (payload.size() == kSslRequestBytes && (out.capabilities & cap::kSsl)) {
    out.ssl_request = true;
    return out;
  }
  std::optional<std::string_view> user = r.NulString();
  if (!user.has_value() || !ReadAuthResponse(r, out)) return std::nullopt;
  out.user = std::string(*user);
  if ((out.capabilities & cap::kConnectWithDb) && !r.empty()) {
    std::optional<std::string_view> db = r.NulString();
    if (!db.has_value()) return std::nullopt;
    out.database = std::string(*db);
  }
  if ((out.capabilities & cap::kPluginAuth) && !r.empty()) {
    // Some clients end the plugin name with the packet instead of a NUL.
    out.auth_plugin = std::string(r.NulOrRestString());
  }
  if ((out.capabilities & cap::kConnectAttrs) && !r.empty() && !ReadAttributes(r, out)) {
    return std::nullopt;
  }
  return out;
}

std::optional<ClientHandshake> ParseChangeUser(std::string_view body, uint32_t capabilities) {
  WireReader r(body);
  ClientHandshake out;
  out.capabilities = capabilities;
  std::optional<std::string_view> user = r.NulString();
  if (!user.has_value()) return std::nullopt;
  out.user = std::string(*user);
  std::optional<std::string_view> auth;
  if (capabilities & cap::kSecureConnection) {
    std::optional<uint8_t> n = r.Int1();
    if (n.has_value()) auth = r.Bytes(*n);
  } else {
    auth = r.NulString();
  }
  if (!auth.has_value()) return std::nullopt;
  out.auth_response = std::string(*auth);
  std::optional<std::string_view> db = r.NulString();
  if (!db.has_value()) return std::nullopt;
  out.database = std::string(*db);
  if (!r.empty()) {
    std::optional<uint16_t> charset = r.Int2();
    if (!charset.has_value()) return std::nullopt;
    out.collation = static_cast<uint8_t>(*charset);
  }
  if ((capabilities & cap::kPluginAuth) && !r.empty()) {
    out.auth_plugin = std::string(r.NulOrRestString());
  }
  if ((capabilities & cap::kConnectAttrs) && !r.empty() && !ReadAttributes(r, out)) {
    return std::nullopt;
  }
  return out;
}

std::string AuthSwitchPacket(std::string_view plugin, std::string_view scramble) {
  WireWriter w;
  w.Int1(0xfe);
  w.NulString(plugin);
  w.NulString(scramble);
  return w.Take();
}

std::string AuthMoreDataPacket(std::string_view data) {
  WireWriter w;
  w.Int1(0x01);
  w.Bytes(data);
  return w.Take();
}

}  // namespace ordinal::server::mysql
