// The disk-full error (common/disk_full.h): one vocabulary for every layer, decided on by its
// reason and errno, never its text.
#include <cerrno>

#include "absl/strings/match.h"
#include "common/disk_full.h"
#include "common/sql_error.h"
#include "common/status_reason.h"
#include "gtest/gtest.h"

namespace ordinal {
namespace {

TEST(DiskFullErrorTest, CarriesMysqlErrorCodeAndReason) {
  const absl::Status status = DiskFullError("storage commit");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kDiskFull);
  EXPECT_EQ(GetStatusReason(status), StatusReason::kDiskFull);
  EXPECT_TRUE(IsDiskFull(status));
  EXPECT_TRUE(
      absl::StartsWith(FormatSqlError(status), "ERROR 1021 (HY000): Disk full (storage commit)"))
      << FormatSqlError(status);
  EXPECT_FALSE(IsRetryable(status));
}

TEST(DiskFullErrorTest, ReasonSurvivesItsName) {
  EXPECT_EQ(StatusReasonFromName(StatusReasonName(StatusReason::kDiskFull)),
            StatusReason::kDiskFull);
}

TEST(DiskFullErrorTest, NoSpaceAndQuotaErrnosAreDiskFullOthersAreInternal) {
  EXPECT_TRUE(IsDiskFull(ErrnoStatus(ENOSPC, "write", "/data/x")));
  EXPECT_TRUE(IsDiskFull(ErrnoStatus(EDQUOT, "write", "/data/x")));
  const absl::Status other = ErrnoStatus(EIO, "write", "/data/x");
  EXPECT_EQ(other.code(), absl::StatusCode::kInternal);
  EXPECT_FALSE(IsDiskFull(other));
  EXPECT_TRUE(absl::StrContains(other.message(), "write /data/x")) << other;
}

TEST(DiskFullErrorTest, QueryMemoryErrorsHaveMysqlSqlStates) {
  EXPECT_EQ(SqlState(MysqlErrno::kOutOfSortMemory), "HY001");
  EXPECT_EQ(SqlState(MysqlErrno::kRecordFileFull), "HY000");
  EXPECT_EQ(SqlState(MysqlErrno::kDiskFull), "HY000");
}

}  // namespace
}  // namespace ordinal
