// SessionGroupWorker: one OS thread driving several OrdinalDB sessions of a run at once
// (RunOptions::client_threads), over one ordinal::SessionGroup. Each session runs the
// workload's transactions one after another exactly as a thread of the blocking runner
// does (BEGIN, statements, COMMIT; the same retries), with one statement in flight; the
// thread sends a session's next statement from the callback of its previous answer, so the
// sessions stay N while the client needs only a few threads.
#ifndef ORDINAL_BENCH_SESSION_GROUP_WORKER_H_
#define ORDINAL_BENCH_SESSION_GROUP_WORKER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bench/random.h"
#include "bench/runner_internal.h"
#include "client/session_group.h"

namespace ordinal::bench::runner_internal {

class SessionGroupWorker : public Worker {
 public:
  // Drives sessions first_session .. first_session + sessions - 1 of the run.
  SessionGroupWorker(Shared* shared, WorkerStats* stats, int first_session, int sessions);

  absl::Status Connect() override;
  void Loop() override;

 private:
  enum class Step { kBegin, kStatement, kCommit, kRollback };
  struct Session {
    explicit Session(uint64_t seed) : rng(seed) {}
    Rng rng;
    Transaction txn;
    Step step = Step::kStatement;
    size_t next = 0;  // the statement in flight
    int attempt = 1;
    Clock::time_point begin;
    Counters counters;
    absl::Status failure;  // what the ROLLBACK in flight follows
  };

  void StartTransaction(int i);
  void StartAttempt(int i);
  void Send(int i, std::string_view sql);
  void OnAnswer(int i, absl::StatusOr<ResultSet> result);
  // The statements all succeeded: COMMIT, or the transaction is done.
  void StatementsDone(int i);
  void Committed(int i);
  // The attempt failed (and was rolled back): retry it or count the error.
  void AttemptFailed(int i, const absl::Status& status);
  void Record(int i, const std::string& error);

  Shared* shared_;
  WorkerStats* stats_;
  std::vector<Session> sessions_;
  std::unique_ptr<SessionGroup> group_;
  // Sessions waiting to retry after UNAVAILABLE, with when.
  std::vector<std::pair<Clock::time_point, int>> delayed_;
};

}  // namespace ordinal::bench::runner_internal

#endif  // ORDINAL_BENCH_SESSION_GROUP_WORKER_H_
