#include "server/mysql/framing.h"

#include "gtest/gtest.h"
#include "server/mysql/protocol.h"

namespace ordinal::server::mysql {
namespace {

std::string Frame(std::string_view payload, uint8_t seq = 0) {
  std::string out;
  AppendPacket(out, payload, &seq);
  return out;
}

class FramingTest : public ::testing::Test {
 protected:
  PacketDecoder::Result Decode(uint8_t expected_seq = 0) {
    return decoder_.Next(expected_seq, &payload_, &next_seq_);
  }
  PacketDecoder decoder_{64 << 20};
  std::string payload_;
  uint8_t next_seq_ = 0;
};

TEST_F(FramingTest, SmallPacketHasAHeaderAndTheNextSequenceFollows) {
  EXPECT_EQ(Frame("\x03SELECT 1", 0), std::string("\x09\x00\x00\x00\x03SELECT 1", 13));
  decoder_.Feed(Frame("\x0e"));
  ASSERT_EQ(Decode(), PacketDecoder::Result::kPacket);
  EXPECT_EQ(payload_, "\x0e");
  EXPECT_EQ(next_seq_, 1);
}

TEST_F(FramingTest, BytesArrivingOneAtATimeMakeOnePacket) {
  const std::string framed = Frame("hello world", 3);
  for (size_t i = 0; i + 1 < framed.size(); ++i) {
    decoder_.Feed(framed.substr(i, 1));
    EXPECT_EQ(Decode(3), PacketDecoder::Result::kNeedMore);
  }
  decoder_.Feed(framed.substr(framed.size() - 1));
  ASSERT_EQ(Decode(3), PacketDecoder::Result::kPacket);
  EXPECT_EQ(payload_, "hello world");
  EXPECT_EQ(decoder_.buffered(), 0u);
}

TEST_F(FramingTest, PayloadOfExactlyMaxSizeEndsWithAnEmptyPacket) {
  const std::string payload(kMaxPacketPayload, 'x');
  const std::string framed = Frame(payload);
  EXPECT_EQ(framed.size(), payload.size() + 8);
  EXPECT_EQ(framed.substr(framed.size() - 4), std::string("\0\0\0\x01", 4));
  decoder_.Feed(framed);
  ASSERT_EQ(Decode(), PacketDecoder::Result::kPacket);
  EXPECT_EQ(payload_.size(), payload.size());
  EXPECT_EQ(next_seq_, 2);
}

TEST_F(FramingTest, PayloadOverSixteenMebibytesIsSplitAndJoined) {
  std::string payload(2 * kMaxPacketPayload + 5, 'y');
  payload[kMaxPacketPayload] = 'z';
  decoder_.Feed(Frame(payload, 7));
  ASSERT_EQ(Decode(7), PacketDecoder::Result::kPacket);
  EXPECT_EQ(payload_, payload);
  EXPECT_EQ(next_seq_, 10);
}

TEST_F(FramingTest, WrongSequenceIdIsOutOfOrder) {
  decoder_.Feed(Frame("\x0e", 5));
  EXPECT_EQ(Decode(0), PacketDecoder::Result::kOutOfOrder);
}

TEST_F(FramingTest, OversizedPacketIsRefusedFromItsHeaderAlone) {
  PacketDecoder small(1024);
  std::string header("\x01\x04\x00\x00", 4);  // 1025 bytes announced, none sent
  small.Feed(header);
  EXPECT_EQ(small.Next(0, &payload_, &next_seq_), PacketDecoder::Result::kTooLarge);
}

TEST_F(FramingTest, SeveralPacketsInOneReadComeOutInOrder) {
  decoder_.Feed(Frame("one") + Frame("two"));
  ASSERT_EQ(Decode(), PacketDecoder::Result::kPacket);
  EXPECT_EQ(payload_, "one");
  ASSERT_EQ(Decode(), PacketDecoder::Result::kPacket);
  EXPECT_EQ(payload_, "two");
  EXPECT_EQ(Decode(), PacketDecoder::Result::kNeedMore);
}

}  // namespace
}  // namespace ordinal::server::mysql
