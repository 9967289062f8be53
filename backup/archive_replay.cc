#include "backup/archive_replay.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "replication/log_archive_format.h"

namespace ordinal::backup {
namespace {

constexpr size_t kGroupBytes = 8 << 20;
constexpr size_t kGroupBatches = 1000;

bool WithinLimit(const replication::ArchivedBatch& record, const ReplayLimit& limit) {
  if (limit.position && record.batch.last_sequence > *limit.position) return false;
  if (limit.time && absl::FromUnixMicros(record.archived_micros) > *limit.time) return false;
  return true;
}

}  // namespace

absl::StatusOr<ReplayResult> ReplayArchive(const std::string& archive_dir,
                                           const std::string& cluster_id,
                                           engine::ReplicaApplier& applier, ReplayLimit limit) {
  ORDINAL_ASSIGN_OR_RETURN(replication::ArchiveReader reader,
                           replication::ArchiveReader::Open(archive_dir));
  if (reader.cluster_id() != cluster_id) {
    return absl::FailedPreconditionError(
        absl::StrCat("the log archive ", archive_dir, " belongs to cluster ",
                     reader.cluster_id(), ", the backup to cluster ", cluster_id));
  }
  ReplayResult result;
  result.position = applier.AppliedPosition();
  std::vector<engine::LogBatch> group;
  size_t group_bytes = 0;
  uint64_t next = result.position + 1;  // the first sequence the next batch must have
  auto flush = [&]() -> absl::Status {
    if (group.empty()) return absl::OkStatus();
    ORDINAL_RETURN_IF_ERROR(applier.ApplyBatches(group));
    result.batches += group.size();
    result.position = group.back().last_sequence;
    group.clear();
    group_bytes = 0;
    return absl::OkStatus();
  };
  while (true) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<replication::ArchivedBatch> record, reader.Next());
    if (!record) {
      result.reached_end = true;
      break;
    }
    if (record->batch.last_sequence < next) continue;  // at or before the backup
    if (!WithinLimit(*record, limit)) break;
    if (record->batch.first_sequence != next) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the log archive has no batch at position ", next, " (the next archived batch "
          "starts at ", record->batch.first_sequence, "): it cannot continue the store from ",
          next - 1, "; restore to a position before the gap, or from a later backup"));
    }
    next = record->batch.last_sequence + 1;
    result.last_archived = absl::FromUnixMicros(record->archived_micros);
    group_bytes += record->batch.data.size();
    group.push_back(std::move(record->batch));
    if (group.size() >= kGroupBatches || group_bytes >= kGroupBytes) ORDINAL_RETURN_IF_ERROR(flush());
  }
  ORDINAL_RETURN_IF_ERROR(flush());
  if (limit.position && result.reached_end && next - 1 < *limit.position) {
    return absl::FailedPreconditionError(
        absl::StrCat("the log archive ends at position ", next - 1, ", before --until-position ",
                     *limit.position));
  }
  return result;
}

}  // namespace ordinal::backup
