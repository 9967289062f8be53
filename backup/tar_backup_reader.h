// Reading a streamed backup (tar_backup_writer.h) back, for `ordinal backup verify FILE|-`
// and `ordinal restore --backup FILE|-` (docs/operations.md, "Backups as a tar stream").
//
// ReadTarBackup reads the archive once, front to back (so it works on a pipe): every
// data/<name> entry is hashed as it passes and, with `extract_to`, written there; the
// backup-manifest.json entry (the last one, as written) is parsed with LoadManifest's checks.
// Then every file the manifest lists is compared with what passed: missing, short, long or
// corrupt, as for a backup directory (backup_verify.h). With `extract_to` and no problem,
// every extracted file and directory is fsynced; files the manifest does not list are
// removed. A leading "./" on names (GNU tar's `-C DIR .`) is accepted.
//
// Errors: DATA_LOSS for a malformed or truncated archive (tar_format.h), an unsafe or repeated
// name, or an archive without a manifest; the manifest's own errors; INTERNAL for writes.
// Thread safety: stateless functions.
#ifndef ORDINAL_BACKUP_TAR_BACKUP_READER_H_
#define ORDINAL_BACKUP_TAR_BACKUP_READER_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "backup/backup_verify.h"
#include "backup/tar_format.h"

namespace ordinal::backup {

// Whether `path` is a streamed backup: "-" (standard input) or a file that is not a directory.
bool IsStreamedBackup(const std::string& path);

// Reads from `fd` until its end (EINTR retried; INTERNAL on a read error).
TarReader::Read FdReader(int fd);

// The report has the manifest, the problems and the bytes read (as VerifyBackup's).
absl::StatusOr<VerifyReport> ReadTarBackup(TarReader& reader,
                                           const std::optional<std::string>& extract_to);

// Opens `path` ("-" is standard input) and reads it with ReadTarBackup.
absl::StatusOr<VerifyReport> ReadStreamedBackup(const std::string& path,
                                                const std::optional<std::string>& extract_to);

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_TAR_BACKUP_READER_H_
