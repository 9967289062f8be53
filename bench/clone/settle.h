// Brings the machine to the same state before every timed step of ordinal-clone-bench, the
// operations and the plain copies alike, so that no step pays for the one before it:
//   1. sync(): every dirty page of the page cache is written and the disk's cache flushed;
//   2. the page cache is dropped (echo 3 > /proc/sys/vm/drop_caches; needs root), so every
//      step reads its source files from the disk;
//   3. waits until the disk has nothing left to write: no Dirty or Writeback pages in
//      /proc/meminfo and a sync() that returns within 20 ms twice in a row (on a virtual
//      machine the host may still be writing the previous step's data after the guest's
//      own writeback is over, and a step's first fsync would wait for it). At most
//      `max_wait`; then the step runs anyway and the result says it did not settle.
//
// Thread safety: call from one thread; it acts on the whole machine.
#ifndef ORDINAL_BENCH_CLONE_SETTLE_H_
#define ORDINAL_BENCH_CLONE_SETTLE_H_

#include <chrono>

namespace ordinal::bench {

struct SettleResult {
  bool cold = false;     // the page cache was dropped
  bool settled = false;  // the disk was quiet before `max_wait`
  double waited_s = 0;   // seconds spent, sync and drop included
};

SettleResult Settle(std::chrono::milliseconds max_wait = std::chrono::seconds(10));

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_CLONE_SETTLE_H_
