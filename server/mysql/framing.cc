#include "server/mysql/framing.h"

#include <algorithm>

#include "server/mysql/protocol.h"

namespace ordinal::server::mysql {
namespace {

constexpr size_t kHeaderBytes = 4;

uint32_t PayloadLength(std::string_view header) {
  return static_cast<uint32_t>(static_cast<uint8_t>(header[0])) |
         static_cast<uint32_t>(static_cast<uint8_t>(header[1])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(header[2])) << 16;
}

}  // namespace

void PacketDecoder::Feed(std::string_view bytes) {
  if (consumed_ > 0 && consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
  } else if (consumed_ > (64u << 10) && consumed_ * 2 > buffer_.size()) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes);
}

PacketDecoder::Result PacketDecoder::Next(uint8_t expected_seq, std::string* payload,
                                          uint8_t* next_seq) {
  // First pass: find the end of the logical packet without copying anything.
  std::string_view view(buffer_);
  view.remove_prefix(consumed_);
  size_t offset = 0;
  size_t total = 0;
  uint8_t seq = expected_seq;
  for (;;) {
    if (view.size() - offset < kHeaderBytes) return Result::kNeedMore;
    const uint32_t length = PayloadLength(view.substr(offset, 3));
    if (static_cast<uint8_t>(view[offset + 3]) != seq) return Result::kOutOfOrder;
    total += length;
    if (total > max_packet_) return Result::kTooLarge;
    if (view.size() - offset - kHeaderBytes < length) return Result::kNeedMore;
    offset += kHeaderBytes + length;
    ++seq;
    if (length < kMaxPacketPayload) break;
  }
  // Second pass: join the payloads.
  payload->clear();
  payload->reserve(total);
  size_t pos = 0;
  while (pos < offset) {
    const uint32_t length = PayloadLength(view.substr(pos, 3));
    payload->append(view.substr(pos + kHeaderBytes, length));
    pos += kHeaderBytes + length;
  }
  consumed_ += offset;
  *next_seq = seq;
  return Result::kPacket;
}

void AppendPacket(std::string& out, std::string_view payload, uint8_t* seq) {
  for (;;) {
    const size_t length = std::min<size_t>(payload.size(), kMaxPacketPayload);
    out.push_back(static_cast<char>(length & 0xff));
    out.push_back(static_cast<char>((length >> 8) & 0xff));
    out.push_back(static_cast<char>((length >> 16) & 0xff));
    out.push_back(static_cast<char>((*seq)++));
    out.append(payload.substr(0, length));
    payload.remove_prefix(length);
    if (length < kMaxPacketPayload) return;
  }
}

}  // namespace ordinal::server::mysql
