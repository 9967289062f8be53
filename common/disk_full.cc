#include "common/disk_full.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_reason.h"

namespace ordinal {

absl::Status DiskFullError(std::string_view where) {
  return WithReason(
      SqlError(absl::StatusCode::kResourceExhausted, MysqlErrno::kDiskFull,
               absl::StrCat("Disk full (", absl::string_view(where.data(), where.size()),
                            "); free space on the data volume and retry (errno: 28 - No "
                            "space left on device)")),
      StatusReason::kDiskFull);
}

bool IsDiskFull(const absl::Status& status) {
  return GetStatusReason(status) == StatusReason::kDiskFull;
}

absl::Status ErrnoStatus(int error_number, std::string_view what, std::string_view path) {
  const absl::string_view what_view(what.data(), what.size());
  const absl::string_view path_view(path.data(), path.size());
  if (error_number == ENOSPC || error_number == EDQUOT) {
    return DiskFullError(absl::StrCat(what_view, " ", path_view));
  }
  return absl::InternalError(
      absl::StrCat(what_view, " ", path_view, ": ", std::strerror(error_number)));
}

}  // namespace ordinal
