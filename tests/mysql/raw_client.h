// A minimal MySQL protocol client over a plain socket, for tests that send what real
// clients never do (truncated, oversized or out-of-order packets, garbage). Every read is
// bounded by a receive timeout, so a test never hangs on a silent server.
#ifndef ORDINAL_TESTS_MYSQL_RAW_CLIENT_H_
#define ORDINAL_TESTS_MYSQL_RAW_CLIENT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "server/mysql/framing.h"

namespace ordinal::testing {

class RawMysqlClient {
 public:
  // Connects to host:port; false when the connection is refused.
  bool Connect(const std::string& host, int port);
  ~RawMysqlClient();

  // Sends raw bytes / one framed packet with the given sequence id.
  bool SendBytes(const std::string& bytes);
  bool SendPacket(const std::string& payload, uint8_t seq);
  // The next packet's payload; nullopt when the server closed the connection or said
  // nothing for `timeout_s`.
  std::optional<std::string> ReadPacket(int timeout_s = 10);
  // Whether the server closed the connection (reads end) within `timeout_s`.
  bool ClosedByServer(int timeout_s = 10);
  // Bytes the server sent that wait in this socket, unread (not counting what was decoded).
  size_t UnreadBytes() const;

  // Reads the greeting and answers it with root/`password` (mysql_native_password).
  // Returns the server's answer to the response (OK, ERR or AuthSwitch...).
  std::optional<std::string> Login(const std::string& password,
                                   uint32_t extra_capabilities = 0);
  const std::string& greeting() const { return greeting_; }
  // The greeting's 20-byte scramble (after Login).
  const std::string& scramble() const { return scramble_; }
  // The sequence id that follows the last packet read.
  uint8_t next_seq() const { return next_seq_; }

  void Close();

 private:
  int fd_ = -1;
  server::mysql::PacketDecoder decoder_{1u << 30};
  uint8_t next_seq_ = 0;
  std::string greeting_;
  std::string scramble_;
};

// The error number of an ERR payload; 0 when `payload` is not an ERR packet.
int ErrorCode(const std::optional<std::string>& payload);
bool IsOk(const std::optional<std::string>& payload);

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_MYSQL_RAW_CLIENT_H_
