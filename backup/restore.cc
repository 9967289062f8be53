#include "backup/restore.h"

#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "backup/archive_replay.h"
#include "backup/backup_manifest.h"
#include "backup/backup_verify.h"
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

// Copies the backup's files into a fresh staging directory and fsyncs them.
absl::Status CopyFiles(const std::string& backup_dir, const v1::BackupManifest& manifest,
                       const replication::ClonePaths& paths) {
  ORDINAL_RETURN_IF_ERROR(replication::CreateStaging(paths));
  for (const v1::BackupFile& file : manifest.files()) {
    const fs::path source = fs::path(DataPath(backup_dir)) / file.name();
    const fs::path target = fs::path(paths.staging) / file.name();
    std::error_code error;
    fs::create_directories(target.parent_path(), error);
    fs::copy_file(source, target, fs::copy_options::overwrite_existing, error);
    if (error) {
      return absl::InternalError(
          absl::StrCat("restore: copying ", source.string(), ": ", error.message()));
    }
    ORDINAL_RETURN_IF_ERROR(replication::FsyncPath(target.string()));
  }
  return replication::FsyncPath(paths.staging);
}

absl::Status Replay(const RestoreOptions& options, const std::string& dir,
                    const std::string& cluster_id, RestoreResult& result) {
  engine::DatabaseOptions database;
  database.data_dir = dir;
  database.role = engine::DatabaseRole::kReplica;
  database.block_cache_bytes = 64ull << 20;
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

// Opens the copy as a primary once: the new epoch is written durably at open.
//
// The epoch's write is an optimistic transaction, which RocksDB can only check against the
// memtable's history; when opening replayed a large log and flushed it, the fresh memtable
// starts after the snapshot and the check fails (ABORTED, errno 1213) although nothing else
// writes. That open already flushed the log, so a second open starts with an empty one.
absl::StatusOr<engine::History> OpenNewEpoch(const std::string& dir) {
  engine::DatabaseOptions database;
  database.data_dir = dir;
  database.role = engine::DatabaseRole::kPrimary;
  database.block_cache_bytes = 64ull << 20;
  absl::StatusOr<std::unique_ptr<engine::Database>> db = engine::Database::Open(database);
  if (absl::IsAborted(db.status())) db = engine::Database::Open(database);
  if (!db.ok()) return db.status();
  return (*db)->CurrentHistory();
}

// Steps 3 to 5 of restore.h, in the staging directory.
absl::Status BuildStaging(const RestoreOptions& options, const v1::BackupManifest& manifest,
                          const replication::ClonePaths& paths,
                          const std::function<void(std::string_view)>& step,
                          RestoreResult& result) {
  step(absl::StrCat("copying ", manifest.files_size(), " files (", manifest.total_bytes(),
                    " bytes) at position ", manifest.position()));
  ORDINAL_RETURN_IF_ERROR(CopyFiles(options.backup_dir, manifest, paths));
  ORDINAL_RETURN_IF_ERROR(engine::Database::PrepareClonedDirectory(
      paths.staging, manifest.position(), manifest.cluster_id()));
  if (!options.archive_dir.empty()) {
    step(absl::StrCat("replaying the log archive ", options.archive_dir));
    ORDINAL_RETURN_IF_ERROR(Replay(options, paths.staging, manifest.cluster_id(), result));
  }
  step(absl::StrCat("opening a new epoch after position ", result.restored_position));
  ORDINAL_ASSIGN_OR_RETURN(result.history, OpenNewEpoch(paths.staging));
  return replication::CompleteStaging(paths);
}

}  // namespace

absl::StatusOr<RestoreResult> Restore(const RestoreOptions& options) {
  const absl::Time started = absl::Now();
  const std::function<void(std::string_view)> step = [&](std::string_view line) {
    if (options.on_step) options.on_step(line);
  };
  ORDINAL_RETURN_IF_ERROR(CheckArguments(options));
  step(absl::StrCat("verifying ", options.backup_dir));
  ORDINAL_ASSIGN_OR_RETURN(VerifyReport report, VerifyBackup(options.backup_dir));
  ORDINAL_RETURN_IF_ERROR(ReportStatus(options.backup_dir, report));
  const v1::BackupManifest& manifest = report.manifest;
  RestoreResult result;
  result.cluster_id = manifest.cluster_id();
  result.backup_position = result.restored_position = manifest.position();
  if (options.until_position && *options.until_position < manifest.position()) {
    return absl::InvalidArgumentError(
        absl::StrCat("restore: --until-position ", *options.until_position,
                     " is before the backup's position ", manifest.position(),
                     ": use an older backup"));
  }
  const replication::ClonePaths paths(options.to);
  absl::Status built = BuildStaging(options, manifest, paths, step, result);
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
