// Step 4 of a restore (restore.h): replays the log archive's batches after a store's
// position into that store, through the replica's apply path, up to a limit.
//
// Thread safety: one call at a time per applier.
#ifndef ORDINAL_BACKUP_ARCHIVE_REPLAY_H_
#define ORDINAL_BACKUP_ARCHIVE_REPLAY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/roles.h"

namespace ordinal::backup {

struct ReplayLimit {
  std::optional<uint64_t> position;  // apply batches ending at or before it
  std::optional<absl::Time> time;    // apply batches archived at or before it
};

struct ReplayResult {
  uint64_t position = 0;  // the applier's position afterwards
  uint64_t batches = 0;
  std::optional<absl::Time> last_archived;
  bool reached_end = false;  // stopped because the archive ended, not at the limit
};

// Applies every archived batch after `applier.AppliedPosition()` within `limit`.
// FAILED_PRECONDITION when the archive belongs to another cluster than `cluster_id`, when
// it does not continue the store's position (it starts later, or has a gap before the
// limit), or when it ends before `limit.position`; the archive's and the applier's errors
// otherwise. Batches are applied in groups (one write and fsync each); on an error the
// store holds a prefix, and the caller discards it.
absl::StatusOr<ReplayResult> ReplayArchive(const std::string& archive_dir,
                                           const std::string& cluster_id,
                                           engine::ReplicaApplier& applier, ReplayLimit limit);

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_ARCHIVE_REPLAY_H_
