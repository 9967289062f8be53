#include "backup/file_check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string_view>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "backup/backup_manifest.h"
#include "backup/copy_syncer.h"
#include "common/status_macros.h"
#include "replication/clone_files.h"
#include "replication/direct_file_reader.h"
#include "replication/direct_file_writer.h"
#include "xxhash.h"

namespace ordinal::backup {
namespace fs = std::filesystem;
namespace v1 = ordinal::v1;
namespace {

constexpr size_t kBlockBytes = 4 << 20;

absl::Status ErrnoError(const char* what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " ", path, ": ", strerror(errno)));
}

// What one file's pass found. `problem` is set for a damaged source; `status` is an error
// of the copy's side.
struct FileOutcome {
  std::optional<FileProblem> problem;
  absl::Status status;
  uint64_t bytes_read = 0;
  int copy_fd = -1;  // the open copy, synced at the end
};

// A block-sized buffer aligned for O_DIRECT reads (a verification without a copy reads into
// it).
class ReadBuffer {
 public:
  ReadBuffer()
      : data_(static_cast<char*>(std::aligned_alloc(replication::kDirectAlignment, kBlockBytes))) {}
  ~ReadBuffer() { std::free(data_); }
  ReadBuffer(const ReadBuffer&) = delete;
  ReadBuffer& operator=(const ReadBuffer&) = delete;
  char* data() const { return data_; }
  size_t size() const { return kBlockBytes; }

 private:
  char* const data_;
};

// Reads `path` once, hashing it and appending it to `writer` (when set, created for `copy`
// once the source is known to have the right size). Fills `out.problem` or `out.status`.
// The reads are direct (direct_file_reader.h): a backup's files are not in the page cache,
// and the device writes each block straight into the aligned block that is written out.
void ReadAndCheck(const std::string& path, const v1::BackupFile& file, const std::string& copy,
                  const ReadBuffer& buffer,
                  std::unique_ptr<replication::DirectFileWriter>& writer, FileOutcome& out) {
  auto problem = [&](FileProblemKind kind, std::string detail) {
    out.problem = FileProblem{file.name(), kind, std::move(detail)};
  };
  absl::StatusOr<std::unique_ptr<replication::DirectFileReader>> opened =
      replication::DirectFileReader::Open(path);
  if (!opened.ok()) return problem(FileProblemKind::kMissing, std::string(opened.status().message()));
  replication::DirectFileReader& reader = **opened;
  struct stat info {};
  if (::fstat(reader.fd(), &info) != 0) {
    return problem(FileProblemKind::kUnreadable, strerror(errno));
  }
  const uint64_t size = static_cast<uint64_t>(info.st_size);
  if (size != file.size()) {
    return problem(size < file.size() ? FileProblemKind::kShort : FileProblemKind::kLong,
                   absl::StrCat(size, " bytes, manifest says ", file.size()));
  }
  if (!reader.direct()) ::posix_fadvise(reader.fd(), 0, 0, POSIX_FADV_SEQUENTIAL);
  if (!copy.empty()) {
    std::error_code error;
    fs::create_directories(fs::path(copy).parent_path(), error);
    absl::StatusOr<std::unique_ptr<replication::DirectFileWriter>> created =
        replication::DirectFileWriter::Create(copy, /*exclusive=*/true);
    if (!created.ok()) {
      out.status = created.status();
      return;
    }
    writer = std::move(*created);
  }
  XXH3_state_t* state = XXH3_createState();
  absl::Cleanup freer = [state] { XXH3_freeState(state); };
  XXH3_64bits_reset(state);
  while (out.bytes_read < size) {
    // A copy is read straight into the writer's block: no copy between read and write. The
    // room is whole aligned blocks while every read was whole, as a direct read needs.
    const auto [into, room] =
        writer != nullptr ? writer->Room() : std::pair<char*, size_t>(buffer.data(), buffer.size());
    const size_t want = static_cast<size_t>(std::min<uint64_t>(room, size - out.bytes_read));
    absl::StatusOr<size_t> n = reader.ReadAt(out.bytes_read, into, want);
    if (!n.ok()) return problem(FileProblemKind::kUnreadable, std::string(n.status().message()));
    if (*n == 0) break;
    XXH3_64bits_update(state, into, *n);
    if (writer != nullptr) {
      out.status = writer->Commit(*n);
      if (!out.status.ok()) return;
    }
    out.bytes_read += *n;
  }
  if (out.bytes_read != file.size()) {
    return problem(FileProblemKind::kShort,
                   absl::StrCat("read ", out.bytes_read, " bytes, manifest says ", file.size()));
  }
  const std::string checksum = ChecksumHex(XXH3_64bits_digest(state));
  if (checksum != file.xxh3()) {
    problem(FileProblemKind::kCorrupt,
            absl::StrCat("xxh3 ", checksum, ", manifest says ", file.xxh3()));
  }
}

