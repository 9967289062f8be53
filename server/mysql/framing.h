// Packet framing: every MySQL packet is a 3-byte little-endian payload length, a 1-byte
// sequence id and the payload. A logical packet of 16 MiB - 1 (0xffffff) bytes or more is
// sent as physical packets of 0xffffff bytes each, ended by a shorter one (possibly empty);
// their sequence ids follow on. Each command starts a new sequence at 0; every reply and
// every further packet of the exchange takes the next id (wrapping at 256).
//
// PacketDecoder turns the bytes a client sends into logical packets, checking sequence ids
// and the size limit (max_allowed_packet) before buffering a payload. AppendPacket frames a
// payload, splitting it when needed.
//
// Thread safety: none; a decoder belongs to one connection.
#ifndef ORDINAL_SERVER_MYSQL_FRAMING_H_
#define ORDINAL_SERVER_MYSQL_FRAMING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ordinal::server::mysql {

class PacketDecoder {
 public:
  enum class Result {
    kPacket,       // `payload` holds the next logical packet
    kNeedMore,     // feed more bytes
    kTooLarge,     // the packet exceeds max_packet (ER_NET_PACKET_TOO_LARGE)
    kOutOfOrder,   // a sequence id other than the expected one (ER_NET_PACKETS_OUT_OF_ORDER)
  };

  // `max_packet`: the largest logical payload accepted.
  explicit PacketDecoder(size_t max_packet) : max_packet_(max_packet) {}

  // Appends bytes received from the client.
  void Feed(std::string_view bytes);

  // Takes the next complete logical packet, whose first physical packet must carry
  // `expected_seq`. On kPacket, `payload` is the joined payload and `next_seq` the id the
  // reply (or the client's next packet of the exchange) takes. After kTooLarge or
  // kOutOfOrder the stream cannot be resynchronized: close the connection.
  Result Next(uint8_t expected_seq, std::string* payload, uint8_t* next_seq);

  // Bytes received but not yet returned as packets.
  size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  const size_t max_packet_;
  std::string buffer_;
  size_t consumed_ = 0;
};

// Appends `payload` framed as one logical packet starting at sequence id `*seq`; advances
// `*seq` past the physical packets written.
void AppendPacket(std::string& out, std::string_view payload, uint8_t* seq);

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_FRAMING_H_
