// Copies the records of another store's log batches into one WriteBatch (private to
// engine/kv). Every batch is checked with ParseWriteBatch before RocksDB parses it.
#ifndef ORDINAL_ENGINE_KV_LOG_BATCH_COPY_H_
#define ORDINAL_ENGINE_KV_LOG_BATCH_COPY_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/kv/store.h"
#include "engine/log.h"
#include "rocksdb/write_batch.h"

namespace ordinal::engine::kv {

// Appends every record of `batches`, in order, to `out`. DATA_LOSS (and `out` must then be
// discarded) when a batch is malformed, when its header's sequence differs from
// first_sequence, or when its record count differs from last - first + 1.
absl::StatusOr<LogWriteResult> CopyLogBatches(const std::vector<LogBatch>& batches,
                                              std::string_view watch_prefix,
                                              rocksdb::WriteBatch& out);

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_LOG_BATCH_COPY_H_