FileOutcome CheckOne(const std::string& path, const v1::BackupFile& file,
                     const std::string& copy, const ReadBuffer& buffer) {
  FileOutcome out;
  std::unique_ptr<replication::DirectFileWriter> writer;
  ReadAndCheck(path, file, copy, buffer, writer, out);
  if (writer != nullptr) {
    absl::Status finished = writer->Finish();
    if (out.status.ok()) out.status = finished;
    out.copy_fd = writer->Release();
  }
  return out;
}

}  // namespace

absl::StatusOr<FileCheckResult> CheckFiles(const std::string& data_dir,
                                           const v1::BackupManifest& manifest,
                                           const std::optional<std::string>& copy_to,
                                           int threads) {
  const size_t count = static_cast<size_t>(manifest.files_size());
  std::vector<FileOutcome> outcomes(count);
  std::atomic<size_t> next{0};
  // Each intact copy is fsynced in the background while the next files are copied.
  std::optional<CopySyncer> syncer;
  if (copy_to) syncer.emplace();
  auto work = [&] {
    ReadBuffer buffer;
    for (size_t i = next++; i < count; i = next++) {
      const v1::BackupFile& file = manifest.files(static_cast<int>(i));
      const std::string copy = copy_to ? *copy_to + "/" + file.name() : std::string();
      outcomes[i] = CheckOne((fs::path(data_dir) / file.name()).string(), file, copy, buffer);
      const FileOutcome& done = outcomes[i];
      if (syncer && done.copy_fd >= 0 && done.status.ok() && !done.problem) {
        syncer->Add(done.copy_fd, copy);
      }
    }
  };
  std::vector<std::thread> workers;
  for (int t = 1; t < std::max(threads, 1); ++t) workers.emplace_back(work);
  work();
  for (std::thread& worker : workers) worker.join();
  FileCheckResult result;
  absl::Status status;
  for (FileOutcome& outcome : outcomes) {
    result.bytes_read += outcome.bytes_read;
    if (outcome.problem) result.problems.push_back(std::move(*outcome.problem));
    if (status.ok()) status = outcome.status;
  }
  // Before any descriptor is closed: the syncer may still be using them.
  const absl::Status synced = syncer ? syncer->Finish() : absl::OkStatus();
  std::vector<std::pair<int, std::string>> copies;
  for (size_t i = 0; i < count; ++i) {
    if (outcomes[i].copy_fd >= 0) {
      copies.emplace_back(outcomes[i].copy_fd, manifest.files(static_cast<int>(i)).name());
    }
  }
  if (copy_to && status.ok() && result.problems.empty()) {
    status = synced;
    if (status.ok()) {
      status = CloseAndSyncDirectories(*copy_to, copies);
    } else {
      for (auto& [fd, name] : copies) ::close(fd);
    }
  } else {
    for (auto& [fd, name] : copies) ::close(fd);
  }
  if (!status.ok()) return status;
  return result;
}

absl::Status SyncCopies(const std::string& root,
                        std::vector<std::pair<int, std::string>>& copies) {
  absl::Status status;
  for (auto& [fd, name] : copies) {
    if (status.ok() && ::fsync(fd) != 0) status = ErrnoError("fsync", root + "/" + name);
  }
  absl::Status closed = CloseAndSyncDirectories(root, copies);
  return status.ok() ? closed : status;
}

absl::Status CloseAndSyncDirectories(const std::string& root,
                                     std::vector<std::pair<int, std::string>>& copies) {
  absl::Status status;
  std::set<std::string, std::greater<>> dirs = {root};
  for (auto& [fd, name] : copies) {
    if (fd >= 0) ::close(fd);
    fd = -1;
    for (fs::path dir = fs::path(name).parent_path(); !dir.empty(); dir = dir.parent_path()) {
      dirs.insert(root + "/" + dir.string());
    }
  }
  for (const std::string& dir : dirs) {
    if (status.ok()) status = replication::FsyncPath(dir);
  }
  return status;
}

}  // namespace ordinal::backup
