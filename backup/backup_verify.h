// `ordinal backup verify`: re-reads every file of a backup against its manifest
// (docs/operations.md, "Verifying a backup"). Restore runs the same check first.
//
// Thread safety: stateless functions.
#ifndef ORDINAL_BACKUP_BACKUP_VERIFY_H_
#define ORDINAL_BACKUP_BACKUP_VERIFY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ordinal/v1/backup.pb.h"

namespace ordinal::backup {

enum class FileProblemKind { kMissing, kShort, kLong, kCorrupt, kUnreadable };

// "missing", "short", "long", "corrupt", "unreadable".
const char* FileProblemName(FileProblemKind kind);

struct FileProblem {
  std::string name;  // as in the manifest
  FileProblemKind kind = FileProblemKind::kMissing;
  std::string detail;  // sizes or checksums, for people
};

struct VerifyReport {
  ordinal::v1::BackupManifest manifest;
  std::vector<FileProblem> problems;  // empty: every file is intact
  uint64_t bytes_read = 0;
};

// Loads the manifest (its errors: LoadManifest) and checks every listed file of data/:
// present, exactly its size, and its XXH3-64. Each file's problem is reported, not only the
// first. Files in data/ that the manifest does not list are not problems (nothing reads them).
absl::StatusOr<VerifyReport> VerifyBackup(const std::string& dir);

// OK when the report has no problems; DATA_LOSS naming each problem otherwise.
absl::Status ReportStatus(const std::string& dir, const VerifyReport& report);

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_BACKUP_VERIFY_H_
