#include "engine/kv/disk_full_guard.h"

#include <sys/statvfs.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/disk_full.h"
#include "engine/kv/rocksdb_status.h"
#include "spdlog/spdlog.h"

namespace ordinal::engine::kv {
namespace {

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

uint64_t DiskFullGuard::ReserveBytes(uint64_t total_bytes) {
  return std::min<uint64_t>(64ull << 20, total_bytes / 20);
}

absl::Status DiskFullGuard::BeforeWrite(std::string_view context) {
  if (absl::Status s = CheckFreeSpace(context); !s.ok()) return s;
  if (!rocks_full_.load(std::memory_order_acquire)) return absl::OkStatus();
  return Resume(context);
}

absl::Status DiskFullGuard::CheckFreeSpace(std::string_view context) {
  struct statvfs info {};
  // A volume that cannot be asked is not refused: RocksDB's own errors still apply.
  if (statvfs(data_dir_.c_str(), &info) != 0) return absl::OkStatus();
  const uint64_t free_bytes = static_cast<uint64_t>(info.f_bavail) * info.f_frsize;
  const uint64_t reserve = ReserveBytes(static_cast<uint64_t>(info.f_blocks) * info.f_frsize);
  if (free_bytes >= reserve) {
    if (low_.exchange(false, std::memory_order_acq_rel)) {
      spdlog::info("storage: the data volume has {} KiB free again; writes resume",
                   free_bytes >> 10);
    }
    return absl::OkStatus();
  }
  if (!low_.exchange(true, std::memory_order_acq_rel)) {
    spdlog::error(
        "storage: the data volume is full ({} KiB free, under the reserve of {} KiB "
        "in {}); writes fail with error 1021 until space is freed, reads continue",
        free_bytes >> 10, reserve >> 10, data_dir_);
  }
  return DiskFullError(absl::StrCat(View(context), ": ", free_bytes >> 10,
                                    " KiB free on the data volume, under its reserve of ",
                                    reserve >> 10, " KiB"));
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
  if (IsDiskFull(converted) && !rocks_full_.exchange(true, std::memory_order_acq_rel)) {
    spdlog::error(
        "storage: RocksDB found the data volume full ({}); writes fail with error "
        "1021 until space is freed, reads continue",
        status.ToString());
  }
  return converted;
}

}  // namespace ordinal::engine::kv
