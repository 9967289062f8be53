// Reply::AppendedPacket (server/mysql/reply.h) frames a payload written in place exactly as
// Packet frames the same payload: header, sequence ids, and the split past 16 MiB.
#include "server/mysql/reply.h"

#include <string>

#include "gtest/gtest.h"
#include "server/mysql/protocol.h"

namespace ordinal::server::mysql {
namespace {

// The bytes of two packets, `first` then `second`, sent one way or the other.
std::string Framed(const std::string& first, const std::string& second, bool in_place) {
  std::string out = "kept";
  Reply reply(out, /*seq=*/7, /*capabilities=*/0);
  for (const std::string* payload : {&first, &second}) {
    if (in_place) {
      reply.AppendedPacket([payload](std::string* buffer) { buffer->append(*payload); });
    } else {
      reply.Packet(*payload);
    }
  }
  return out;
}

TEST(MysqlReplyTest, AppendedPacketsAreFramedAsPackets) {
  const std::string row(130, 'r');
  EXPECT_EQ(Framed(row, "", true), Framed(row, "", false));
  const std::string exact(kMaxPacketPayload, 'x');
  EXPECT_EQ(Framed(exact, row, true), Framed(exact, row, false));
  const std::string longer(kMaxPacketPayload + 10, 'y');
  EXPECT_EQ(Framed(row, longer, true), Framed(row, longer, false));
}

}  // namespace
}  // namespace ordinal::server::mysql
