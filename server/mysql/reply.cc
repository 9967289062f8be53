#include "server/mysql/reply.h"

#include "server/mysql/framing.h"
#include "server/mysql/protocol.h"

namespace ordinal::server::mysql {

void Reply::Packet(std::string_view payload) { AppendPacket(out_, payload, &seq_); }

void Reply::AppendedPacket(const std::function<void(std::string* out)>& append) {
  constexpr size_t kHeader = 4;
  const size_t start = out_.size();
  out_.append(kHeader, '\0');
  append(&out_);
  const size_t length = out_.size() - start - kHeader;
  if (length >= kMaxPacketPayload) {
    const std::string payload = out_.substr(start + kHeader);
    out_.resize(start);
    Packet(payload);
    return;
  }
  out_[start] = static_cast<char>(length & 0xff);
  out_[start + 1] = static_cast<char>((length >> 8) & 0xff);
  out_[start + 2] = static_cast<char>((length >> 16) & 0xff);
  out_[start + 3] = static_cast<char>(seq_++);
}

void Reply::Ok(const OkInfo& ok, bool end_of_rows) {
  Packet(OkPacket(ok, capabilities_, end_of_rows));
}

void Reply::Error(const ErrorInfo& error) { Packet(ErrPacket(error)); }

void Reply::EndOfList(uint16_t status_flags, bool final, uint16_t warnings) {
  if ((capabilities_ & cap::kDeprecateEof) == 0) {
    Packet(EofPacket(warnings, status_flags));
  } else if (final) {
    OkInfo ok;
    ok.status_flags = status_flags;
    ok.warnings = warnings;
    Ok(ok, /*end_of_rows=*/true);
  }
}

bool Reply::SendIfFull() {
  if (flush_ == nullptr || out_.size() < kFlushBytes) return true;
  ++flushes_;
  if ((*flush_)(out_)) return true;
  out_.clear();
  return false;
}

bool Reply::Rewind(const Mark& mark) {
  if (flushes_ != mark.flushes) return false;
  out_.resize(mark.size);
  seq_ = mark.seq;
  return true;
}

}  // namespace ordinal::server::mysql
