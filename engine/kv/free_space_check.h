// The free-space half of the store's disk-full guard (kv/disk_full_guard.h; private to
// engine/kv; docs/memory-and-disk.md): is there room on the data volume for a write?
//
// The answer is no while the volume has less free space than the reserve:
// min(64 MiB, 5% of the volume). Asking the volume is one system call (statvfs). A write
// may instead reuse the last reading when all of these hold, so that a busy store does not
// ask on every commit:
//   - the reading is younger than `recheck_interval` (100 ms by default);
//   - it found at least kHeadroomToReuse (256 MiB) free beyond the reserve;
//   - the bytes written through this check since the reading, this write included, stay
//     within half of that headroom.
// A nearly full volume (headroom under 256 MiB) is therefore asked on every write, as is a
// volume that cannot be asked; and the store's own writes can never use up the reserve
// between two readings. Only something else filling more than the headroom within one
// interval goes unseen until the next reading; RocksDB's own disk-full handling
// (DiskFullGuard::AfterWrite) covers that case, as it covers a fill between any check
// and its write.
//
// Thread safety: thread-safe. Concurrent writes may both ask the volume; none skips a
// reading it needs.
#ifndef ORDINAL_ENGINE_KV_FREE_SPACE_CHECK_H_
#define ORDINAL_ENGINE_KV_FREE_SPACE_CHECK_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace ordinal::engine::kv {

// A volume's free space (what an unprivileged writer may use) and size, in bytes.
struct VolumeSpace {
  uint64_t free_bytes = 0;
  uint64_t total_bytes = 0;
};

// Reads the space of the volume holding `dir`; nullopt when the volume cannot be asked.
using VolumeProbe = std::function<std::optional<VolumeSpace>(const std::string& dir)>;

// The probe of a real volume (statvfs).
std::optional<VolumeSpace> StatVolume(const std::string& dir);

class FreeSpaceCheck {
 public:
  static constexpr uint64_t kHeadroomToReuse = 256ull << 20;
  static constexpr absl::Duration kRecheckInterval = absl::Milliseconds(100);

  explicit FreeSpaceCheck(std::string dir, VolumeProbe probe = StatVolume,
                          absl::Duration recheck_interval = kRecheckInterval);

  // Before a write of about `write_bytes`: OK, or DiskFullError (common/disk_full.h, naming
  // `context`) while the volume's free space is under the reserve. A volume that cannot
  // be asked is not refused: RocksDB's own errors still apply.
  absl::Status BeforeWrite(std::string_view context, uint64_t write_bytes);

  // The reserve for a volume of `total_bytes`: min(64 MiB, 5%).
  static uint64_t ReserveBytes(uint64_t total_bytes);

  // The next write asks the volume (RocksDB found it full although a reading said not).
  void ForgetReading() { reusable_bytes_.store(0, std::memory_order_release); }

 private:
  // Whether the last reading still covers a write of `write_bytes` (counts it if so).
  bool Covered(uint64_t write_bytes);
  // Asks the volume and records the reading, counting this write of `write_bytes`.
  absl::Status Ask(std::string_view context, uint64_t write_bytes);

  const std::string dir_;
  const VolumeProbe probe_;
  const int64_t recheck_interval_ns_;
  std::atomic<bool> low_{false};  // the last reading found less than the reserve
  // The last reading: when (absl::GetCurrentTimeNanos), how many bytes writes may use
  // before the next one (0: ask on every write), and how many they used since.
  std::atomic<int64_t> read_at_ns_{0};
  std::atomic<uint64_t> reusable_bytes_{0};
  std::atomic<uint64_t> written_bytes_{0};
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_FREE_SPACE_CHECK_H_
