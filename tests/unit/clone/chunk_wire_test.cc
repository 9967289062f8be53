// ParseChunkInPlace (replication/chunk_wire.h): a chunk's bytes are read from the received
// slices wherever the message was split; anything but a plain chunk is left to protobuf.
#include "replication/chunk_wire.h"

#include <string>
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

}  // namespace
}  // namespace ordinal::replication
