// WriteLoad: concurrent writers against a primary whose rows show, on any pod, whether each
// writer's history arrived whole: nothing skipped, nothing applied twice.
//
// Writer w (0-based) runs transactions seq = 1, 2, 3, ...; transaction seq inserts the row
// (id = w * kWriterStride + seq, writer = w, seq, val = 0) into cluster.events, adds 1 to the
// val of an earlier row of the same writer, and sets cluster.counters' row of w to
// (n = n + 1, last_seq = seq). So on a pod that holds a prefix of the primary's history,
// writer w's events have count == max(seq) == counters.n == counters.last_seq, and seqs
// 1..count are all there (the primary key makes each row unique).
//
// Each writer has its own ordinal::Client session on the primary. A failed transaction
// (e.g. the primary was killed) is retried with the same seq after a short backoff until
// Stop; when the retry finds the row already there (duplicate key, errno 1062) the earlier
// attempt had committed, and seq counts as acknowledged. `acknowledged(w)` is the highest
// seq whose COMMIT (or duplicate-key proof) the writer saw; every seq up to it committed.
//
// Thread safety: Start, Stop and the accessors from one thread.
#ifndef ORDINAL_TESTS_INTEGRATION_CLUSTER_WRITE_LOAD_H_
#define ORDINAL_TESTS_INTEGRATION_CLUSTER_WRITE_LOAD_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace ordinal::integration {

inline constexpr int64_t kWriterStride = 1'000'000'000;
inline constexpr char kEventsTable[] = "cluster.events";
inline constexpr char kCountersTable[] = "cluster.counters";

// The statements that create the database `cluster` and both tables with `writers` counter
// rows, in order.
std::vector<std::string> WriteLoadSchema(int writers);

class WriteLoad {
 public:
  WriteLoad(std::string primary_address, std::string password, int writers);
  ~WriteLoad();  // stops the writers

  // Starts the writer threads.
  void Start();
  // Asks every writer to finish its current transaction and joins them.
  void Stop();

  int writers() const { return static_cast<int>(acknowledged_.size()); }
  // Highest acknowledged seq of writer `w` (0 before the first); safe while running.
  int64_t acknowledged(int w) const { return acknowledged_[w]->load(); }
  // Highest seq writer `w` has sent (acknowledged, or in doubt: a seq above acknowledged(w)
  // may have committed or not); no pod may hold a higher one. Safe while running.
  int64_t attempted(int w) const { return attempted_[w]->load(); }
  // Total acknowledged transactions; safe while running.
  int64_t total_acknowledged() const;
  // Failed attempts (retried), e.g. while the primary was down.
  int64_t failures() const { return failures_.load(); }
  // The first error a writer saw, for failure messages ("" when none).
  std::string first_error() const;

 private:
  void RunWriter(int w);

  const std::string primary_address_;
  const std::string password_;
  std::vector<std::unique_ptr<std::atomic<int64_t>>> acknowledged_;
  std::vector<std::unique_ptr<std::atomic<int64_t>>> attempted_;
  std::atomic<int64_t> failures_{0};
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  mutable absl::Mutex mu_;
  std::string first_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::integration

#endif  // ORDINAL_TESTS_INTEGRATION_CLUSTER_WRITE_LOAD_H_
