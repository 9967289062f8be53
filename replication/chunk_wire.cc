#include "replication/chunk_wire.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

namespace ordinal::replication {
namespace {

// Protobuf wire tags: (field number << 3) | wire type (0 varint, 2 length-delimited).
constexpr uint64_t kSnapshotChunkChunk = (2 << 3) | 2;
constexpr uint64_t kFileIndex = (1 << 3) | 0;
constexpr uint64_t kOffset = (2 << 3) | 0;
constexpr uint64_t kData = (3 << 3) | 2;

// Reads bytes across a message's slices.
class SliceCursor {
 public:
  explicit SliceCursor(const std::vector<grpc::Slice>& slices) : slices_(slices) { SkipEmpty(); }

  bool AtEnd() const { return index_ == slices_.size(); }
  uint64_t consumed() const { return consumed_; }

  bool ReadVarint(uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (AtEnd()) return false;
      const uint8_t byte = slices_[index_].begin()[position_];
      Advance(1);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }

  // The next `length` bytes, as pieces of the slices.
  bool Take(uint64_t length, std::vector<std::string_view>& pieces) {
    while (length > 0) {
      if (AtEnd()) return false;
      const grpc::Slice& slice = slices_[index_];
      const size_t piece = static_cast<size_t>(
          std::min<uint64_t>(length, slice.size() - position_));
      pieces.emplace_back(reinterpret_cast<const char*>(slice.begin()) + position_, piece);
      Advance(piece);
      length -= piece;
    }
    return true;
  }

 private:
  void Advance(size_t bytes) {
    position_ += bytes;
    consumed_ += bytes;
    if (position_ == slices_[index_].size()) {
      ++index_;
      position_ = 0;
      SkipEmpty();
    }
  }
  void SkipEmpty() {
    while (index_ < slices_.size() && slices_[index_].size() == 0) ++index_;
  }

  const std::vector<grpc::Slice>& slices_;
  size_t index_ = 0;
  size_t position_ = 0;
  uint64_t consumed_ = 0;
};

// Appends `value` as a protobuf varint.
void PutVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// A chunk's buffer while gRPC refers to it, and where it goes afterwards.
struct HeldBuffer {
  std::string storage;
  ReleaseChunkBuffer release;
};

void ReleaseHeldBuffer(void* held) {
  std::unique_ptr<HeldBuffer> buffer(static_cast<HeldBuffer*>(held));
  if (buffer->release) buffer->release(std::move(buffer->storage));
}

}  // namespace

grpc::ByteBuffer EncodeChunkMessage(uint32_t file_index, uint64_t offset, ChunkBuffer data,
                                    ReleaseChunkBuffer release) {
  std::string chunk_fields;  // FileChunk's fields before the data's bytes
  if (file_index != 0) {
    PutVarint(kFileIndex, chunk_fields);
    PutVarint(file_index, chunk_fields);
  }
  if (offset != 0) {
    PutVarint(kOffset, chunk_fields);
    PutVarint(offset, chunk_fields);
  }
  if (data.size != 0) {
    PutVarint(kData, chunk_fields);
    PutVarint(data.size, chunk_fields);
  }
  std::string header;
  PutVarint(kSnapshotChunkChunk, header);
  PutVarint(chunk_fields.size() + data.size, header);
  header += chunk_fields;
  if (data.size == 0) {
    if (release) release(std::move(data.storage));
    grpc::Slice only(header);
    return grpc::ByteBuffer(&only, 1);
  }
  auto held = std::make_unique<HeldBuffer>(HeldBuffer{std::move(data.storage), std::move(release)});
  void* bytes = held->storage.data() + data.begin;
  grpc::Slice slices[2] = {grpc::Slice(header),
                           grpc::Slice(bytes, data.size, &ReleaseHeldBuffer, held.release())};
  return grpc::ByteBuffer(slices, 2);
}

grpc::ByteBuffer EncodeMessage(const google::protobuf::MessageLite& message) {
  grpc::Slice slice(message.SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

bool ParseChunkInPlace(const std::vector<grpc::Slice>& slices, ReceivedChunk& chunk) {
  SliceCursor in(slices);
  uint64_t tag = 0;
  uint64_t length = 0;
  if (!in.ReadVarint(tag) || tag != kSnapshotChunkChunk || !in.ReadVarint(length)) return false;
  const uint64_t end = in.consumed() + length;
  chunk.file_index = 0;
  chunk.offset = 0;
  chunk.data.clear();
  while (in.consumed() < end) {
    uint64_t value = 0;
    if (!in.ReadVarint(tag)) return false;
    switch (tag) {
      case kFileIndex:
        if (!in.ReadVarint(value)) return false;
        chunk.file_index = static_cast<uint32_t>(value);  // protobuf's uint32 truncation
        break;
      case kOffset:
        if (!in.ReadVarint(chunk.offset)) return false;
        break;
      case kData:
        chunk.data.clear();
        if (!in.ReadVarint(value) || !in.Take(value, chunk.data.pieces)) return false;
        chunk.data.size = value;
        break;
      default:
        return false;
    }
  }
  return in.consumed() == end && in.AtEnd();
}

}  // namespace ordinal::replication
