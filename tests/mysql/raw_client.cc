#include "tests/mysql/raw_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "server/mysql/handshake.h"
#include "server/mysql/protocol.h"
#include "server/mysql/scramble.h"
#include "server/mysql/wire.h"

namespace ordinal::testing {

using namespace server::mysql;

bool RawMysqlClient::Connect(const std::string& host, int port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  return connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
}

RawMysqlClient::~RawMysqlClient() { Close(); }

void RawMysqlClient::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

bool RawMysqlClient::SendBytes(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool RawMysqlClient::SendPacket(const std::string& payload, uint8_t seq) {
  std::string framed;
  AppendPacket(framed, payload, &seq);
  return SendBytes(framed);
}

std::optional<std::string> RawMysqlClient::ReadPacket(int timeout_s) {
  std::string payload;
  for (;;) {
    // Whatever sequence the server uses: read it from the next header.
    if (decoder_.buffered() >= 4) {
      for (int seq = 0; seq < 256; ++seq) {
        uint8_t next = 0;
        auto r = decoder_.Next(static_cast<uint8_t>(seq), &payload, &next);
        if (r == PacketDecoder::Result::kPacket) {
          next_seq_ = next;
          return payload;
        }
        if (r == PacketDecoder::Result::kNeedMore) break;
      }
    }
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, timeout_s * 1000) <= 0) return std::nullopt;
    char buffer[65536];
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return std::nullopt;
    decoder_.Feed(std::string_view(buffer, static_cast<size_t>(n)));
  }
}

size_t RawMysqlClient::UnreadBytes() const {
  int queued = 0;
  return ioctl(fd_, FIONREAD, &queued) == 0 && queued > 0 ? static_cast<size_t>(queued) : 0;
}

bool RawMysqlClient::ClosedByServer(int timeout_s) {
  char buffer[4096];
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, timeout_s * 1000) <= 0) return false;
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return true;
  }
}

std::optional<std::string> RawMysqlClient::Login(const std::string& password,
                                                 uint32_t extra_capabilities) {
  std::optional<std::string> greeting = ReadPacket();
  if (!greeting.has_value()) return std::nullopt;
  greeting_ = *greeting;
  // The scramble: 8 bytes after the version and connection id, 12 more after the header.
  WireReader r(greeting_);
  r.Int1();
  r.NulString();
  r.Int4();
  std::string scramble(*r.Bytes(8));
  r.Skip(1 + 2 + 1 + 2 + 2 + 1 + 10);
  scramble += std::string(*r.Bytes(12));
  scramble_ = scramble;
  const uint32_t caps = cap::kProtocol41 | cap::kSecureConnection | cap::kPluginAuth |
                        cap::kDeprecateEof | extra_capabilities;
  WireWriter w;
  w.Int4(caps);
  w.Int4(1 << 24);
  w.Int1(kCollationUtf8mb4GeneralCi);
  w.Zeros(23);
  w.NulString("root");
  const std::string auth = NativePasswordResponse(password, scramble);
  w.Int1(static_cast<uint8_t>(auth.size()));
  w.Bytes(auth);
  w.NulString(kNativePassword);
  if (!SendPacket(w.data(), next_seq_)) return std::nullopt;
  return ReadPacket();
}

int ErrorCode(const std::optional<std::string>& payload) {
  if (!payload.has_value() || payload->size() < 3 || (*payload)[0] != '\xff') return 0;
  return static_cast<uint8_t>((*payload)[1]) | static_cast<uint8_t>((*payload)[2]) << 8;
}

bool IsOk(const std::optional<std::string>& payload) {
  return payload.has_value() && !payload->empty() && (*payload)[0] == '\0';
}

}  // namespace ordinal::testing
