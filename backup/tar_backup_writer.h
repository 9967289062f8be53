// `ordinal backup --to -`: a backup written as a tar stream (docs/operations.md, "Backups as
// a tar stream") instead of a directory, for piping to another machine or an object store.
//
// The stream holds what a backup directory holds: data/<name> for every file of the server's
// checkpoint, then backup-manifest.json (the same manifest) as the last entry, in the format
// of backup/tar_format.h. Each file is checked against the checksum the server computed while
// reading it, as it passes; a mismatch ends the backup with DATA_LOSS, since the bytes already
// written cannot be taken back (the stream then has no manifest and no end blocks, so
// `ordinal backup verify` and `ordinal restore` refuse it). Nothing is retried once bytes were
// written: run the command again.
//
// Thread safety: one call at a time; `write` and `on_progress` run on the calling thread.
#ifndef ORDINAL_BACKUP_TAR_BACKUP_WRITER_H_
#define ORDINAL_BACKUP_TAR_BACKUP_WRITER_H_

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "backup/backup_writer.h"

namespace ordinal::backup {

// Writes bytes of the stream; an error ends the backup (INTERNAL, for example a closed pipe).
using StreamWrite = std::function<absl::Status(std::string_view bytes)>;

// Streams a backup of options.from (options.to and options.incremental_from are not used).
absl::StatusOr<BackupResult> TakeBackupToStream(const BackupOptions& options,
                                                const StreamWrite& write);

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_TAR_BACKUP_WRITER_H_
