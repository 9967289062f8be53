// The Sql gRPC service (ordinal/v1/sql.proto): a thin adapter from the wire to the statement
// layer (server/statement_runner.h, shared with the MySQL front end). Every call borrows
// the node's store from its Slot for its whole duration: while the node has no store (first
// clone) it fails at once with UNAVAILABLE and the reason ("cloning from ordinal 0 (...)");
// while a re-clone is swapped in, it waits up to store_wait (and the call's deadline) for
// the new store, then fails with UNAVAILABLE and the reason. Checks the password, waits for
// min_position, runs the statement in its session (or in a temporary autocommit session)
// and converts the result. Every error goes through ToGrpcStatus, so the MySQL errno reaches the
// client's trailing metadata; a write refused by a replica (errno 1290) also carries the
// primary's address as x-ordinal-primary.
//
// Known limit: a long read (a large scan) also runs on a callback thread, of which gRPC has
// few (2 on a 2-core machine), and delays other calls' I/O until it ends.
//
// Thread safety: gRPC calls the handlers from many threads; the service holds references
// to thread-safe collaborators and its own thread-safe blocking pool.
#ifndef ORDINAL_SERVER_SQL_SERVICE_H_
#define ORDINAL_SERVER_SQL_SERVICE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "server/auth.h"
#include "server/blocking_pool.h"
#include "server/call_gate.h"
#include "server/node.h"
#include "server/session_manager.h"
#include "server/slot.h"
#include "server/statement_runner.h"
#include "server/store.h"
#include "server/wait_budget.h"

