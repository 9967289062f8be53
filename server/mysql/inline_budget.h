// The time budget of statements that run on a MySQL event loop (an I/O thread): while one
// runs, every other connection of that loop waits. A statement the connection may run again
// from the start (docs/mysql-protocol.md "Where a command runs") is watched; once it has run
// for longer than the budget, its StatementInterrupt is raised with reason
// kRerunOffEventLoop, the statement ends at its next interrupt check (between rows of
// every scan), and the connection runs it again on the blocking pool.
//
// One thread checks the running statements every budget/2, so the statement itself pays
// nothing per row beyond the interrupt check it already has (one atomic load).
//
// Thread safety: thread-safe. A Watch is used by its connection's thread (Begin, End) and
// by the budget's thread; the budget outlives its watches' use (the listener owns it).
#ifndef ORDINAL_SERVER_MYSQL_INLINE_BUDGET_H_
#define ORDINAL_SERVER_MYSQL_INLINE_BUDGET_H_

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/interrupt.h"

namespace ordinal::server::mysql {

class InlineBudget {
 public:
  // One connection's running statement, as the budget sees it.
  class Watch {
   public:
    // A watched statement starts; `interrupt` (its session's) outlives the End() that follows.
    void Begin(engine::StatementInterrupt* interrupt, std::chrono::steady_clock::time_point deadline);
    // It ended: it is not interrupted for its budget from now on.
    void End();
    // Raises the interrupt of a statement past its deadline (the budget's thread).
    void Expire(std::chrono::steady_clock::time_point now);

   private:
    absl::Mutex mu_;
    engine::StatementInterrupt* interrupt_ ABSL_GUARDED_BY(mu_) = nullptr;
    std::chrono::steady_clock::time_point deadline_ ABSL_GUARDED_BY(mu_);
  };

  // Starts the checking thread. `budget` must be positive.
  explicit InlineBudget(absl::Duration budget);
  ~InlineBudget();  // stops the thread
  InlineBudget(const InlineBudget&) = delete;
  InlineBudget& operator=(const InlineBudget&) = delete;

  // A watch for one connection, checked until the caller drops it.
  std::shared_ptr<Watch> NewWatch();
  std::chrono::steady_clock::duration budget() const { return budget_; }

  // The error a watched statement ends with when it is to run again (over its budget, or its result would wait for the client): reason kRerunOffEventLoop.
  static absl::Status Rerun();
  // Whether `status` is that error (by its reason).
  static bool IsRerun(const absl::Status& status);

 private:
  void Loop();

  const std::chrono::steady_clock::duration budget_;
  absl::Mutex mu_;
  std::vector<std::weak_ptr<Watch>> watches_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_INLINE_BUDGET_H_
