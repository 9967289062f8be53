// One pass over a backup's file (docs/operations.md, "Verifying a backup" and "Restore"):
// each file is read once, in large blocks (O_DIRECT where the filesystem allows it: the
// backup is not in the page cache), hashed (XXH3-64) as it is read, and, for a restore,
// written into its new place in the same pass, so that verifying and copying cost one read
// of the backup. Files are handled several at a time.
//
// A file's problem (missing, short, long, corrupt, unreadable) is reported with the file's
// name; an I/O error on the copy's side is INTERNAL. A copy of a damaged file is left
// where it was written: the caller discards the whole target.
//
// Thread safety: stateless functions; CheckFiles runs `threads` threads of its own.
#ifndef ORDINAL_BACKUP_FILE_CHECK_H_
#define ORDINAL_BACKUP_FILE_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "backup/backup_verify.h"
#include "ordinal/v1/backup.pb.h"

namespace ordinal::backup {

struct FileCheckResult {
  std::vector<FileProblem> problems;  // in manifest order
  uint64_t bytes_read = 0;
};

// Checks every file of `manifest` in `data_dir` (present, exactly its size, its XXH3-64).
// With `copy_to` set, also writes each file into copy_to/<name> as it is read (creating
// directories; the target must not exist), fsyncs each intact copy in the background while
// the next files are copied (copy_syncer.h) and, when every file is intact, fsyncs every
// directory once at the end. INTERNAL when a copy cannot be written or synced.
absl::StatusOr<FileCheckResult> CheckFiles(const std::string& data_dir,
                                           const ordinal::v1::BackupManifest& manifest,
                                           const std::optional<std::string>& copy_to,
                                           int threads = 2);

// Fsyncs and closes each descriptor of `copies` (a file under `root` by its relative name),
// then every directory holding one and `root` itself, deepest first. Every descriptor is
// closed, also after an error; the first error is returned (INTERNAL).
absl::Status SyncCopies(const std::string& root, std::vector<std::pair<int, std::string>>& copies);

// Closes each descriptor of `copies` (already fsynced) and fsyncs every directory holding
// one and `root`, deepest first; the first error (INTERNAL).
absl::Status CloseAndSyncDirectories(const std::string& root,
                                     std::vector<std::pair<int, std::string>>& copies);

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_FILE_CHECK_H_
