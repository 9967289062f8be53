#include "backup/backup_verify.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "backup/backup_manifest.h"
#include "backup/file_check.h"
#include "common/status_macros.h"

namespace ordinal::backup {

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
  ORDINAL_ASSIGN_OR_RETURN(FileCheckResult checked,
                           CheckFiles(DataPath(dir), report.manifest, std::nullopt));
  report.problems = std::move(checked.problems);
  report.bytes_read = checked.bytes_read;
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
