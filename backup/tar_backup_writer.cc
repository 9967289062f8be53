#include "backup/tar_backup_writer.h"

#include <algorithm>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "backup/backup_manifest.h"
#include "backup/tar_format.h"
#include "common/status_macros.h"
#include "replication/clone_files.h"
#include "replication/snapshot_reader.h"
#include "xxhash.h"

namespace ordinal::backup {
namespace v1 = ordinal::v1;
namespace {

// Writes a snapshot's files as tar entries while they arrive, checking each.
class TarConsumer final : public replication::SnapshotConsumer {
 public:
  TarConsumer(const StreamWrite& write, std::function<void(const replication::CloneProgress&)> progress)
      : write_(write), on_progress_(std::move(progress)), state_(XXH3_createState()) {}
  ~TarConsumer() override { XXH3_freeState(state_); }

  absl::Status OnManifest(const v1::Manifest& manifest) override {
    if (manifest.cluster_id().empty() || manifest.position() == 0) {
      return absl::DataLossError("the manifest has no cluster id or no position");
    }
    std::set<std::string> names;
    for (const v1::ManifestFile& file : manifest.files()) {
      if (!replication::IsSafeRelativeName(file.name()) || file.skipped() ||
          !names.insert(file.name()).second) {
        return absl::DataLossError(absl::StrCat("bad file in the manifest: ", file.name()));
      }
    }
    manifest_ = manifest;
    progress_.state = "receiving";
    progress_.position = manifest.position();
    progress_.cluster_id = manifest.cluster_id();
    progress_.files_total = static_cast<uint64_t>(manifest.files_size());
    progress_.bytes_total = manifest.bytes_to_send();
    started_ = absl::Now();
    return absl::OkStatus();
  }

  absl::Status OnChunk(const replication::ReceivedChunk& chunk) override {
    if (!in_file_) {
      if (chunk.file_index != next_index_ || next_index_ >= manifest_.files_size()) {
        return absl::DataLossError(absl::StrCat("unexpected chunk of file ", chunk.file_index));
      }
      const v1::ManifestFile& file = manifest_.files(static_cast<int>(next_index_));
      ORDINAL_RETURN_IF_ERROR(write_(TarFileHeader(absl::StrCat(kDataDirName, "/", file.name()),
                                                   file.size(), absl::ToUnixSeconds(started_))));
      XXH3_64bits_reset(state_);
      written_ = 0;
      in_file_ = true;
    }
    const v1::ManifestFile& file = manifest_.files(static_cast<int>(next_index_));
    if (chunk.file_index != next_index_ || chunk.offset != written_ ||
        chunk.offset + chunk.data.size > file.size()) {
      return absl::DataLossError(absl::StrCat("chunk of ", file.name(), " at offset ",
                                              chunk.offset, " does not continue it"));
    }
    for (std::string_view piece : chunk.data.pieces) {
      ORDINAL_RETURN_IF_ERROR(write_(piece));
      XXH3_64bits_update(state_, piece.data(), piece.size());
    }
    written_ += chunk.data.size;
    progress_.bytes_received += chunk.data.size;
    Report();
    return absl::OkStatus();
  }

  absl::Status OnFileEnd(const v1::FileEnd& end) override {
    if (!in_file_ || end.file_index() != next_index_) {
      return absl::DataLossError(absl::StrCat("unexpected end of file ", end.file_index()));
    }
    const v1::ManifestFile& file = manifest_.files(static_cast<int>(next_index_));
    const uint64_t checksum = XXH3_64bits_digest(state_);
    if (written_ != file.size() || checksum != end.checksum()) {
      return absl::DataLossError(absl::StrCat(
          "checksum mismatch in ", file.name(), ": the stream is incomplete, run the backup again"));
    }
    ORDINAL_RETURN_IF_ERROR(write_(std::string(TarPadding(written_), '\0')));
    files_.push_back({file.name(), file.size(), checksum});
    in_file_ = false;
    ++next_index_;
    ++progress_.files_verified;
    Report();
    return absl::OkStatus();
  }

  // Every file arrived: the manifest entry and the end of the archive.
  double transfer_seconds() const { return absl::ToDoubleSeconds(absl::Now() - started_); }

  absl::StatusOr<v1::BackupManifest> Finish(const BackupOptions& options) {
    if (in_file_ || next_index_ != static_cast<uint32_t>(manifest_.files_size())) {
      return absl::DataLossError("the stream ended before every file arrived");
    }
    replication::CloneResult clone;
    clone.manifest = manifest_;
    clone.position = manifest_.position();
    clone.cluster_id = manifest_.cluster_id();
    clone.files = files_;
    int linked = 0;
    v1::BackupManifest manifest = BuildManifest(options, clone, {}, linked);
    ORDINAL_ASSIGN_OR_RETURN(const std::string json, ManifestJson(manifest));
    ORDINAL_RETURN_IF_ERROR(write_(TarFileHeader(kManifestName, json.size(), absl::ToUnixSeconds(absl::Now()))));
    ORDINAL_RETURN_IF_ERROR(write_(json));
    ORDINAL_RETURN_IF_ERROR(write_(std::string(TarPadding(json.size()), '\0')));
    ORDINAL_RETURN_IF_ERROR(write_(TarEnd()));
    return manifest;
  }

 private:
  void Report() {
    if (!on_progress_) return;
    const double seconds = absl::ToDoubleSeconds(absl::Now() - started_);
    if (seconds > 0) progress_.bytes_per_second = progress_.bytes_received / seconds;
    const uint64_t left = progress_.bytes_total - std::min(progress_.bytes_total, progress_.bytes_received);
    progress_.eta_seconds = progress_.bytes_per_second > 0 ? left / progress_.bytes_per_second : 0;
    on_progress_(progress_);
  }

  const StreamWrite& write_;
  const std::function<void(const replication::CloneProgress&)> on_progress_;
  XXH3_state_t* const state_;
  v1::Manifest manifest_;
  std::vector<replication::StagedFile> files_;
  replication::CloneProgress progress_;
  absl::Time started_ = absl::Now();
  uint32_t next_index_ = 0;
  uint64_t written_ = 0;
  bool in_file_ = false;
};

}  // namespace

absl::StatusOr<BackupResult> TakeBackupToStream(const BackupOptions& options,
                                                const StreamWrite& write) {
  if (options.from.empty()) return absl::InvalidArgumentError("backup: --from HOST:PORT is required");
  const absl::Time started = absl::Now();
  replication::SnapshotCall call;
  call.source_address = options.from;
  call.user = options.user;
  call.password = options.password;
  call.channel_credentials = options.channel_credentials;
  call.request.set_requester_address("ordinal-backup@stdout");
  call.request.set_for_backup(true);
  call.request.set_max_chunk_bytes(4 << 20);  // files one at a time: the tar is sequential
  TarConsumer consumer(write, options.on_progress);
  grpc::ClientContext context;
  ORDINAL_RETURN_IF_ERROR(replication::ReadSnapshot(call, context, consumer));
  BackupResult result;
  ORDINAL_ASSIGN_OR_RETURN(result.manifest, consumer.Finish(options));
  result.seconds = absl::ToDoubleSeconds(absl::Now() - started);
  result.transfer_seconds = consumer.transfer_seconds();
  return result;
}

}  // namespace ordinal::backup
