// A SnapshotChunk that carries a FileChunk, written and read without copying the chunk's
// bytes (docs/clone-protocol.md, "Messages"). Serializing or parsing it as a protobuf
// message would copy every byte once more.
//
// EncodeChunkMessage (the source) builds the message's bytes exactly as protobuf serializes
// them (fields in number order, zero values left out): a small slice with the framing, then
// a slice that is the chunk's bytes in their own buffer. The buffer is handed back through `release` when
// gRPC no longer refers to it, which may be after the write returned and on another thread.
//
// ParseChunkInPlace (the receiver) hands the payload on as pieces of the message's own
// gRPC slices.
//
// ParseChunkInPlace accepts only the plain form a source writes: one field, `chunk` (2),
// whose FileChunk holds only file_index (1), offset (2) and data (3) (a repeated field: the
// last one counts, as in protobuf). Anything else (another kind of message, unknown fields,
// a malformed or truncated encoding) returns false, and the caller parses the whole message
// as a protobuf, which accepts or rejects it as usual.
//
// Thread safety: none needed (pure functions). The pieces point into `slices`.
#ifndef ORDINAL_REPLICATION_CHUNK_WIRE_H_
#define ORDINAL_REPLICATION_CHUNK_WIRE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <google/protobuf/message_lite.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include "replication/snapshot_reader.h"

namespace ordinal::replication {

// A chunk's bytes: `size` bytes from `begin` of `storage`. A reader that reads with O_DIRECT
// starts them at an aligned address inside its buffer, so they need not start at its front.
struct ChunkBuffer {
  ChunkBuffer() = default;
  // The whole of `bytes`.
  explicit ChunkBuffer(std::string bytes)
      : storage(std::move(bytes)), begin(0), size(storage.size()) {}

  std::string_view bytes() const { return std::string_view(storage).substr(begin, size); }

  std::string storage;
  size_t begin = 0;
  size_t size = 0;
};

// Gets a sent chunk's storage back (see the file comment); must be safe to call on any
// thread.
using ReleaseChunkBuffer = std::function<void(std::string)>;

grpc::ByteBuffer EncodeChunkMessage(uint32_t file_index, uint64_t offset, ChunkBuffer data,
                                    ReleaseChunkBuffer release);

// Any other message, serialized by protobuf into one slice.
grpc::ByteBuffer EncodeMessage(const google::protobuf::MessageLite& message);

bool ParseChunkInPlace(const std::vector<grpc::Slice>& slices, ReceivedChunk& chunk);

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CHUNK_WIRE_H_
