// A defensive reader of RocksDB's WriteBatch byte format, used to check batch bytes that
// arrived from another process before RocksDB parses them: Debian's RocksDB is built with
// assertions on and aborts on malformed bytes. Pure byte parsing, no RocksDB types.
//
// Format (RocksDB db/write_batch.cc):
//   batch   := u64le(sequence) u32le(count) record*
//   record  := tag [varint32(column_family)] payload
//   payload := key(Put, Merge, Delete, SingleDelete: slice key [slice value])
//            | slice(begin) slice(end)      (DeleteRange)
//            | slice(blob)                  (LogData; not counted)
//            | nothing                      (Noop; not counted)
//   slice   := varint32(length) bytes
// Only what OrdinalDB writes is accepted: the record kinds above, in the default column
// family (an explicit column family must be 0). Anything else is rejected.
#ifndef ORDINAL_ENGINE_KV_WRITE_BATCH_FORMAT_H_
#define ORDINAL_ENGINE_KV_WRITE_BATCH_FORMAT_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace ordinal::engine::kv {

inline constexpr size_t kWriteBatchHeaderSize = 12;

struct WriteBatchSummary {
  uint64_t sequence = 0;  // from the header
  uint32_t count = 0;     // counted records (equals the header's count)
  // Whether any record's key (or a DeleteRange's range) may fall under `watch_prefix`.
  bool touches_prefix = false;
};

// Walks every record of `data`. DATA_LOSS naming the problem when the bytes are truncated,
// hold an unknown record kind or a non-default column family, have bytes after the last
// record, or when the header's count differs from the records found.
absl::StatusOr<WriteBatchSummary> ParseWriteBatch(std::string_view data,
                                                  std::string_view watch_prefix);

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_WRITE_BATCH_FORMAT_H_