namespace ordinal::server {

// Execute, the hot call, is served with gRPC's callback API. A statement that cannot block
// (a read with no min_position, SHOW, USE, ...) runs right on gRPC's callback thread, with
// no hand-off between threads; one that may wait (a write that commits and fsyncs, COMMIT,
// BEGIN (it commits an open transaction), a read waiting for min_position, DDL) runs on the
// blocking pool, so that gRPC's few callback
// threads stay free and concurrent commits can share an fsync. A call with min_position is
// a parked wait: it takes a slot of the server's WaitBudget (RESOURCE_EXHAUSTED errno 1637
// when none is free) and runs on a pool of its own, so that parked waits never delay other
// calls; so does a statement that calls WAIT_FOR_EXECUTED_GTID_SET or SLEEP. The wait
// ends when the client cancels the call (or its deadline passes, or its connection breaks:
// CANCELLED errno 1317), at the engine's cap (--max_wait_timeout_ms:
// UNAVAILABLE errno 1205) and at shutdown (UNAVAILABLE errno 1053). OpenSession and
// CloseSession are rare and stay on the synchronous API.
//
// Session, the streaming form of the same calls, is a callback reactor (SessionStream, in
// sql_service_stream.cc) that runs one statement at a time: it reads a request, runs its
// statement where Execute would (on the callback thread, the blocking pool or the parked
// pool, by the same rules), writes the response and only then reads the next request. Its
// session is an ordinary SessionManager session (counted, limited by --max_sessions,
// expired when idle, ended with its store), closed when the stream ends. A request with
// params runs its text as a prepared statement (server/prepared_statement.h, as the MySQL
// front end's), which the stream keeps by text (server/prepared_cache.h). The caller's
// identity is checked once, when the stream starts; each statement passes the CallGate and
// borrows the store for its own duration only, so an idle stream holds neither.
class SqlService final
    : public ordinal::v1::Sql::WithCallbackMethod_Execute<
          ordinal::v1::Sql::WithCallbackMethod_Session<ordinal::v1::Sql::Service>> {
 public:
  struct Options {
    // How long a read waits for min_position when the request gives no wait_timeout_ms.
    absl::Duration default_position_wait = absl::Seconds(5);
    // Threads for statements that may block (see above).
    size_t max_blocking_threads = 256;
    // Threads for parked waits; at most the WaitBudget's slots are used at once.
    size_t max_parked_threads = 128;
    // How long a call waits for the store while a re-clone is swapped in.
    absl::Duration store_wait = absl::Seconds(10);
  };

  // The references of the collaborators a statement uses; each must outlive the service.
  struct Parts {
    Slot<Store>& slot;
    SessionManager& sessions;
    const Authenticator& auth;
    CallGate& gate;
    const Node& node;
    StatementRunner& runner;
    WaitBudget& waits;
  };

  SqlService(Parts parts, Options options)
      : parts_(parts),
        options_(options),
        blocking_(options.max_blocking_threads),
        parked_(options.max_parked_threads) {}

  grpc::Status OpenSession(grpc::ServerContext* context,
                           const ordinal::v1::OpenSessionRequest* request,
                           ordinal::v1::OpenSessionResponse* response) override;
  grpc::Status CloseSession(grpc::ServerContext* context,
                            const ordinal::v1::CloseSessionRequest* request,
                            ordinal::v1::CloseSessionResponse* response) override;
  grpc::ServerUnaryReactor* Execute(grpc::CallbackServerContext* context,
                                    const ordinal::v1::ExecuteRequest* request,
                                    ordinal::v1::ExecuteResponse* response) override;
  grpc::ServerBidiReactor<ordinal::v1::SessionRequest, ordinal::v1::SessionResponse>* Session(
      grpc::CallbackServerContext* context) override;

 private:
  using StoreLease = Slot<Store>::Lease;
  // The call's statement, parsed once on the thread that admitted it.
  using Parsed = std::shared_ptr<const absl::StatusOr<engine::sql::Statement>>;
  class CancelSignal;
  class WaitReactor;
  class SessionStream;

  // Admission and authentication, common to every call; OK to go on.
  absl::StatusOr<CallGate::Pass> Admit(const grpc::ServerContextBase& context);
  // The store for a call, waiting through a swap up to store_wait and the call's deadline.
  absl::StatusOr<StoreLease> BorrowStore(const grpc::ServerContextBase& context);
  // The store of a call queued off gRPC's thread: `held`, or borrowed now (BorrowStore)
  // when the call arrived during a swap.
  absl::Status Hold(std::optional<StoreLease>& held, const grpc::ServerContextBase& context);
  // An admitted Execute call with min_position: a parked wait (see above).
  grpc::ServerUnaryReactor* ExecuteParked(grpc::CallbackServerContext* context,
                                          const ordinal::v1::ExecuteRequest* request,
                                          ordinal::v1::ExecuteResponse* response,
                                          CallGate::Pass pass,
                                          absl::StatusOr<StoreLease> store, Parsed parsed);
  // Runs an admitted Execute call to the end and returns its status. For a parked call,
  // `parked` is its reactor, whose cancel ends the call's waits.
  grpc::Status ExecuteCall(grpc::ServerContextBase* context, Store& store,
                           const ordinal::v1::ExecuteRequest& request, const Parsed& parsed,
                           ordinal::v1::ExecuteResponse* response,
                           WaitReactor* parked = nullptr);
  absl::Status DoExecute(const grpc::ServerContextBase& context, Store& store,
                         const ordinal::v1::ExecuteRequest& request, const Parsed& parsed,
                         ordinal::v1::ExecuteResponse* response, CancelSignal* parked,
                         const engine::auth::Principal& principal);
  // Waits until the store has applied `min_position` (0: no wait), for `wait_timeout_ms`
  // (0: the default). For a parked call, `parked`'s cancel ends the wait.
  absl::Status WaitForPosition(Store& store, uint64_t min_position, uint32_t wait_timeout_ms,
                               CancelSignal* parked);
  // Runs the request's statement in `session` and fills `response`. A commit's semi-sync
  // wait ends when the call is cancelled (`context`).
  // `statement` is `sql` parsed, or nullptr when it does not parse (the runner then reports
  // the error).
  absl::Status RunIn(const grpc::ServerContextBase& context, engine::Session& session,
                     std::string_view sql, const engine::sql::Statement* statement,
                     ordinal::v1::ExecuteResponse* response, CancelSignal* parked);
  // The primary's address when `status` is a write refused because this server is a
  // replica; empty otherwise.
  std::string RedirectFor(const absl::Status& status) const;
  // Adds x-ordinal-primary to a write refused because this server is a replica.
  void AddRedirect(const absl::Status& status, grpc::ServerContextBase* context) const;

  const Parts parts_;
  const Options options_;
  BlockingPool blocking_;
  BlockingPool parked_;
};

// What cancelling a parked wait reaches: a flag the position wait checks, and a function
// that wakes the wait (through the store the call holds, while it holds one) or interrupts
// the running statement.
class SqlService::CancelSignal {
 public:
  const std::atomic<bool>* cancelled() const { return &cancelled_; }

  // `wake` wakes the call's wait; set while the call holds its store, cleared before the
  // call lets the store go.
  void SetWake(std::function<void()> wake) {
    absl::MutexLock lock(&mu_);
    wake_ = std::move(wake);
  }

  void Cancel() {
    cancelled_.store(true);
    absl::MutexLock lock(&mu_);
    if (wake_) wake_();
  }

 private:
  std::atomic<bool> cancelled_{false};
  absl::Mutex mu_;
  std::function<void()> wake_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_SQL_SERVICE_H_
