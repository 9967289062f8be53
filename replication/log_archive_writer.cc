#include "replication/log_archive_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "replication/clone_files.h"
#include "spdlog/spdlog.h"

namespace ordinal::replication {
namespace fs = std::filesystem;
namespace {

absl::Status ErrnoError(std::string_view what, const std::string& path) {
  return absl::InternalError(absl::StrCat(absl::string_view(what.data(), what.size()), " ",
                                          path, ": ", strerror(errno)));
}

absl::Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError("write", path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// Writes CLUSTER_ID into a directory that has none (temp file, fsync, rename, fsync dir).
absl::Status AdoptDirectory(const std::string& dir, const std::string& cluster_id) {
  const std::string path = (fs::path(dir) / kArchiveClusterIdFile).string();
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << cluster_id << "\n";
    if (!out.flush()) return absl::InternalError(absl::StrCat("cannot write ", temp));
  }
  ORDINAL_RETURN_IF_ERROR(FsyncPath(temp));
  std::error_code error;
  fs::rename(temp, path, error);
  if (error) return absl::InternalError(absl::StrCat("rename ", temp, ": ", error.message()));
  return FsyncPath(dir);
}

}  // namespace

absl::StatusOr<std::unique_ptr<LogArchiveWriter>> LogArchiveWriter::Open(
    LogArchiveWriterOptions options) {
  if (options.dir.empty() || options.cluster_id.empty()) {
    return absl::InvalidArgumentError("log archive: a directory and a cluster id are needed");
  }
  std::error_code error;
  fs::create_directories(options.dir, error);
  if (error) {
    return absl::InternalError(absl::StrCat("log archive: cannot create ", options.dir, ": ",
                                            error.message()));
  }
  absl::StatusOr<std::string> stored = ReadArchiveClusterId(options.dir);
  if (absl::IsNotFound(stored.status())) {
    ORDINAL_ASSIGN_OR_RETURN(std::vector<ArchiveSegment> segments, ListSegments(options.dir));
    if (!segments.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "log archive ", options.dir, " holds segments but no ", kArchiveClusterIdFile));
    }
    ORDINAL_RETURN_IF_ERROR(AdoptDirectory(options.dir, options.cluster_id));
  } else if (!stored.ok()) {
    return stored.status();
  } else if (*stored != options.cluster_id) {
    return absl::FailedPreconditionError(
        absl::StrCat("log archive ", options.dir, " belongs to cluster ", *stored,
                     ", not to this primary's cluster ", options.cluster_id,
                     ": give each cluster its own --log_archive_dir"));
  }
  std::unique_ptr<LogArchiveWriter> writer(new LogArchiveWriter(std::move(options)));
  ORDINAL_RETURN_IF_ERROR(writer->Resume());
  return writer;
}

LogArchiveWriter::~LogArchiveWriter() {
  if (fd_ >= 0) {
    if (dirty_) fdatasync(fd_);
    close(fd_);
  }
}

absl::Status LogArchiveWriter::Resume() {
  ORDINAL_ASSIGN_OR_RETURN(std::vector<ArchiveSegment> segments, ListSegments(options_.dir));
  if (segments.empty()) return absl::OkStatus();
  const std::string& path = segments.back().path;
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t valid = 0;
  ORDINAL_ASSIGN_OR_RETURN(std::vector<ArchivedBatch> records,
                           DecodeArchiveSegment(bytes, /*tail_may_be_torn=*/true, &valid));
  fd_ = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd_ < 0) return ErrnoError("open", path);
  if (valid < bytes.size()) {
    spdlog::warn("log archive: cutting a torn record ({} bytes) off {}", bytes.size() - valid,
                 path);
    if (ftruncate(fd_, static_cast<off_t>(valid)) != 0) return ErrnoError("ftruncate", path);
    if (fdatasync(fd_) != 0) return ErrnoError("fdatasync", path);
  }
  if (lseek(fd_, static_cast<off_t>(valid), SEEK_SET) < 0) return ErrnoError("lseek", path);
  segment_size_ = valid;
  if (!records.empty()) {
    last_position_ = records.back().batch.last_sequence;
  } else if (segments.size() > 1) {
    // An empty newest segment: the archive continues the one before it.
    last_position_ = segments.back().first_sequence - 1;
  }
  return absl::OkStatus();
}

absl::Status LogArchiveWriter::StartSegment(uint64_t first_sequence) {
  if (fd_ >= 0) {
    ORDINAL_RETURN_IF_ERROR(Sync());
    close(fd_);
    fd_ = -1;
  }
  const std::string path = (fs::path(options_.dir) / SegmentName(first_sequence)).string();
  fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) return ErrnoError("create", path);
  segment_size_ = 0;
  return FsyncPath(options_.dir);
}

absl::Status LogArchiveWriter::Append(const ArchivedBatch& batch, bool after_gap) {
  const uint64_t first = batch.batch.first_sequence;
  const bool continues = first == last_position_ + 1;
  if (last_position_ != 0 && !continues && !(after_gap && first > last_position_ + 1)) {
    return absl::FailedPreconditionError(
        absl::StrCat("log archive: batch at ", first, " does not continue the archive at ",
                     last_position_));
  }
  if (fd_ < 0 || !continues || segment_size_ >= options_.segment_bytes) {
    ORDINAL_RETURN_IF_ERROR(StartSegment(first));
  }
  std::string record;
  EncodeArchiveRecord(batch, record);
  ORDINAL_RETURN_IF_ERROR(WriteAll(fd_, record, options_.dir));
  segment_size_ += record.size();
  last_position_ = batch.batch.last_sequence;
  dirty_ = true;
  return absl::OkStatus();
}

absl::Status LogArchiveWriter::Sync() {
  if (!dirty_ || fd_ < 0) return absl::OkStatus();
  if (fdatasync(fd_) != 0) return ErrnoError("fdatasync", options_.dir);
  dirty_ = false;
  return absl::OkStatus();
}

absl::StatusOr<int> LogArchiveWriter::ApplyRetention() {
  if (options_.retention <= absl::ZeroDuration()) return 0;
  ORDINAL_ASSIGN_OR_RETURN(std::vector<ArchiveSegment> segments, ListSegments(options_.dir));
  int removed = 0;
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    std::error_code error;
    const auto written = fs::last_write_time(segments[i].path, error);
    if (error) continue;
    const auto age = fs::file_time_type::clock::now() - written;
    if (absl::FromChrono(age) < options_.retention) break;  // newer ones follow
    fs::remove(segments[i].path, error);
    if (error) {
      return absl::InternalError(absl::StrCat("log archive: cannot remove ", segments[i].path,
                                              ": ", error.message()));
    }
    ++removed;
  }
  if (removed > 0) ORDINAL_RETURN_IF_ERROR(FsyncPath(options_.dir));
  return removed;
}

}  // namespace ordinal::replication
