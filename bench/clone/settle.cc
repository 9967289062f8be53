#include "bench/clone/settle.h"

#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

namespace ordinal::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kQuickSync = std::chrono::milliseconds(20);
constexpr long kMaxPendingKb = 1024;  // Dirty + Writeback: other processes write a little

bool DropPageCache() {
  std::ofstream out("/proc/sys/vm/drop_caches");
  if (!out) return false;
  out << "3\n";
  out.flush();
  return static_cast<bool>(out);
}

// Dirty + Writeback in /proc/meminfo, in kB.
long PendingWritesKb() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  long value = 0;
  std::string unit;
  long total = 0;
  while (in >> key >> value) {
    if (key == "Dirty:" || key == "Writeback:") total += value;
    std::getline(in, unit);
  }
  return total;
}

// Runs sync(); true when it returned within kQuickSync.
bool QuickSync() {
  const Clock::time_point start = Clock::now();
  ::sync();
  return Clock::now() - start < kQuickSync;
}

}  // namespace

SettleResult Settle(std::chrono::milliseconds max_wait) {
  const Clock::time_point start = Clock::now();
  SettleResult result;
  ::sync();
  result.cold = DropPageCache();
  int quick = 0;
  while (Clock::now() - start < max_wait) {
    const bool quiet = PendingWritesKb() <= kMaxPendingKb && QuickSync();
    quick = quiet ? quick + 1 : 0;
    if (quick == 2) {
      result.settled = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Whatever the waiting read back in (other processes' files) is dropped again.
  if (result.cold) DropPageCache();
  result.waited_s = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace ordinal::bench
