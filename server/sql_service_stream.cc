// Sql.Session: one session over one bidirectional stream (see SqlService in sql_service.h and
// the contract in ordinal/v1/sql.proto).
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "common/status_macros.h"
#include "common/status_reason.h"
#include "proto/status_mapping.h"
#include "server/prepared_cache.h"
#include "server/result_convert.h"
#include "server/sql_service.h"

namespace ordinal::server {

// The reactor of one Session stream. Requests are handled strictly one after another: a
// read, the statement (on whichever thread Execute would use), the write of its response,
// then the next read. So at any time at most one of those is in flight, and the members
// below are touched by one thread at a time; only OnCancel runs concurrently, and it
// touches nothing but the thread-safe CancelSignal.
class SqlService::SessionStream final
    : public grpc::ServerBidiReactor<ordinal::v1::SessionRequest, ordinal::v1::SessionResponse> {
 public:
  SessionStream(SqlService& service, grpc::CallbackServerContext* context)
      : service_(service), context_(context) {}

  // Checks the caller, then reads the first request (or ends the call with the error).
  void Start();

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override { cancel_.Cancel(); }
  void OnDone() override { delete this; }

 private:
  // The first request: opens the session (off the callback thread: it may wait for the
  // store), then runs the request's statement, if it has one.
  void OpenAndRun();
  absl::Status Open();
  // Runs request_'s statement where Execute would run it, then Reply.
  void Dispatch();
  // Makes request_'s statement ready to run (the members below): its text parsed, or, for
  // a request with params, its prepared statement with the values bound. An error (a wrong
  // number of params, a text that does not prepare) is the request's answer.
  absl::Status Ready();
  // The ready statement in the stream's session, into response_.
  absl::Status Run(Store& store, CancelSignal* parked);
  // Writes response_, with `status`'s error when it failed. After an unknown-session error
  // the stream ends with that error: its session is gone.
  void Reply(const absl::Status& status);
  // Closes the session (rolling back) and ends the call with `status`.
  void End(const grpc::Status& status);

  SqlService& service_;
  grpc::CallbackServerContext* const context_;
  CancelSignal cancel_;
  std::optional<engine::auth::Principal> principal_;
  std::string session_id_;  // empty until the session is open, and after it ended
  ordinal::v1::SessionRequest request_;
  ordinal::v1::SessionResponse response_;
  PreparedCache prepared_;  // the session's prepared statements
  // The statement Ready made ready: its text (the metrics label; it views request_, a
  // prepared statement's text or bound_sql_), its parse (nullptr: `sql_` fails to parse,
  // and Run reports why) and where it runs.
  std::string_view sql_;
  const engine::sql::Statement* statement_ = nullptr;
  bool parks_ = false;
  bool blocks_ = false;
  Parsed parsed_;           // a statement parsed from its text for this request
  std::string bound_sql_;   // a prepared statement's text with its values bound
};

grpc::ServerBidiReactor<ordinal::v1::SessionRequest, ordinal::v1::SessionResponse>*
SqlService::Session(grpc::CallbackServerContext* context) {
  auto* stream = new SessionStream(*this, context);  // deletes itself in OnDone
  stream->Start();
  return stream;
}

void SqlService::SessionStream::Start() {
  absl::StatusOr<engine::auth::Principal> principal = [this] {
    absl::StatusOr<CallGate::Pass> pass = service_.parts_.gate.Enter();
    if (!pass.ok()) return absl::StatusOr<engine::auth::Principal>(pass.status());
    return service_.parts_.auth.Check(*context_);
  }();
  if (!principal.ok()) {
    Finish(ToGrpcStatus(principal.status(), context_));
    return;
  }
  principal_ = *std::move(principal);
  StartRead(&request_);
}

void SqlService::SessionStream::OnReadDone(bool ok) {
  if (!ok) {  // the client half-closed, cancelled or went away
    End(grpc::Status::OK);
    return;
  }
  response_.Clear();
  if (session_id_.empty()) {
    service_.blocking_.Run([this] { OpenAndRun(); });
    return;
  }
  Dispatch();
}

void SqlService::SessionStream::OnWriteDone(bool ok) {
  if (!ok) {
    End(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    return;
  }
  StartRead(&request_);
}

void SqlService::SessionStream::OpenAndRun() {
  if (absl::Status opened = Open(); !opened.ok()) {
    End(ToGrpcStatus(opened, context_));
    return;
  }
  if (!request_.sql().empty()) {
    Dispatch();
    return;
  }
  ordinal::v1::ExecuteResponse* result = response_.mutable_result();
  {
    absl::StatusOr<SessionManager::Lease> lease = service_.parts_.sessions.Acquire(session_id_);
    if (lease.ok()) result->set_current_database(lease->session().current_database());
  }
  Reply(absl::OkStatus());
}

absl::Status SqlService::SessionStream::Open() {
  ORDINAL_ASSIGN_OR_RETURN(StoreLease store, service_.BorrowStore(*context_));
  SessionManager& sessions = service_.parts_.sessions;
  ORDINAL_ASSIGN_OR_RETURN(std::string id, sessions.Open(store->db(), request_.database()));
  // As OpenSession: the caller may use the database it opened with, and holds one of its
  // account's connections while the stream is open.
  absl::Status allowed;
  {
    absl::StatusOr<SessionManager::Lease> lease = sessions.Acquire(id);
    allowed = lease.ok() ? lease->session().SetPrincipal(*principal_) : lease.status();
  }
  if (!allowed.ok()) {
    sessions.Close(id);
    return allowed;
  }
  session_id_ = std::move(id);
  return absl::OkStatus();
}

void SqlService::SessionStream::Dispatch() {
  absl::StatusOr<CallGate::Pass> pass = service_.parts_.gate.Enter();
  if (!pass.ok()) {  // shutting down
    End(ToGrpcStatus(pass.status(), context_));
    return;
  }
  if (absl::Status ready = Ready(); !ready.ok()) {
    Reply(ready);
    return;
  }
  // Without waiting first: only a swap in progress makes the lease wait, off this thread.
  absl::StatusOr<StoreLease> store = service_.parts_.slot.Acquire(absl::InfinitePast());
  const bool parks = request_.min_position() > 0 || parks_;
  if (!parks && store.ok() && !blocks_) {
    Reply(Run(**store, nullptr));
    return;
  }
  auto held = std::make_shared<std::optional<StoreLease>>();
  if (store.ok()) held->emplace(*std::move(store));
  auto shared_pass = std::make_shared<CallGate::Pass>(*std::move(pass));
  if (parks) {
    absl::StatusOr<WaitBudget::Slot> slot = service_.parts_.waits.Take();
    if (!slot.ok()) {
      Reply(slot.status());
      return;
    }
    service_.parked_.Run([this, held, shared_pass,
                          slot = std::make_shared<WaitBudget::Slot>(*std::move(slot))] {
      absl::Status status = service_.Hold(*held, *context_);
      if (status.ok()) status = Run(***held, &cancel_);
      cancel_.SetWake(nullptr);
      Reply(status);
    });
    return;
  }
  service_.blocking_.Run([this, held, shared_pass] {
    absl::Status status = service_.Hold(*held, *context_);
    if (status.ok()) status = Run(***held, nullptr);
    Reply(status);
  });
}

absl::Status SqlService::SessionStream::Ready() {
  parsed_.reset();
  if (request_.params_size() == 0 && !request_.prepared()) {
    sql_ = request_.sql();
  } else {
    ORDINAL_ASSIGN_OR_RETURN(PreparedStatement * prepared, prepared_.Get(request_.sql()));
    ORDINAL_ASSIGN_OR_RETURN(std::vector<engine::Value> values,
                             ParametersFromProto(request_.params(), prepared->parameter_count()));
    parks_ = prepared->parks();
    blocks_ = !prepared->runs_without_blocking();
    if (prepared->kept()) {
      sql_ = prepared->sql();
      statement_ = &prepared->Bind(std::move(values));
      return absl::OkStatus();
    }
    bound_sql_ = prepared->BindText(values);
    sql_ = bound_sql_;
  }
  parsed_ = std::make_shared<const absl::StatusOr<engine::sql::Statement>>(
      StatementRunner::Parse(sql_));
  statement_ = parsed_->ok() ? &**parsed_ : nullptr;
  parks_ = statement_ != nullptr && StatementRunner::ParksWait(*statement_);
  // A statement that does not parse fails at once.
  blocks_ = statement_ != nullptr && !StatementRunner::RunsWithoutBlocking(*statement_);
  return absl::OkStatus();
}

absl::Status SqlService::SessionStream::Run(Store& store, CancelSignal* parked) {
  ORDINAL_RETURN_IF_ERROR(service_.WaitForPosition(store, request_.min_position(),
                                                   request_.wait_timeout_ms(), parked));
  ORDINAL_ASSIGN_OR_RETURN(SessionManager::Lease lease,
                           service_.parts_.sessions.Acquire(session_id_));
  return service_.RunIn(*context_, lease.session(), sql_, statement_, response_.mutable_result(),
                        parked);
}

void SqlService::SessionStream::Reply(const absl::Status& status) {
  if (status.ok()) {
    StartWrite(&response_);
    return;
  }
  response_.Clear();
  ToProtoError(status, service_.RedirectFor(status), response_.mutable_error());
  if (GetStatusReason(status) == StatusReason::kUnknownSession) {
    session_id_.clear();  // expired or ended with its store: nothing left to close
    StartWriteAndFinish(&response_, grpc::WriteOptions(), ToGrpcStatus(status, context_));
    return;
  }
  StartWrite(&response_);
}

void SqlService::SessionStream::End(const grpc::Status& status) {
  if (!session_id_.empty()) {
    // Closing rolls back in the session's store, which must stay open meanwhile. When no
    // lease is to be had the store is being replaced or shut down, and SessionManager::EndAll
    // closes the session with it.
    absl::StatusOr<StoreLease> store = service_.parts_.slot.Acquire(absl::InfinitePast());
    if (store.ok()) service_.parts_.sessions.Close(session_id_);
    session_id_.clear();
  }
  Finish(status);
}

}  // namespace ordinal::server
