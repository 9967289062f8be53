#include "backup/tar_backup_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <memory>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "backup/backup_manifest.h"
#include "backup/file_check.h"
#include "common/status_macros.h"
#include "replication/clone_files.h"
#include "replication/direct_file_writer.h"
#include "xxhash.h"

namespace ordinal::backup {
namespace fs = std::filesystem;
namespace v1 = ordinal::v1;
namespace {

constexpr size_t kBlockBytes = 4 << 20;
constexpr uint64_t kMaxManifestBytes = 64 << 20;

struct Passed {
  uint64_t size = 0;
  uint64_t checksum = 0;
  int fd = -1;  // the extracted copy, until synced
};

// Reads the current entry's data, hashing it and appending it to `writer` when set.
absl::StatusOr<Passed> ReadEntry(TarReader& reader, replication::DirectFileWriter* writer,
                                 std::vector<char>& buffer) {
  XXH3_state_t* state = XXH3_createState();
  absl::Cleanup freer = [state] { XXH3_freeState(state); };
  XXH3_64bits_reset(state);
  Passed passed;
  for (;;) {
    ORDINAL_ASSIGN_OR_RETURN(size_t n, reader.ReadData(buffer.data(), buffer.size()));
    if (n == 0) break;
    XXH3_64bits_update(state, buffer.data(), n);
    if (writer != nullptr) ORDINAL_RETURN_IF_ERROR(writer->Append({buffer.data(), n}));
    passed.size += n;
  }
  passed.checksum = XXH3_64bits_digest(state);
  return passed;
}

std::vector<FileProblem> Compare(const v1::BackupManifest& manifest,
                                 const std::map<std::string, Passed>& passed) {
  std::vector<FileProblem> problems;
  for (const v1::BackupFile& file : manifest.files()) {
    auto it = passed.find(file.name());
    if (it == passed.end()) {
      problems.push_back({file.name(), FileProblemKind::kMissing, "not in the stream"});
    } else if (it->second.size != file.size()) {
      problems.push_back({file.name(),
                          it->second.size < file.size() ? FileProblemKind::kShort
                                                        : FileProblemKind::kLong,
                          absl::StrCat(it->second.size, " bytes, manifest says ", file.size())});
    } else if (ChecksumHex(it->second.checksum) != file.xxh3()) {
      problems.push_back({file.name(), FileProblemKind::kCorrupt,
                          absl::StrCat("xxh3 ", ChecksumHex(it->second.checksum),
                                       ", manifest says ", file.xxh3())});
    }
  }
  return problems;
}

// Reads every entry; `passed` gets the data files, `json` the manifest's text.
absl::Status ReadEntries(TarReader& reader, const std::optional<std::string>& extract_to,
                         std::map<std::string, Passed>& passed, std::optional<std::string>& json) {
  std::vector<char> buffer(kBlockBytes);
  const std::string data_prefix = absl::StrCat(kDataDirName, "/");
  for (;;) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<TarEntry> entry, reader.Next());
    if (!entry) return absl::OkStatus();
    std::string name = entry->name;
    while (absl::StartsWith(name, "./")) name.erase(0, 2);
    if (name == kManifestName) {
      if (entry->size > kMaxManifestBytes) return absl::DataLossError("tar: manifest too large");
      std::string text(static_cast<size_t>(entry->size), '\0');
      for (size_t done = 0; done < text.size();) {
        ORDINAL_ASSIGN_OR_RETURN(size_t n, reader.ReadData(text.data() + done, text.size() - done));
        done += n;
      }
      json = std::move(text);
      continue;
    }
    if (!absl::StartsWith(name, data_prefix)) continue;  // not part of a backup: skipped
    const std::string file = name.substr(data_prefix.size());
    if (!replication::IsSafeRelativeName(file) || passed.count(file) != 0) {
      return absl::DataLossError(absl::StrCat("tar: unsafe or repeated entry ", name));
    }
    std::unique_ptr<replication::DirectFileWriter> writer;
    if (extract_to) {
      const std::string path = *extract_to + "/" + file;
      std::error_code error;
      fs::create_directories(fs::path(path).parent_path(), error);
      ORDINAL_ASSIGN_OR_RETURN(writer, replication::DirectFileWriter::Create(path, true));
    }
    absl::StatusOr<Passed> read = ReadEntry(reader, writer.get(), buffer);
    int fd = -1;
    if (writer != nullptr) {
      absl::Status finished = writer->Finish();
      fd = writer->Release();
      if (read.ok() && !finished.ok()) read = finished;
    }
    if (!read.ok()) {
      if (fd >= 0) ::close(fd);
      return read.status();
    }
    read->fd = fd;
    passed.emplace(file, *read);
  }
}

}  // namespace

bool IsStreamedBackup(const std::string& path) {
  std::error_code error;
  return path == "-" || (fs::exists(path, error) && !fs::is_directory(path, error));
}

TarReader::Read FdReader(int fd) {
  return [fd](char* out, size_t n) -> absl::StatusOr<size_t> {
    for (;;) {
      const ssize_t got = ::read(fd, out, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) return absl::InternalError(absl::StrCat("read: ", strerror(errno)));
    }
  };
}

absl::StatusOr<VerifyReport> ReadTarBackup(TarReader& reader,
                                           const std::optional<std::string>& extract_to) {
  std::map<std::string, Passed> passed;
  std::optional<std::string> json;
  absl::Status read = ReadEntries(reader, extract_to, passed, json);
  std::vector<std::pair<int, std::string>> copies;
  for (auto& [name, file] : passed) {
    if (file.fd >= 0) copies.emplace_back(std::exchange(file.fd, -1), name);
  }
  auto close_all = [&copies] {
    for (auto& [fd, name] : copies) ::close(fd);
  };
  if (!read.ok()) return close_all(), read;
  if (!json) {
    close_all();
    return absl::DataLossError(absl::StrCat("the stream holds no ", kManifestName,
                                            ": not a backup, or one that did not finish"));
  }
  absl::StatusOr<v1::BackupManifest> manifest = ParseManifest(*json, "in the stream");
  if (!manifest.ok()) return close_all(), manifest.status();
  VerifyReport report;
  report.manifest = *std::move(manifest);
  report.problems = Compare(report.manifest, passed);
  for (const auto& [name, file] : passed) report.bytes_read += file.size;
  if (!extract_to) return report;
  if (!report.problems.empty()) return close_all(), report;
  std::set<std::string> listed;
  for (const v1::BackupFile& file : report.manifest.files()) listed.insert(file.name());
  for (const auto& [name, file] : passed) {
    std::error_code ignored;
    if (listed.count(name) == 0) fs::remove(*extract_to + "/" + name, ignored);
  }
  ORDINAL_RETURN_IF_ERROR(SyncCopies(*extract_to, copies));
  return report;
}

absl::StatusOr<VerifyReport> ReadStreamedBackup(const std::string& path,
                                                const std::optional<std::string>& extract_to) {
  int fd = 0;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return absl::NotFoundError(absl::StrCat("cannot open ", path, ": ", strerror(errno)));
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  absl::Cleanup closer = [fd, path] {
    if (path != "-") ::close(fd);
  };
  TarReader reader(FdReader(fd));
  return ReadTarBackup(reader, extract_to);
}

}  // namespace ordinal::backup
