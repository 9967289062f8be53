#include "engine/kv/rocksdb_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/disk_full.h"
#include "common/sql_error.h"

namespace ordinal::engine::kv {
namespace {

std::string Describe(const rocksdb::Status& status, std::string_view context) {
  return absl::StrCat("storage ", absl::string_view(context.data(), context.size()), ": ",
                      status.ToString());
}

}  // namespace

absl::Status FromRocksStatus(const rocksdb::Status& status, std::string_view context) {
  if (status.ok()) return absl::OkStatus();
  switch (status.code()) {
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTryAgain:
      return SqlError(absl::StatusCode::kAborted, MysqlErrno::kLockDeadlock,
                      "Deadlock found when trying to get lock; try restarting transaction");
    case rocksdb::Status::kTimedOut:
      return SqlError(absl::StatusCode::kAborted, MysqlErrno::kLockWaitTimeout,
                      "Lock wait timeout exceeded; try restarting transaction");
    case rocksdb::Status::kNotFound:
      return absl::NotFoundError(Describe(status, context));
    case rocksdb::Status::kCorruption:
      return absl::DataLossError(Describe(status, context));
    case rocksdb::Status::kIOError:
      if (status.IsNoSpace()) return DiskFullError(Describe(status, context));
      // RocksDB reports a LOCK file held by another process as an IOError mentioning it.
      if (status.ToString().find("lock") != std::string::npos) {
        return absl::UnavailableError(Describe(status, context));
      }
      return absl::InternalError(Describe(status, context));
    case rocksdb::Status::kInvalidArgument:
      return absl::InvalidArgumentError(Describe(status, context));
    case rocksdb::Status::kNotSupported:
      return absl::UnimplementedError(Describe(status, context));
    case rocksdb::Status::kAborted:
    case rocksdb::Status::kIncomplete:
    case rocksdb::Status::kShutdownInProgress:
      return absl::UnavailableError(Describe(status, context));
    default:
      return absl::InternalError(Describe(status, context));
  }
}

}  // namespace ordinal::engine::kv
