#include "engine/kv/free_space_check.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/disk_full.h"
#include "spdlog/spdlog.h"

namespace ordinal::engine::kv {
namespace {

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

std::optional<VolumeSpace> StatVolume(const std::string& dir) {
  struct statvfs info {};
  if (statvfs(dir.c_str(), &info) != 0) return std::nullopt;
  return VolumeSpace{static_cast<uint64_t>(info.f_bavail) * info.f_frsize,
                     static_cast<uint64_t>(info.f_blocks) * info.f_frsize};
}

FreeSpaceCheck::FreeSpaceCheck(std::string dir, VolumeProbe probe,
                               absl::Duration recheck_interval)
    : dir_(std::move(dir)),
      probe_(std::move(probe)),
      recheck_interval_ns_(absl::ToInt64Nanoseconds(recheck_interval)) {}

uint64_t FreeSpaceCheck::ReserveBytes(uint64_t total_bytes) {
  return std::min<uint64_t>(64ull << 20, total_bytes / 20);
}

absl::Status FreeSpaceCheck::BeforeWrite(std::string_view context, uint64_t write_bytes) {
  if (Covered(write_bytes)) return absl::OkStatus();
  return Ask(context, write_bytes);
}

bool FreeSpaceCheck::Covered(uint64_t write_bytes) {
  const int64_t read_at = read_at_ns_.load(std::memory_order_acquire);
  if (absl::GetCurrentTimeNanos() - read_at >= recheck_interval_ns_) return false;
  const uint64_t reusable = reusable_bytes_.load(std::memory_order_acquire);
  if (write_bytes >= reusable) return false;
  const uint64_t written =
      written_bytes_.fetch_add(write_bytes, std::memory_order_relaxed) + write_bytes;
  return written < reusable;
}

absl::Status FreeSpaceCheck::Ask(std::string_view context, uint64_t write_bytes) {
  const std::optional<VolumeSpace> space = probe_(dir_);
  // Until the next reading every write asks (reusable 0), unless this one allows more.
  reusable_bytes_.store(0, std::memory_order_release);
  written_bytes_.store(write_bytes, std::memory_order_relaxed);
  if (!space.has_value()) return absl::OkStatus();
  const uint64_t reserve = ReserveBytes(space->total_bytes);
  if (space->free_bytes >= reserve) {
    const uint64_t headroom = space->free_bytes - reserve;
    if (headroom >= kHeadroomToReuse) {
      reusable_bytes_.store(headroom / 2, std::memory_order_release);
      read_at_ns_.store(absl::GetCurrentTimeNanos(), std::memory_order_release);
    }
    if (low_.exchange(false, std::memory_order_acq_rel)) {
      spdlog::info("storage: the data volume has {} KiB free again; writes resume",
                   space->free_bytes >> 10);
    }
    return absl::OkStatus();
  }
  if (!low_.exchange(true, std::memory_order_acq_rel)) {
    spdlog::error(
        "storage: the data volume is full ({} KiB free, under the reserve of {} KiB "
        "in {}); writes fail with error 1021 until space is freed, reads continue",
        space->free_bytes >> 10, reserve >> 10, dir_);
  }
  return DiskFullError(absl::StrCat(View(context), ": ", space->free_bytes >> 10,
                                    " KiB free on the data volume, under its reserve of ",
                                    reserve >> 10, " KiB"));
}

}  // namespace ordinal::engine::kv
