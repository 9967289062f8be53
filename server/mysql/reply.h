// One command's response on a MySQL connection: framed packets (sequence ids counted from
// the command's) appended to the connection's output buffer. A streamed result set
// (server/mysql/result_stream.h) sends the buffer on to the client whenever it holds
// kFlushBytes, so that a result larger than memory never sits whole in the buffer; what is
// left is sent by the connection when the command ends.
//
// Thread safety: one thread at a time, the one running the command.
#ifndef ORDINAL_SERVER_MYSQL_REPLY_H_
#define ORDINAL_SERVER_MYSQL_REPLY_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "server/mysql/packets.h"

namespace ordinal::server::mysql {

class Reply {
 public:
  // Writes what `out` holds to the client now and clears it; false when the client cannot
  // be written to (it went away, or stopped reading past the write timeout).
  using Flush = std::function<bool(std::string& out)>;
  // How much a streamed result gathers before it is sent.
  static constexpr size_t kFlushBytes = 64 << 10;

  // `flush` may be null (then nothing is sent before the command ends); it must outlive
  // the reply.
  Reply(std::string& out, uint8_t seq, uint32_t capabilities, const Flush* flush = nullptr)
      : out_(out), seq_(seq), capabilities_(capabilities), flush_(flush) {}

  void Packet(std::string_view payload);
  // One packet whose payload `append` appends to the string it is given: written in place,
  // after room for the header, so the payload is never copied. A payload too long for one
  // packet is split as Packet splits it.
  void AppendedPacket(const std::function<void(std::string* out)>& append);
  void Ok(const OkInfo& ok, bool end_of_rows = false);
  void Error(const ErrorInfo& error);
  // The end of a list of column definitions or rows: EOF, or nothing / an 0xfe OK under
  // DEPRECATE_EOF (`final` says whether the list ends the response).
  void EndOfList(uint16_t status_flags, bool final, uint16_t warnings = 0);

  // Sends the response so far when it holds kFlushBytes or more and a Flush was given.
  // False when the flush failed (the buffer is dropped: the client is gone).
  bool SendIfFull();

  // Where the response stands, to take back what follows (Rewind).
  struct Mark {
    size_t size = 0;
    uint8_t seq = 0;
    uint64_t flushes = 0;
  };
  Mark mark() const { return {out_.size(), seq_, flushes_}; }
  // Drops what was appended since `mark`; false (nothing changed) when part of it was sent
  // to the client already.
  bool Rewind(const Mark& mark);

 private:
  std::string& out_;
  uint8_t seq_;
  const uint32_t capabilities_;
  const Flush* const flush_;
  uint64_t flushes_ = 0;  // how often the buffer was sent during this response
};

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_REPLY_H_
