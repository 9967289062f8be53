#include "replication/clone_receiver.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "replication/clone_file_worker.h"
#include "replication/clone_files.h"
#include "replication/direct_file_writer.h"

namespace ordinal::replication {
namespace fs = std::filesystem;
namespace v1 = ordinal::v1;
namespace {

constexpr size_t kWriteBlockBytes = 4 << 20;  // DirectFileWriter's default
// Received bytes waiting for one file's worker: about one chunk, so that the worker copies
// the bytes soon after they were received, while they may still be in the caches.
constexpr size_t kQueuedBytesPerFile = 1 << 20;

}  // namespace

struct CloneReceiver::OpenFile {
  uint32_t index = 0;
  std::string path;
  std::unique_ptr<CloneFileWorker> worker;
  uint64_t written = 0;   // bytes handed to the worker
  bool complete = false;  // every byte arrived; the FileEnd is next
  uint64_t expected = 0;  // the FileEnd's checksum, once it came
};

CloneReceiver::CloneReceiver(ClonePaths paths, OnWritten on_written, int files_in_flight)
    : paths_(std::move(paths)),
      on_written_(std::move(on_written)),
      files_in_flight_(std::max(1, files_in_flight)),
      blocks_(2 * static_cast<size_t>(files_in_flight_ + 1)),
      syncer_(paths_) {}

CloneReceiver::~CloneReceiver() = default;

absl::StatusOr<std::vector<StagedFile>> CloneReceiver::Resume() {
  resumed_.clear();
  if (!StagingInProgress(paths_)) {
    ORDINAL_RETURN_IF_ERROR(CreateStaging(paths_));
    return resumed_;
  }
  ORDINAL_ASSIGN_OR_RETURN(std::vector<StagedFile> listed, ReadStagedFiles(paths_));
  for (StagedFile& file : listed) {
    const std::string path = paths_.staging + "/" + file.name;
    std::error_code error;
    if (fs::file_size(path, error) != file.size || error) continue;
    absl::StatusOr<uint64_t> checksum = FileChecksum(path);
    if (checksum.ok() && *checksum == file.checksum) resumed_.push_back(std::move(file));
  }
  return resumed_;
}

absl::Status CloneReceiver::ValidateManifest(const v1::Manifest& manifest) const {
  if (manifest.cluster_id().empty() || manifest.position() == 0) {
    return absl::DataLossError("the manifest has no cluster id or no position");
  }
  std::set<std::string> names;
  for (const v1::ManifestFile& file : manifest.files()) {
    if (!IsSafeRelativeName(file.name()) || file.name() == kCloneMarkerName ||
        !names.insert(file.name()).second) {
      return absl::DataLossError(absl::StrCat("bad file name in the manifest: ", file.name()));
    }
    if (!file.skipped()) continue;
    bool held = false;
    for (const StagedFile& kept : resumed_) {
      held |= kept.name == file.name() && kept.size == file.size() &&
              kept.checksum == file.checksum();
    }
    if (!held) {
      return absl::DataLossError(absl::StrCat("the source skipped ", file.name(),
                                              ", which this target does not hold"));
    }
  }
  return absl::OkStatus();
}

absl::Status CloneReceiver::OnManifest(const v1::Manifest& manifest) {
  if (have_manifest_) return absl::DataLossError("a second manifest in one stream");
  ORDINAL_RETURN_IF_ERROR(ValidateManifest(manifest));
  manifest_ = manifest;
  have_manifest_ = true;
  std::vector<StagedFile> keep;
  for (const v1::ManifestFile& file : manifest.files()) {
    if (file.skipped()) keep.push_back(StagedFile{file.name(), file.size(), file.checksum()});
  }
  ORDINAL_RETURN_IF_ERROR(RemoveUnwanted(keep));
  ORDINAL_RETURN_IF_ERROR(WriteStagedFiles(paths_, keep));
  started_.assign(manifest.files_size(), false);
  files_left_ = 0;
  for (int i = 0; i < manifest.files_size(); ++i) {
    started_[i] = manifest.files(i).skipped();
    if (!started_[i]) ++files_left_;
  }
  next_index_ = 0;
  while (next_index_ < started_.size() && started_[next_index_]) ++next_index_;
  return absl::OkStatus();
}

absl::Status CloneReceiver::RemoveUnwanted(const std::vector<StagedFile>& keep) {
  std::set<std::string> wanted = {kCloneMarkerName};
  for (const StagedFile& file : keep) {
    wanted.insert(file.name);
    // Keep the directories on the way to a kept file.
    for (size_t slash = file.name.find('/'); slash != std::string::npos;
         slash = file.name.find('/', slash + 1)) {
      wanted.insert(file.name.substr(0, slash));
    }
  }
  std::error_code error;
  std::vector<fs::path> unwanted;
  for (fs::recursive_directory_iterator it(paths_.staging, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().lexically_relative(paths_.staging).generic_string();
    if (wanted.count(name) == 0) {
      unwanted.push_back(it->path());
      if (it->is_directory()) it.disable_recursion_pending();
    }
  }
  if (error) return absl::InternalError(absl::StrCat("list staging: ", error.message()));
  for (const fs::path& path : unwanted) {
    fs::remove_all(path, error);
    if (error) return absl::InternalError(absl::StrCat("remove ", path.string()));
  }
  return absl::OkStatus();
}

absl::Status CloneReceiver::StartFile(uint32_t index) {
  // One file at a time: the next one in manifest order. Several: any file not started yet,
  // while fewer than files_in_flight_ are open.
  const bool allowed = index < started_.size() && !started_[index] &&
                       (files_in_flight_ == 1 ? index == next_index_
                                              : open_.size() < static_cast<size_t>(files_in_flight_));
  if (!allowed) {
    return absl::DataLossError(absl::StrCat("unexpected chunk of file ", index, " (", open_.size(),
                                            " files open; the next file is ", next_index_, ")"));
  }
  // A worker still finishing an ended file counts against the writers this stream may have.
  while (open_.size() + ending_.size() > static_cast<size_t>(files_in_flight_)) {
    ORDINAL_RETURN_IF_ERROR(VerifyEnded(/*wait=*/true));
  }
  const v1::ManifestFile& file = manifest_.files(index);
  auto open = std::make_unique<OpenFile>();
  open->index = index;
  open->path = paths_.staging + "/" + file.name();
  std::error_code error;
  fs::create_directories(fs::path(open->path).parent_path(), error);
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<DirectFileWriter> writer,
                           DirectFileWriter::Create(open->path, /*exclusive=*/false,
                                                    kWriteBlockBytes, &blocks_));
  open->worker = std::make_unique<CloneFileWorker>(std::move(writer), kQueuedBytesPerFile);
  open_[index] = std::move(open);
  started_[index] = true;
  while (next_index_ < started_.size() && started_[next_index_]) ++next_index_;
  return absl::OkStatus();
}

absl::Status CloneReceiver::OnChunk(const ReceivedChunk& chunk) {
  if (!have_manifest_) return absl::DataLossError("a chunk before the manifest");
  ORDINAL_RETURN_IF_ERROR(VerifyEnded(/*wait=*/false));
  auto it = open_.find(chunk.file_index);
  if (it == open_.end()) {
    if (files_in_flight_ == 1 && !open_.empty()) {
      AbandonFile(open_.begin()->first);
      return absl::DataLossError(absl::StrCat("chunk of file ", chunk.file_index,
                                              " before the FileEnd of the open file"));
    }
    ORDINAL_RETURN_IF_ERROR(StartFile(chunk.file_index));
    it = open_.find(chunk.file_index);
  }
  OpenFile& open = *it->second;
  const v1::ManifestFile& file = manifest_.files(open.index);
  if (open.complete || chunk.offset != open.written ||
      chunk.offset + chunk.data.size > file.size()) {
    AbandonFile(open.index);
    return absl::DataLossError(absl::StrCat("chunk of file ", chunk.file_index, " at offset ",
                                            chunk.offset, " does not continue ", file.name()));
  }
  absl::Status added = open.worker->Add(chunk.data);
  if (!added.ok()) {
    AbandonFile(open.index);
    return added;
  }
  open.written += chunk.data.size;
  open.complete = open.written == file.size();
  if (on_written_) on_written_(chunk.data.size, false);
  return absl::OkStatus();
}

absl::Status CloneReceiver::OnFileEnd(const v1::FileEnd& end) {
  ORDINAL_RETURN_IF_ERROR(VerifyEnded(/*wait=*/false));
  auto it = open_.find(end.file_index());
  if (it == open_.end() || !it->second->complete) {
    if (it != open_.end()) AbandonFile(end.file_index());
    return absl::DataLossError(absl::StrCat("unexpected end of file ", end.file_index(),
                                            ": not every byte of it arrived"));
  }
  // The worker may still be copying the file's last chunks: it is verified when it is done.
  std::unique_ptr<OpenFile> ended = std::move(it->second);
  open_.erase(it);
  ended->expected = end.checksum();
  ended->worker->End();
  ending_.push_back(std::move(ended));
  return VerifyEnded(/*wait=*/false);
}

absl::Status CloneReceiver::VerifyEnded(bool wait) {
  while (!ending_.empty() && (wait || ending_.front()->worker->done())) {
    std::unique_ptr<OpenFile> file = std::move(ending_.front());
    ending_.pop_front();
    absl::Status verified = FinishFile(*file);
    if (!verified.ok()) {
      std::error_code ignored;  // unverified: never kept
      file->worker.reset();
      fs::remove(file->path, ignored);
      return verified;
    }
    wait = false;  // one at a time when waiting: the caller checks whether it needs more
  }
  return absl::OkStatus();
}

void CloneReceiver::AbandonFile(uint32_t index) {
  auto it = open_.find(index);
  if (it == open_.end()) return;
  std::error_code ignored;  // an unverified file is never kept, deleted now or at the next manifest
  fs::remove(it->second->path, ignored);
  open_.erase(it);
}

absl::Status CloneReceiver::FinishFile(OpenFile& open) {
  const v1::ManifestFile& file = manifest_.files(open.index);
  ORDINAL_ASSIGN_OR_RETURN(const uint64_t checksum, open.worker->Wait());
  if (checksum != open.expected) {
    return absl::DataLossError(absl::StrCat("checksum mismatch in ", file.name(),
                                            ": the file was deleted and must be sent again"));
  }
  // The syncer owns the descriptor from here: it fsyncs, closes and records the file.
  syncer_.Add(open.worker->Release(), StagedFile{file.name(), file.size(), checksum});
  --files_left_;
  if (on_written_) on_written_(0, true);
  return absl::OkStatus();
}

absl::Status CloneReceiver::VerifyAllEnded() {
  while (!ending_.empty()) ORDINAL_RETURN_IF_ERROR(VerifyEnded(/*wait=*/true));
  return absl::OkStatus();
}

absl::Status CloneReceiver::WaitDurable() {
  ORDINAL_RETURN_IF_ERROR(VerifyAllEnded());
  return syncer_.Drain();
}

absl::Status CloneReceiver::OnDone() {
  if (!have_manifest_) return absl::DataLossError("Done before the manifest");
  ORDINAL_RETURN_IF_ERROR(VerifyAllEnded());
  if (!open_.empty() || files_left_ > 0) {
    return absl::DataLossError("the stream ended before every file arrived");
  }
  ORDINAL_RETURN_IF_ERROR(syncer_.Drain());
  return FsyncPath(paths_.staging);
}

}  // namespace ordinal::replication
