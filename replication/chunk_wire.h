// Reads a received SnapshotChunk that carries a FileChunk without copying the chunk's bytes
// (docs/clone-protocol.md, "Messages"): the payload is handed on as pieces of the message's
// own gRPC slices. Parsing it as a protobuf message would copy every byte once more into a
// freshly allocated string.
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

#include <vector>

#include <grpcpp/support/slice.h>

#include "replication/snapshot_reader.h"

namespace ordinal::replication {

bool ParseChunkInPlace(const std::vector<grpc::Slice>& slices, ReceivedChunk& chunk);

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CHUNK_WIRE_H_
