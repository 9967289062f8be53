// `ordinal restore`: builds a data directory from a backup, rolled forward with the log
// archive to a position or a time (docs/operations.md, "Point-in-time restore").
//
// Steps, each of which must succeed before the next; nothing is written into `to` until the
// last one:
//   1. check the arguments and that `to` is missing or empty;
//   2. verify the backup (backup_verify.h): a missing, short or corrupt file ends the
//      restore with DATA_LOSS naming it;
//   3. copy the backup's files into <to>.clone-staging (with the clone's in-progress
//      marker), fsync them, and prepare the copy as a replica's store at the backup's
//      position (Database::PrepareClonedDirectory);
//   4. replay the archived batches after that position, in order, through the replica's
//      apply path (each apply stores its position with its data), up to --until-position
//      (the last batch ending at or before it) or --until-time (the last batch archived at
//      or before it), or to the archive's end;
//   5. open the copy once as a primary: that opens a new epoch after the restored position,
//      so the restored store's history forks from the one it came from and no replica of
//      the old cluster that went further can ever follow it (docs/history.md);
//   6. remove the marker and rename staging to `to`.
//
// Errors: INVALID_ARGUMENT (both limits, a limit without an archive, a position before the
// backup's); FAILED_PRECONDITION (`to` not empty; the archive is another cluster's; the
// archive does not continue the backup, has a gap before the limit, or ends before
// --until-position); NOT_FOUND / DATA_LOSS from the backup or the archive; INTERNAL for I/O.
//
// Thread safety: one restore at a time per target.
#ifndef ORDINAL_BACKUP_RESTORE_H_
#define ORDINAL_BACKUP_RESTORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/history.h"

namespace ordinal::backup {

struct RestoreOptions {
  std::string backup_dir;
  std::string to;           // the new data directory
  std::string archive_dir;  // the primary's --log_archive_dir; "" restores the backup alone
  std::optional<uint64_t> until_position;
  std::optional<absl::Time> until_time;
  // Progress lines for people (which step, how far).
  std::function<void(std::string_view)> on_step;
};

struct RestoreResult {
  uint64_t backup_position = 0;
  uint64_t restored_position = 0;  // the primary's position the restored store holds
  uint64_t batches_applied = 0;
  std::optional<absl::Time> last_batch_archived;  // of the last batch applied
  bool reached_archive_end = false;  // the replay stopped because the archive ended
  engine::History history;           // with the new epoch
  std::string cluster_id;
  double seconds = 0;
};

absl::StatusOr<RestoreResult> Restore(const RestoreOptions& options);

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_RESTORE_H_
