#include "replication/clone_install.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "replication/clone_files.h"
#include "spdlog/spdlog.h"

namespace ordinal::replication {
namespace fs = std::filesystem;
namespace {

constexpr char kMarkerHeader[] = "ordinal-clone v1";

absl::Status FsError(std::string_view what, const std::string& path, const std::error_code& e) {
  return absl::InternalError(absl::StrCat(absl::string_view(what.data(), what.size()), " ", path,
                                          ": ", e.message()));
}

bool Exists(const std::string& path) {
  std::error_code error;
  return fs::exists(path, error);
}

bool HasMarker(const std::string& dir) { return Exists(dir + "/" + kCloneMarkerName); }

bool IsComplete(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) return false;
  if (fs::is_empty(dir, error) || error) return false;
  return !HasMarker(dir);
}

absl::Status RemoveAll(const std::string& path) {
  std::error_code error;
  fs::remove_all(path, error);
  if (error) return FsError("remove", path, error);
  return absl::OkStatus();
}

// rename(2) then fsync of the parent, so the new name survives a machine crash.
absl::Status DurableRename(const std::string& from, const std::string& to,
                           const std::string& parent) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("rename ", from, " to ", to, ": ", strerror(errno)));
  }
  return FsyncPath(parent);
}

std::string MarkerLine(const StagedFile& file) {
  return absl::StrFormat("%016x %d %s\n", file.checksum, file.size, file.name);
}

}  // namespace

ClonePaths::ClonePaths(const std::string& dir) {
  data_dir = dir;
  while (data_dir.size() > 1 && data_dir.back() == '/') data_dir.pop_back();
  staging = data_dir + ".clone-staging";
  staging_new = staging + ".new";
  old = data_dir + ".old";
  parent = fs::absolute(fs::path(data_dir)).parent_path().string();
}

bool NeedsClone(const std::string& data_dir) {
  return !IsComplete(ClonePaths(data_dir).data_dir);
}

absl::Status FinishInterruptedInstall(const std::string& data_dir) {
  const ClonePaths paths(data_dir);
  if (Exists(paths.staging_new)) ORDINAL_RETURN_IF_ERROR(RemoveAll(paths.staging_new));
  if (Exists(paths.staging) && !HasMarker(paths.staging)) {
    spdlog::info("clone: installing the verified copy left in {} by an interrupted install",
                 paths.staging);
    ORDINAL_RETURN_IF_ERROR(InstallStaging(paths));
  }
  if (!Exists(paths.data_dir) && Exists(paths.old)) {
    spdlog::warn("clone: restoring {} from {} (an install was interrupted)", paths.data_dir,
                 paths.old);
    ORDINAL_RETURN_IF_ERROR(DurableRename(paths.old, paths.data_dir, paths.parent));
  }
  if (IsComplete(paths.data_dir) && Exists(paths.old)) {
    ORDINAL_RETURN_IF_ERROR(RemoveAll(paths.old));
    ORDINAL_RETURN_IF_ERROR(FsyncPath(paths.parent));
  }
  return absl::OkStatus();
}

absl::Status CreateStaging(const ClonePaths& paths) {
  std::error_code error;
  fs::create_directories(paths.parent, error);
  if (error) return FsError("create", paths.parent, error);
  ORDINAL_RETURN_IF_ERROR(RemoveAll(paths.staging_new));
  ORDINAL_RETURN_IF_ERROR(RemoveAll(paths.staging));
  fs::create_directory(paths.staging_new, error);
  if (error) return FsError("create", paths.staging_new, error);
  {
    std::ofstream marker(paths.staging_new + "/" + kCloneMarkerName, std::ios::trunc);
    marker << kMarkerHeader << "\n";
    if (!marker.good()) return absl::InternalError("cannot write the clone marker");
  }
  ORDINAL_RETURN_IF_ERROR(FsyncPath(paths.staging_new + "/" + kCloneMarkerName));
  ORDINAL_RETURN_IF_ERROR(FsyncPath(paths.staging_new));
  // The staging name appears only once the marker is inside it.
  return DurableRename(paths.staging_new, paths.staging, paths.parent);
}

