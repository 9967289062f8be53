#include "backup/restore.h"

#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "backup/archive_replay.h"
#include "backup/backup_manifest.h"
#include "backup/backup_verify.h"
#include "backup/file_check.h"
#include "backup/tar_backup_reader.h"
#include "common/status_macros.h"
#include "engine/database.h"
#include "replication/clone_files.h"
#include "replication/clone_install.h"

namespace ordinal::backup {
namespace fs = std::filesystem;
namespace v1 = ordinal::v1;
namespace {

absl::Status CheckArguments(const RestoreOptions& options) {
  if (options.backup_dir.empty()) return absl::InvalidArgumentError("restore: --backup DIR is required");
  if (options.to.empty()) return absl::InvalidArgumentError("restore: --to DATADIR is required");
  if (options.until_position && options.until_time) {
    return absl::InvalidArgumentError(
        "restore: give --until-position or --until-time, not both");
  }
  if ((options.until_position || options.until_time) && options.archive_dir.empty()) {
    return absl::InvalidArgumentError(
        "restore: --until-position and --until-time need --archive (the log archive)");
  }
  std::error_code error;
  if (fs::exists(options.to, error) &&
      (!fs::is_directory(options.to, error) || !fs::is_empty(options.to, error))) {
    return absl::FailedPreconditionError(absl::StrCat(
        "restore: ", options.to, " exists and is not an empty directory: restore into a new one"));
  }
  return absl::OkStatus();
}

// Copies the backup's files into a fresh staging directory, verifying each against the
// manifest in the same pass (DATA_LOSS naming every damaged file), and fsyncs them. A backup
// directory's manifest is read first; a streamed backup's arrives with its last entry.
absl::StatusOr<v1::BackupManifest> CopyVerified(const std::string& backup,
                                                const replication::ClonePaths& paths) {
  VerifyReport report;
  if (IsStreamedBackup(backup)) {
    ORDINAL_RETURN_IF_ERROR(replication::CreateStaging(paths));
    ORDINAL_ASSIGN_OR_RETURN(report, ReadStreamedBackup(backup, paths.staging));
  } else {
    ORDINAL_ASSIGN_OR_RETURN(report.manifest, LoadManifest(backup));
    ORDINAL_RETURN_IF_ERROR(replication::CreateStaging(paths));
    ORDINAL_ASSIGN_OR_RETURN(FileCheckResult checked,
                             CheckFiles(DataPath(backup), report.manifest, paths.staging));
    report.problems = std::move(checked.problems);
  }
  ORDINAL_RETURN_IF_ERROR(ReportStatus(backup, report));
  return report.manifest;
}

// The copy is prepared (its position and cluster id checked and recorded) in the first open
// of the two below that runs, as Database::PrepareClonedDirectory would in an open of its own.
absl::Status Replay(const RestoreOptions& options, const std::string& dir,
                    const v1::BackupManifest& manifest, RestoreResult& result) {
  engine::DatabaseOptions database;
  database.data_dir = dir;
  database.role = engine::DatabaseRole::kReplica;
  database.block_cache_bytes = 64ull << 20;
  database.copied_position = manifest.position();
  database.copied_cluster_id = manifest.cluster_id();
  const std::string& cluster_id = manifest.cluster_id();
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<engine::Database> db, engine::Database::Open(database));
  ReplayLimit limit{options.until_position, options.until_time};
  ORDINAL_ASSIGN_OR_RETURN(ReplayResult replay,
                           ReplayArchive(options.archive_dir, cluster_id, *db, limit));
  result.restored_position = replay.position;
  result.batches_applied = replay.batches;
  result.last_batch_archived = replay.last_archived;
  result.reached_archive_end = replay.reached_end;
  return absl::OkStatus();
}

// Opens the copy as a primary once: the new epoch is written durably at open. `prepare`:
// the manifest of a copy no open has prepared yet.
absl::StatusOr<engine::History> OpenNewEpoch(const std::string& dir,
                                             const v1::BackupManifest* prepare) {
  engine::DatabaseOptions database;
  database.data_dir = dir;
  database.role = engine::DatabaseRole::kPrimary;
  database.block_cache_bytes = 64ull << 20;
  if (prepare != nullptr) {
    database.copied_position = prepare->position();
    database.copied_cluster_id = prepare->cluster_id();
  }
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<engine::Database> db, engine::Database::Open(database));
  return db->CurrentHistory();
}

// Steps 3 to 5 of restore.h, in the staging directory.
absl::Status BuildStaging(const RestoreOptions& options, const replication::ClonePaths& paths,
                          const std::function<void(std::string_view)>& step,
                          RestoreResult& result) {
  step(absl::StrCat("verifying and copying ", options.backup_dir, " into ", paths.staging));
  ORDINAL_ASSIGN_OR_RETURN(const v1::BackupManifest manifest,
                           CopyVerified(options.backup_dir, paths));
  result.cluster_id = manifest.cluster_id();
  result.backup_position = result.restored_position = manifest.position();
  if (options.until_position && *options.until_position < manifest.position()) {
    return absl::InvalidArgumentError(
        absl::StrCat("restore: --until-position ", *options.until_position,
                     " is before the backup's position ", manifest.position(),
                     ": use an older backup"));
  }
  step(absl::StrCat("copied ", manifest.files_size(), " files (", manifest.total_bytes(),
                    " bytes) at position ", manifest.position()));
  const bool replay = !options.archive_dir.empty();
  if (replay) {
    step(absl::StrCat("replaying the log archive ", options.archive_dir));
    ORDINAL_RETURN_IF_ERROR(Replay(options, paths.staging, manifest, result));
  }
  step(absl::StrCat("opening a new epoch after position ", result.restored_position));
  ORDINAL_ASSIGN_OR_RETURN(result.history,
                           OpenNewEpoch(paths.staging, replay ? nullptr : &manifest));
  return replication::CompleteStaging(paths);
}

}  // namespace

absl::StatusOr<RestoreResult> Restore(const RestoreOptions& options) {
  const absl::Time started = absl::Now();
  const std::function<void(std::string_view)> step = [&](std::string_view line) {
    if (options.on_step) options.on_step(line);
  };
  ORDINAL_RETURN_IF_ERROR(CheckArguments(options));
  RestoreResult result;
  const replication::ClonePaths paths(options.to);
  absl::Status built = BuildStaging(options, paths, step, result);
  if (!built.ok()) {
    std::error_code error;
    fs::remove_all(paths.staging, error);  // a failed restore leaves nothing behind
    return built;
  }
  ORDINAL_RETURN_IF_ERROR(replication::InstallStaging(paths));
  result.seconds = absl::ToDoubleSeconds(absl::Now() - started);
  return result;
}

}  // namespace ordinal::backup
