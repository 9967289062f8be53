#include "engine/kv/no_space_recovery.h"

#include "absl/strings/str_cat.h"
#include "common/disk_full.h"
#include "engine/kv/rocksdb_status.h"
#include "spdlog/spdlog.h"

namespace ordinal::engine::kv {

absl::Status NoSpaceRecovery::BeforeWrite(std::string_view context) {
  if (!full()) return absl::OkStatus();
  absl::MutexLock lock(&resume_mu_);
  if (!full()) return absl::OkStatus();  // another writer resumed meanwhile
  const rocksdb::Status resumed = db_->Resume();
  if (resumed.ok()) {
    full_.store(false, std::memory_order_release);
    spdlog::info("storage: space is available again; writes resume");
    return absl::OkStatus();
  }
  // Busy: RocksDB's own recovery is running; anything else: still no space (or the error
  // that keeps it from resuming, logged for the operator).
  if (!resumed.IsBusy() && !resumed.IsNoSpace()) {
    spdlog::warn("storage: cannot resume writes after a disk-full: {}", resumed.ToString());
  }
  return DiskFullError(absl::StrCat(absl::string_view(context.data(), context.size()),
                                    ": the store is waiting for free space"));
}

absl::Status NoSpaceRecovery::AfterWrite(const rocksdb::Status& status, std::string_view context) {
  absl::Status converted = FromRocksStatus(status, context);
  if (IsDiskFull(converted) && !full_.exchange(true, std::memory_order_acq_rel)) {
    spdlog::error(
        "storage: the data volume is full ({}); writes fail with error 1021 until "
        "space is freed, reads continue",
        status.ToString());
  }
  return converted;
}

}  // namespace ordinal::engine::kv