bool StagingInProgress(const ClonePaths& paths) { return HasMarker(paths.staging); }

absl::StatusOr<std::vector<StagedFile>> ReadStagedFiles(const ClonePaths& paths) {
  std::ifstream marker(paths.staging + "/" + kCloneMarkerName);
  if (!marker.is_open()) return absl::FailedPreconditionError("no clone marker in staging");
  std::vector<StagedFile> files;
  std::string line;
  std::getline(marker, line);  // header
  while (std::getline(marker, line)) {
    // A torn last line (a crash while appending) fails to parse and is ignored.
    std::vector<std::string> parts = absl::StrSplit(line, absl::MaxSplits(' ', 2));
    StagedFile file;
    if (parts.size() != 3 || parts[0].size() != 16 ||
        !absl::SimpleHexAtoi(parts[0], &file.checksum) || !absl::SimpleAtoi(parts[1], &file.size) ||
        !IsSafeRelativeName(parts[2])) {
      continue;
    }
    file.name = parts[2];
    files.push_back(std::move(file));
  }
  return files;
}

absl::Status WriteStagedFiles(const ClonePaths& paths, const std::vector<StagedFile>& files) {
  const std::string marker = paths.staging + "/" + kCloneMarkerName;
  const std::string temp = marker + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << kMarkerHeader << "\n";
    for (const StagedFile& file : files) out << MarkerLine(file);
    if (!out.good()) return absl::InternalError("cannot write the clone marker");
  }
  ORDINAL_RETURN_IF_ERROR(FsyncPath(temp));
  return DurableRename(temp, marker, paths.staging);
}

absl::Status AppendStagedFile(const ClonePaths& paths, const StagedFile& file) {
  return AppendStagedFiles(paths, {file});
}

absl::Status AppendStagedFiles(const ClonePaths& paths, const std::vector<StagedFile>& files) {
  const std::string marker = paths.staging + "/" + kCloneMarkerName;
  std::string lines;
  for (const StagedFile& file : files) lines += MarkerLine(file);
  {
    std::ofstream out(marker, std::ios::app);
    out << lines;
    out.flush();
    if (!out.good()) return absl::InternalError("cannot append to the clone marker");
  }
  return FsyncPath(marker);
}

absl::Status CompleteStaging(const ClonePaths& paths) {
  const std::string marker = paths.staging + "/" + kCloneMarkerName;
  std::error_code error;
  fs::remove(marker, error);
  if (error) return FsError("remove", marker, error);
  fs::remove(marker + ".tmp", error);
  return FsyncPath(paths.staging);
}

absl::Status InstallStaging(const ClonePaths& paths) {
  if (!Exists(paths.staging) || HasMarker(paths.staging)) {
    return absl::FailedPreconditionError("the staging directory is not complete");
  }
  std::error_code error;
  if (fs::is_directory(paths.data_dir, error) && !fs::is_empty(paths.data_dir, error)) {
    // The old store stays, under another name, until the new one is in place.
    ORDINAL_RETURN_IF_ERROR(RemoveAll(paths.old));
    ORDINAL_RETURN_IF_ERROR(DurableRename(paths.data_dir, paths.old, paths.parent));
  } else if (Exists(paths.data_dir)) {
    ORDINAL_RETURN_IF_ERROR(RemoveAll(paths.data_dir));
  }
  ORDINAL_RETURN_IF_ERROR(DurableRename(paths.staging, paths.data_dir, paths.parent));
  if (Exists(paths.old)) {
    ORDINAL_RETURN_IF_ERROR(RemoveAll(paths.old));
    ORDINAL_RETURN_IF_ERROR(FsyncPath(paths.parent));
  }
  return absl::OkStatus();
}

}  // namespace ordinal::replication
