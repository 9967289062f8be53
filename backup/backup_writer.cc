#include "backup/backup_writer.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "backup/backup_manifest.h"
#include "common/status_macros.h"
#include "replication/clone_install.h"
#include "replication/history_proto.h"

namespace ordinal::backup {
namespace fs = std::filesystem;
namespace v1 = ordinal::v1;
namespace {

// What an unfinished backup may hold besides the manifest's temp file.
bool IsBackupInProgressEntry(const std::string& name) {
  const replication::ClonePaths paths(kDataDirName);
  return name == paths.data_dir || name == paths.staging || name == paths.staging_new ||
         name == paths.old || name == std::string(kManifestName) + ".tmp";
}

absl::Status PrepareDirectory(const std::string& dir) {
  std::error_code error;
  if (fs::exists(ManifestPath(dir), error)) {
    return absl::AlreadyExistsError(
        absl::StrCat(dir, " already holds a finished backup: choose a new directory"));
  }
  if (fs::exists(dir, error)) {
    if (!fs::is_directory(dir, error)) {
      return absl::FailedPreconditionError(absl::StrCat(dir, " is not a directory"));
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
      const std::string name = entry.path().filename().string();
      if (!IsBackupInProgressEntry(name)) {
        return absl::FailedPreconditionError(absl::StrCat(
            dir, " is not empty (it holds '", name, "'): back up into a new directory"));
      }
    }
  }
  fs::create_directories(dir, error);
  if (error) return absl::InternalError(absl::StrCat("cannot create ", dir, ": ", error.message()));
  return absl::OkStatus();
}

// Hard-links the previous backup's table files into a fresh staging directory and lists them
// as verified, so the clone offers them to the server. Returns the linked names.
absl::StatusOr<std::set<std::string>> LinkPrevious(const replication::ClonePaths& paths,
                                                   const std::string& previous_dir,
                                                   const v1::BackupManifest& previous) {
  std::set<std::string> linked;
  if (replication::StagingInProgress(paths)) {
    // A resumed incremental backup: staging already holds the links (and the marker).
    for (const v1::BackupFile& file : previous.files()) linked.insert(file.name());
    return linked;
  }
  ORDINAL_RETURN_IF_ERROR(replication::CreateStaging(paths));
  std::vector<replication::StagedFile> staged;
  for (const v1::BackupFile& file : previous.files()) {
    if (!absl::EndsWith(file.name(), ".sst")) continue;
    const fs::path source = fs::path(DataPath(previous_dir)) / file.name();
    const fs::path target = fs::path(paths.staging) / file.name();
    std::error_code error;
    fs::create_directories(target.parent_path(), error);
    fs::create_hard_link(source, target, error);
    if (error) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot hard-link ", source.string(), " into ", paths.staging, ": ", error.message(),
          " (an incremental backup must be on the same filesystem as the previous one)"));
    }
    staged.push_back({file.name(), file.size(), *ParseChecksumHex(file.xxh3())});
    linked.insert(file.name());
  }
  ORDINAL_RETURN_IF_ERROR(replication::WriteStagedFiles(paths, staged));
  return linked;
}

std::string NowRfc3339() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
}

}  // namespace

v1::BackupManifest BuildManifest(const BackupOptions& options,
                                 const replication::CloneResult& clone,
                                 const std::set<std::string>& offered, int& files_linked) {
  std::set<std::string> skipped;
  for (const v1::ManifestFile& file : clone.manifest.files()) {
    if (file.skipped()) skipped.insert(file.name());
  }
  std::vector<replication::StagedFile> files = clone.files;
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  v1::BackupManifest manifest;
  manifest.set_format_version(kFormatVersion);
  manifest.set_cluster_id(clone.cluster_id);
  manifest.set_position(clone.position);
  *manifest.mutable_history() = clone.manifest.history();
  files_linked = 0;
  for (const replication::StagedFile& staged : files) {
    v1::BackupFile* file = manifest.add_files();
    file->set_name(staged.name);
    file->set_size(staged.size);
    file->set_xxh3(ChecksumHex(staged.checksum));
    file->set_linked(offered.count(staged.name) > 0 && skipped.count(staged.name) > 0);
    manifest.set_total_bytes(manifest.total_bytes() + staged.size);
    if (file->linked()) {
      ++files_linked;
    } else {
      manifest.set_bytes_copied(manifest.bytes_copied() + staged.size);
    }
  }
  manifest.set_source_address(options.from);
  manifest.set_finished_at(NowRfc3339());
  manifest.set_incremental_from(options.incremental_from);
  return manifest;
}

absl::StatusOr<BackupResult> TakeBackup(const BackupOptions& options) {
  if (options.from.empty()) return absl::InvalidArgumentError("backup: --from HOST:PORT is required");
  if (options.to.empty()) return absl::InvalidArgumentError("backup: --to DIR is required");
  std::optional<v1::BackupManifest> previous;
  if (!options.incremental_from.empty()) {
    ORDINAL_ASSIGN_OR_RETURN(previous, LoadManifest(options.incremental_from));
  }
  ORDINAL_RETURN_IF_ERROR(PrepareDirectory(options.to));
  const absl::Time started = absl::Now();
  replication::CloneSinkOptions sink;
  sink.source_address = options.from;
  sink.user = options.user;
  sink.password = options.password;
  sink.channel_credentials = options.channel_credentials;
  sink.for_backup = true;
  sink.data_dir = DataPath(options.to);
  sink.requester_address = absl::StrCat("ordinal-backup@", options.to);
  sink.max_attempts = options.max_attempts;
  sink.files_in_flight = options.files_in_flight;
  sink.prepare_store = false;
  std::set<std::string> offered;
  if (previous) {
    ORDINAL_ASSIGN_OR_RETURN(
        offered, LinkPrevious(replication::ClonePaths(sink.data_dir), options.incremental_from,
                              *previous));
    sink.accept_manifest = [id = previous->cluster_id()](const v1::Manifest& manifest) {
      if (manifest.cluster_id() == id) return absl::OkStatus();
      return absl::FailedPreconditionError(
          absl::StrCat("the server belongs to cluster ", manifest.cluster_id(),
                       " but the previous backup to cluster ", id));
    };
  }
  replication::CloneSink* sink_ptr = nullptr;
  if (options.on_progress) {
    sink.on_progress = [&sink_ptr, &options] {
      if (sink_ptr != nullptr) options.on_progress(sink_ptr->Progress());
    };
  }
  replication::CloneSink clone(std::move(sink));
  sink_ptr = &clone;
  ORDINAL_ASSIGN_OR_RETURN(replication::CloneResult result, clone.Run());
  BackupResult backup;
  backup.manifest = BuildManifest(options, result, offered, backup.files_linked);
  ORDINAL_RETURN_IF_ERROR(SaveManifest(options.to, backup.manifest));
  backup.seconds = absl::ToDoubleSeconds(absl::Now() - started);
  backup.transfer_seconds = result.transfer_seconds;
  return backup;
}

}  // namespace ordinal::backup
