// Threads for work that may block for a while (a durable commit waiting for fsync, a read
// waiting for min_position, a semi-sync commit waiting for replicas), so that it never
// holds one of gRPC's few callback threads.
//
// A thread is started when a job arrives and no thread is idle, up to `max_threads`; after
// that jobs wait in FIFO order. Threads stay until the pool is destroyed: a server under
// steady load neither starts nor ends threads per call. Concurrent commits need concurrent
// threads for RocksDB's group commit to share an fsync among them, hence a generous bound.
//
// Thread safety: Run is thread-safe. The destructor runs the jobs already queued, then
// joins the threads; no Run may be called during or after it.
#ifndef ORDINAL_SERVER_BLOCKING_POOL_H_
#define ORDINAL_SERVER_BLOCKING_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace ordinal::server {

class BlockingPool {
 public:
  explicit BlockingPool(size_t max_threads);
  ~BlockingPool();

  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs `job` on a pool thread.
  void Run(std::function<void()> job);

  // Threads started so far (for tests and diagnostics).
  size_t threads() const;

 private:
  void Loop();

  const size_t max_threads_;
  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> jobs_ ABSL_GUARDED_BY(mu_);
  size_t idle_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_BLOCKING_POOL_H_
