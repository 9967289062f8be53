// SessionGroupWorker: one OS thread driving several OrdinalDB sessions of a run at once
// (RunOptions::client_threads), over one ordinal::SessionGroup. Each session runs the
// workload's transactions one after another exactly as a thread of the blocking runner
// does (BEGIN, statements, COMMIT; the same retries), with one statement in flight; the
// thread sends a session's next statement from the callback of its previous answer, so the
// sessions stay N while the client needs only a few threads. With --read_from=replicas on
// a target with replicas, each session also has a session on one replica (the worker's:
// replica 1 + first_session % replicas, in a second group), where its read-only
// transactions run.
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
    SessionGroup* group = nullptr;  // where the transaction runs: the primary or the replica
  };

  // Opens `sessions_.size()` sessions on target endpoint `endpoint`.
  absl::StatusOr<std::unique_ptr<SessionGroup>> Open(int endpoint) const;
  int in_flight() const;
  // Waits up to `wait` for answers of either group and runs their callbacks.
  void Poll(std::chrono::milliseconds wait);

  void StartTransaction(int i);
  void StartAttempt(int i);
  void Send(int i, std::string_view sql);
  // A workload's statement: with its parameters, or as text (Target::text_statements).
  void Send(int i, const Statement& statement);
  void OnAnswer(int i, absl::StatusOr<ResultSet> result);
  // The statements all succeeded: COMMIT, or the transaction is done.
  void StatementsDone(int i);
  void Committed(int i);
  // The attempt failed (and was rolled back): retry it or count the error.
  void AttemptFailed(int i, const absl::Status& status);
  void Record(int i, const std::string& error);

  Shared* shared_;
  WorkerStats* stats_;
  const int first_session_;
  std::vector<Session> sessions_;
  std::unique_ptr<SessionGroup> group_;          // on the primary
  std::unique_ptr<SessionGroup> replica_group_;  // on a replica, for read-only transactions
  // Sessions waiting to retry after UNAVAILABLE, with when.
  std::vector<std::pair<Clock::time_point, int>> delayed_;
};

}  // namespace ordinal::bench::runner_internal

#endif  // ORDINAL_BENCH_SESSION_GROUP_WORKER_H_
