#include "backup/backup_verify.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "backup/backup_manifest.h"
#include "common/status_macros.h"
#include "replication/clone_files.h"

namespace ordinal::backup {
namespace fs = std::filesystem;

const char* FileProblemName(FileProblemKind kind) {
  switch (kind) {
    case FileProblemKind::kMissing: return "missing";
    case FileProblemKind::kShort: return "short";
    case FileProblemKind::kLong: return "long";
    case FileProblemKind::kCorrupt: return "corrupt";
    case FileProblemKind::kUnreadable: return "unreadable";
  }
  return "unknown";
}

absl::StatusOr<VerifyReport> VerifyBackup(const std::string& dir) {
  VerifyReport report;
  ORDINAL_ASSIGN_OR_RETURN(report.manifest, LoadManifest(dir));
  const fs::path data = DataPath(dir);
  for (const ordinal::v1::BackupFile& file : report.manifest.files()) {
    const std::string path = (data / file.name()).string();
    std::error_code error;
    const uint64_t size = fs::file_size(path, error);
    if (error) {
      report.problems.push_back({file.name(), FileProblemKind::kMissing, error.message()});
      continue;
    }
    if (size != file.size()) {
      report.problems.push_back({file.name(),
                                 size < file.size() ? FileProblemKind::kShort
                                                    : FileProblemKind::kLong,
                                 absl::StrCat(size, " bytes, manifest says ", file.size())});
      continue;
    }
    absl::StatusOr<uint64_t> checksum = replication::FileChecksum(path);
    if (!checksum.ok()) {
      report.problems.push_back(
          {file.name(), FileProblemKind::kUnreadable, std::string(checksum.status().message())});
      continue;
    }
    report.bytes_read += size;
    if (ChecksumHex(*checksum) != file.xxh3()) {
      report.problems.push_back({file.name(), FileProblemKind::kCorrupt,
                                 absl::StrCat("xxh3 ", ChecksumHex(*checksum),
                                              ", manifest says ", file.xxh3())});
    }
  }
  return report;
}

absl::Status ReportStatus(const std::string& dir, const VerifyReport& report) {
  if (report.problems.empty()) return absl::OkStatus();
  std::string message = absl::StrCat("backup ", dir, " is damaged (", report.problems.size(),
                                     " file(s)):");
  for (const FileProblem& problem : report.problems) {
    absl::StrAppend(&message, "\n  ", FileProblemName(problem.kind), " ", problem.name, ": ",
                    problem.detail);
  }
  return absl::DataLossError(message);
}

}  // namespace ordinal::backup
