// The one conversion from rocksdb::Status to absl::Status. Private to engine/kv: nothing
// outside this folder sees a rocksdb:: type.
#ifndef ORDINAL_ENGINE_KV_ROCKSDB_STATUS_H_
#define ORDINAL_ENGINE_KV_ROCKSDB_STATUS_H_

#include <string_view>

#include "absl/status/status.h"
#include "rocksdb/status.h"

namespace ordinal::engine::kv {

// Maps a RocksDB status to the project's vocabulary (common/sql_error.h):
//   OK                         -> OK
//   Busy, TryAgain             -> ABORTED, errno 1213 (a write-write conflict: retryable)
//   TimedOut                   -> ABORTED, errno 1205
//   NotFound                   -> NOT_FOUND
//   Corruption                 -> DATA_LOSS
//   IOError, subcode NoSpace   -> RESOURCE_EXHAUSTED, errno 1021, reason kDiskFull
//                                 (common/disk_full.h)
//   IOError with "lock" (the directory is held by another process) -> UNAVAILABLE
//   IOError, other             -> INTERNAL
//   InvalidArgument            -> INVALID_ARGUMENT
//   NotSupported               -> UNIMPLEMENTED
//   Aborted, Incomplete, ShutdownInProgress -> UNAVAILABLE
//   anything else              -> INTERNAL
// `context` names the operation ("open", "commit", ...) and prefixes the message, except for
// conflicts, which carry MySQL's own text.
absl::Status FromRocksStatus(const rocksdb::Status& status, std::string_view context);

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_ROCKSDB_STATUS_H_
