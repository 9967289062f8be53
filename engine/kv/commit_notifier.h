// Runs a store's on_commit callback once per newly published sequence, not once per commit
// (private to engine/kv).
//
// RocksDB's write group publishes the sequence of all its members' batches at once, before
// it wakes them; every member then reads the same latest sequence. Calling on_commit for each
// member would wake the same waiters again (the replication tailer, min_position reads) for a
// state they were already woken for. A member whose latest sequence was already announced by
// another member skips the call: that member published the same or a later sequence before
// announcing it, so every waiter's re-check after that announcement sees this commit too.
//
// Thread safety: thread-safe. `on_commit` may be empty.
#ifndef ORDINAL_ENGINE_KV_COMMIT_NOTIFIER_H_
#define ORDINAL_ENGINE_KV_COMMIT_NOTIFIER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <utility>

namespace ordinal::engine::kv {

class CommitNotifier {
 public:
  explicit CommitNotifier(std::function<void()> on_commit) : on_commit_(std::move(on_commit)) {}

  // Called after a write became visible, with the latest sequence read after it.
  void Committed(uint64_t latest_sequence) {
    if (!on_commit_) return;
    uint64_t announced = announced_.load(std::memory_order_acquire);
    while (latest_sequence > announced) {
      if (announced_.compare_exchange_weak(announced, latest_sequence,
                                           std::memory_order_acq_rel)) {
        on_commit_();
        return;
      }
    }
  }

 private:
  const std::function<void()> on_commit_;
  std::atomic<uint64_t> announced_{0};  // the highest sequence on_commit ran for
};

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_COMMIT_NOTIFIER_H_
