// ParseChunkInPlace (replication/chunk_wire.h): a chunk's bytes are read from the received
// slices wherever the message was split; anything but a plain chunk is left to protobuf.
// EncodeChunkMessage: the bytes protobuf would write, the chunk's buffer given back once.
#include "replication/chunk_wire.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/support/slice.h>
#include <gtest/gtest.h>

#include "ordinal/v1/clone.pb.h"

namespace ordinal::replication {
namespace {

// `bytes` cut into slices at `cuts` (offsets in increasing order; an empty slice included).
// A parsed chunk's pieces point into the slices (small slices hold their bytes inline).
std::vector<grpc::Slice> Split(const std::string& bytes, const std::vector<size_t>& cuts) {
  std::vector<grpc::Slice> slices;
  size_t from = 0;
  for (size_t cut : cuts) {
    slices.emplace_back(bytes.data() + from, cut - from);
    from = cut;
  }
  slices.emplace_back(bytes.data() + from, bytes.size() - from);
  slices.emplace_back();  // an empty slice at the end
  return slices;
}

std::string Joined(const ChunkData& data) {
  std::string out;
  for (std::string_view piece : data.pieces) out.append(piece);
  return out;
}

std::string ChunkMessage(uint32_t index, uint64_t offset, const std::string& data) {
  v1::SnapshotChunk message;
  message.mutable_chunk()->set_file_index(index);
  message.mutable_chunk()->set_offset(offset);
  message.mutable_chunk()->set_data(data);
  return message.SerializeAsString();
}

TEST(ChunkWireTest, ReadsTheChunkAcrossEverySplit) {
  std::string data(3000, 'x');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + i % 26);
  const std::string bytes = ChunkMessage(300, 1ull << 40, data);
  for (size_t cut = 1; cut < bytes.size(); cut += 7) {
    ReceivedChunk chunk;
    const std::vector<grpc::Slice> slices = Split(bytes, {cut});  // the pieces point into it
    ASSERT_TRUE(ParseChunkInPlace(slices, chunk)) << cut;
    EXPECT_EQ(chunk.file_index, 300u);
    EXPECT_EQ(chunk.offset, 1ull << 40);
    EXPECT_EQ(chunk.data.size, data.size());
    EXPECT_EQ(Joined(chunk.data), data);
  }
  ReceivedChunk chunk;
  const std::vector<grpc::Slice> slices = Split(bytes, {1, 2, 3, 4, 5, 6, 100, 2000});
  ASSERT_TRUE(ParseChunkInPlace(slices, chunk));
  EXPECT_EQ(Joined(chunk.data), data);
}

TEST(ChunkWireTest, AnEmptyChunkOfFileZero) {
  // Every field has its default value: the FileChunk is empty on the wire.
  ReceivedChunk chunk;
  chunk.file_index = 9;
  chunk.data.pieces.emplace_back("stale");
  ASSERT_TRUE(ParseChunkInPlace(Split(ChunkMessage(0, 0, ""), {}), chunk));
  EXPECT_EQ(chunk.file_index, 0u);
  EXPECT_EQ(chunk.offset, 0u);
  EXPECT_EQ(chunk.data.size, 0u);
  EXPECT_TRUE(chunk.data.pieces.empty());
}

TEST(ChunkWireTest, OtherMessagesAreLeftToProtobuf) {
  ReceivedChunk chunk;
  v1::SnapshotChunk end;
  end.mutable_file_end()->set_file_index(1);
  end.mutable_file_end()->set_checksum(42);
  EXPECT_FALSE(ParseChunkInPlace(Split(end.SerializeAsString(), {}), chunk));
  v1::SnapshotChunk manifest;
  manifest.mutable_manifest()->set_cluster_id("c");
  EXPECT_FALSE(ParseChunkInPlace(Split(manifest.SerializeAsString(), {}), chunk));
  EXPECT_FALSE(ParseChunkInPlace({}, chunk));
}

TEST(ChunkWireTest, UnknownFieldsTruncationAndTrailingBytesAreLeftToProtobuf) {
  ReceivedChunk chunk;
  const std::string bytes = ChunkMessage(2, 10, "abcdef");
  // Truncated anywhere: never accepted here.
  for (size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_FALSE(ParseChunkInPlace(Split(bytes.substr(0, size), {}), chunk)) << size;
  }
  // Bytes after the chunk (another field of SnapshotChunk).
  EXPECT_FALSE(ParseChunkInPlace(Split(bytes + std::string("\x18\x01", 2), {}), chunk));
  // An unknown field inside the FileChunk (field 9, varint).
  v1::FileChunk file_chunk;
  file_chunk.set_file_index(2);
  std::string inner = file_chunk.SerializeAsString() + std::string("\x48\x05", 2);
  std::string outer = std::string("\x12", 1) + static_cast<char>(inner.size()) + inner;
  EXPECT_FALSE(ParseChunkInPlace(Split(outer, {}), chunk));
  // A data length past the end of the message.
  std::string lying = std::string("\x12\x04\x1a\x10", 4) + "ab";
  EXPECT_FALSE(ParseChunkInPlace(Split(lying, {}), chunk));
}

// The bytes of an encoded message, joined.
std::string Flatten(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string out;
  for (const grpc::Slice& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

TEST(ChunkWireTest, EncodedChunksAreTheBytesProtobufWrites) {
  std::string data(5000, ' ');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  const uint64_t big = std::numeric_limits<uint64_t>::max();
  const uint32_t most = std::numeric_limits<uint32_t>::max();
  for (uint32_t index : {0u, 1u, 127u, 128u, 300u, most}) {
    for (uint64_t offset : {uint64_t{0}, uint64_t{1}, uint64_t{1} << 20, uint64_t{1} << 40, big}) {
      for (const std::string& bytes : {std::string(), std::string("x"), data}) {
        const std::string encoded = Flatten(EncodeChunkMessage(index, offset, ChunkBuffer(bytes), {}));
        EXPECT_EQ(encoded, ChunkMessage(index, offset, bytes))
            << index << " " << offset << " " << bytes.size();
        ReceivedChunk chunk;
        const std::vector<grpc::Slice> slices = Split(encoded, {});
        ASSERT_TRUE(ParseChunkInPlace(slices, chunk));
        EXPECT_EQ(chunk.file_index, index);
        EXPECT_EQ(chunk.offset, offset);
        EXPECT_EQ(Joined(chunk.data), bytes);
      }
    }
  }
}

TEST(ChunkWireTest, TheChunkBufferIsSentInPlaceAndGivenBackOnce) {
  std::string data(1 << 20, 'q');
  const char* const where = data.data();
  std::vector<std::string> released;
  {
    grpc::ByteBuffer message = EncodeChunkMessage(
        4, 8192, ChunkBuffer(std::move(data)), [&released](std::string b) { released.push_back(std::move(b)); });
    std::vector<grpc::Slice> slices;
    ASSERT_TRUE(message.Dump(&slices).ok());
    ASSERT_EQ(slices.size(), 2u);
    EXPECT_EQ(reinterpret_cast<const char*>(slices[1].begin()), where);  // not a copy
    grpc::ByteBuffer copy(message);  // what gRPC keeps while it sends
    message.Clear();
    slices.clear();
    EXPECT_TRUE(released.empty());  // still referenced by the copy
  }
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].data(), where);
  EXPECT_EQ(released[0].size(), size_t{1} << 20);
}

TEST(ChunkWireTest, BytesInsideTheirBufferAreSentWithoutTheRest) {
  // A direct reader's chunk starts at an aligned address past the front of its buffer and
  // ends before the buffer's end.
  std::string storage(10000, '-');
  for (size_t i = 100; i < 5100; ++i) storage[i] = static_cast<char>('a' + i % 26);
  const std::string expected = storage.substr(100, 5000);
  const char* const where = storage.data() + 100;
  ChunkBuffer data;
  data.storage = std::move(storage);
  data.begin = 100;
  data.size = 5000;
  std::vector<std::string> released;
  {
    grpc::ByteBuffer message = EncodeChunkMessage(
        2, 4096, std::move(data), [&released](std::string b) { released.push_back(std::move(b)); });
    EXPECT_EQ(Flatten(message), ChunkMessage(2, 4096, expected));
    std::vector<grpc::Slice> slices;
    ASSERT_TRUE(message.Dump(&slices).ok());
    ASSERT_EQ(slices.size(), 2u);
    EXPECT_EQ(reinterpret_cast<const char*>(slices[1].begin()), where);  // not a copy
  }
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].size(), 10000u);  // the whole buffer comes back for reuse
}

TEST(ChunkWireTest, AnEmptyChunkGivesItsBufferBackAtOnce) {
  std::string buffer;
  buffer.reserve(4096);
  int released = 0;
  grpc::ByteBuffer message =
      EncodeChunkMessage(3, 0, ChunkBuffer(std::move(buffer)),
                         [&released](std::string) { ++released; });
  EXPECT_EQ(released, 1);
  EXPECT_EQ(Flatten(message), ChunkMessage(3, 0, ""));
}

TEST(ChunkWireTest, OtherMessagesAreEncodedByProtobuf) {
  v1::SnapshotChunk end;
  end.mutable_file_end()->set_file_index(5);
  end.mutable_file_end()->set_checksum(0x1234567890abcdefULL);
  EXPECT_EQ(Flatten(EncodeMessage(end)), end.SerializeAsString());
}

}  // namespace
}  // namespace ordinal::replication
