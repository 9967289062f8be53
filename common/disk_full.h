// The disk-full error (docs/memory-and-disk.md): what a write reports when the data volume
// has no space left, wherever the write happened (RocksDB's WAL or table files, clone
// staging, the log archive). One constructor so that every layer says it the same way:
//   gRPC code RESOURCE_EXHAUSTED, MySQL error 1021 (ER_DISK_FULL, SQLSTATE HY000), and
//   StatusReason::kDiskFull, on which code decides (never on the message).
// The write was not applied; retrying it after space is freed is safe.
#ifndef ORDINAL_COMMON_DISK_FULL_H_
#define ORDINAL_COMMON_DISK_FULL_H_

#include <string_view>

#include "absl/status/status.h"

namespace ordinal {

// "Disk full (<where>); free space on the data volume and retry (errno: 28 - No space left
// on device)", with the code, errno and reason above. `where` names the file or operation.
absl::Status DiskFullError(std::string_view where);

// Whether `status` carries StatusReason::kDiskFull.
bool IsDiskFull(const absl::Status& status);

// The status of a failed system call on `path`: DiskFullError for ENOSPC and EDQUOT,
// otherwise INTERNAL "<what> <path>: <strerror>".
absl::Status ErrnoStatus(int error_number, std::string_view what, std::string_view path);

}  // namespace ordinal

#endif  // ORDINAL_COMMON_DISK_FULL_H_
