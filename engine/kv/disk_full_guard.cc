#include "engine/kv/disk_full_guard.h"

#include "absl/strings/str_cat.h"
#include "common/disk_full.h"
#include "engine/kv/rocksdb_status.h"
#include "spdlog/spdlog.h"

namespace ordinal::engine::kv {
namespace {

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

absl::Status DiskFullGuard::BeforeWrite(std::string_view context, uint64_t write_bytes) {
  if (absl::Status s = free_space_.BeforeWrite(context, write_bytes); !s.ok()) return s;
  if (!rocks_full_.load(std::memory_order_acquire)) return absl::OkStatus();
  return Resume(context);
}

absl::Status DiskFullGuard::Resume(std::string_view context) {
  absl::MutexLock lock(&resume_mu_);
  if (!rocks_full_.load(std::memory_order_acquire)) return absl::OkStatus();
  const rocksdb::Status resumed = db_->Resume();
  if (resumed.ok()) {
    rocks_full_.store(false, std::memory_order_release);
    spdlog::info("storage: the store resumed after a disk-full; writes resume");
    return absl::OkStatus();
  }
  // Busy: RocksDB's own recovery is running; anything else is logged for the operator.
  if (!resumed.IsBusy() && !resumed.IsNoSpace()) {
    spdlog::warn("storage: cannot resume writes after a disk-full: {}", resumed.ToString());
  }
  return DiskFullError(absl::StrCat(View(context), ": the store is resuming"));
}

absl::Status DiskFullGuard::AfterWrite(const rocksdb::Status& status, std::string_view context) {
  absl::Status converted = FromRocksStatus(status, context);
  if (IsDiskFull(converted)) free_space_.ForgetReading();
  if (IsDiskFull(converted) && !rocks_full_.exchange(true, std::memory_order_acq_rel)) {
    spdlog::error(
        "storage: RocksDB found the data volume full ({}); writes fail with error "
        "1021 until space is freed, reads continue",
        status.ToString());
  }
  return converted;
}

}  // namespace ordinal::engine::kv
