// File helpers shared by the clone source and sink (docs/clone-protocol.md): whole-file
// XXH3-64 checksums, fsync of files and directories, and the check that a file name from
// the wire stays inside its directory.
// Thread safety: stateless functions, thread-safe.
#ifndef ORDINAL_REPLICATION_CLONE_FILES_H_
#define ORDINAL_REPLICATION_CLONE_FILES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ordinal::replication {

// XXH3-64 (seed 0) of the file at `path`, read in 1 MiB blocks. INTERNAL when unreadable.
absl::StatusOr<uint64_t> FileChecksum(const std::string& path);

// XXH3-64 (seed 0) of `bytes` (the same function as FileChecksum, for tests and chunks).
uint64_t BytesChecksum(std::string_view bytes);

// fsync(2) of a file or of a directory (so the names in it are durable). INTERNAL on error.
absl::Status FsyncPath(const std::string& path);

// Whether `name` is a safe relative path: not empty, no leading '/', no "." or ".."
// component, no empty component, no NUL.
bool IsSafeRelativeName(std::string_view name);

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_CLONE_FILES_H_
