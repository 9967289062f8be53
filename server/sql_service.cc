#include "server/sql_service.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "common/sql_error.h"
#include "common/status_macros.h"
#include "proto/status_mapping.h"
#include "server/result_convert.h"

namespace ordinal::server {
namespace {

// Whether a call returns without waiting for anything but the CPU and RocksDB reads: no
// commit (no fsync, no semi-sync acknowledgement), no wait for a position. A statement that
// did not parse fails at once.
bool RunsWithoutBlocking(const ordinal::v1::ExecuteRequest& request,
                         const absl::StatusOr<engine::sql::Statement>& parsed) {
  return request.min_position() == 0 &&
         (!parsed.ok() || StatementRunner::RunsWithoutBlocking(*parsed));
}

// The parse of a call's statement, or nullptr when it did not parse.
const engine::sql::Statement* ParsedStatement(
    const std::shared_ptr<const absl::StatusOr<engine::sql::Statement>>& parsed) {
  return parsed->ok() ? &**parsed : nullptr;
}

}  // namespace

// The reactor of a parked call: gRPC calls OnCancel when the client cancels, its deadline
// passes or its connection breaks.
class SqlService::WaitReactor final : public grpc::ServerUnaryReactor {
 public:
  CancelSignal& signal() { return signal_; }

  void OnCancel() override { signal_.Cancel(); }
  void OnDone() override { delete this; }

 private:
  CancelSignal signal_;
};

absl::StatusOr<CallGate::Pass> SqlService::Admit(const grpc::ServerContextBase& context) {
  absl::StatusOr<CallGate::Pass> pass = parts_.gate.Enter();
  if (!pass.ok()) return pass.status();
  if (absl::Status s = parts_.auth.Check(context).status(); !s.ok()) return s;
  return pass;
}

absl::StatusOr<SqlService::StoreLease> SqlService::BorrowStore(
    const grpc::ServerContextBase& context) {
  const absl::Time deadline =
      std::min(absl::Now() + options_.store_wait, absl::FromChrono(context.deadline()));
  return parts_.slot.Acquire(deadline);
}

absl::Status SqlService::Hold(std::optional<StoreLease>& held,
                              const grpc::ServerContextBase& context) {
  if (held.has_value()) return absl::OkStatus();
  absl::StatusOr<StoreLease> waited = BorrowStore(context);
  if (!waited.ok()) return waited.status();
  held.emplace(*std::move(waited));
  return absl::OkStatus();
}

grpc::Status SqlService::OpenSession(grpc::ServerContext* context,
                                     const ordinal::v1::OpenSessionRequest* request,
                                     ordinal::v1::OpenSessionResponse* response) {
  absl::StatusOr<CallGate::Pass> pass = Admit(*context);
  if (!pass.ok()) return ToGrpcStatus(pass.status(), context);
  absl::StatusOr<StoreLease> store = BorrowStore(*context);
  if (!store.ok()) return ToGrpcStatus(store.status(), context);
  absl::StatusOr<engine::auth::Principal> principal = parts_.auth.Check(*context);
  if (!principal.ok()) return ToGrpcStatus(principal.status(), context);
  absl::StatusOr<std::string> id = parts_.sessions.Open((*store)->db(), request->database());
  if (!id.ok()) return ToGrpcStatus(id.status(), context);
  // The caller may use the database it opened with, and holds one of its account's
  // connections while the session is open.
  absl::Status allowed;
  {
    absl::StatusOr<SessionManager::Lease> lease = parts_.sessions.Acquire(*id);
    allowed = lease.ok() ? lease->session().SetPrincipal(*principal) : lease.status();
  }
  if (!allowed.ok()) {
    parts_.sessions.Close(*id);
    return ToGrpcStatus(allowed, context);
  }
  response->set_session_id(*id);
  return grpc::Status::OK;
}

grpc::Status SqlService::CloseSession(grpc::ServerContext* context,
                                      const ordinal::v1::CloseSessionRequest* request,
                                      ordinal::v1::CloseSessionResponse* response) {
  absl::StatusOr<CallGate::Pass> pass = Admit(*context);
  if (!pass.ok()) return ToGrpcStatus(pass.status(), context);
  // Closing rolls back in the store the session belongs to: it must stay open meanwhile.
  absl::StatusOr<StoreLease> store = BorrowStore(*context);
  if (!store.ok()) return ToGrpcStatus(store.status(), context);
  parts_.sessions.Close(request->session_id());
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* SqlService::Execute(grpc::CallbackServerContext* context,
                                              const ordinal::v1::ExecuteRequest* request,
                                              ordinal::v1::ExecuteResponse* response) {
  // Admitted here, before any queueing, so that a draining shutdown waits for queued calls.
  absl::StatusOr<CallGate::Pass> pass = Admit(*context);
  if (!pass.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpcStatus(pass.status(), context));
    return reactor;
  }
  // Without waiting first: only a swap in progress makes the lease wait, off this thread.
  absl::StatusOr<StoreLease> store = parts_.slot.Acquire(absl::InfinitePast());
  Parsed parsed = std::make_shared<const absl::StatusOr<engine::sql::Statement>>(
      StatementRunner::Parse(request->sql()));
  if (request->min_position() > 0 || (parsed->ok() && StatementRunner::ParksWait(**parsed))) {
    return ExecuteParked(context, request, response, *std::move(pass), std::move(store),
                         std::move(parsed));
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (store.ok() && RunsWithoutBlocking(*request, *parsed)) {
    reactor->Finish(ExecuteCall(context, **store, *request, parsed, response));
    return reactor;
  }
  auto held = std::make_shared<std::optional<StoreLease>>();
  if (store.ok()) held->emplace(*std::move(store));
  blocking_.Run([this, reactor, context, request, response, held, parsed,
                 pass = std::make_shared<CallGate::Pass>(*std::move(pass))] {
    if (absl::Status s = Hold(*held, *context); !s.ok()) {
      reactor->Finish(ToGrpcStatus(s, context));
      return;
    }
    reactor->Finish(ExecuteCall(context, ***held, *request, parsed, response));
  });
  return reactor;
}

grpc::ServerUnaryReactor* SqlService::ExecuteParked(grpc::CallbackServerContext* context,
                                                    const ordinal::v1::ExecuteRequest* request,
                                                    ordinal::v1::ExecuteResponse* response,
                                                    CallGate::Pass pass,
                                                    absl::StatusOr<StoreLease> store,
                                                    Parsed parsed) {
  auto* reactor = new WaitReactor();  // deletes itself in OnDone
  absl::StatusOr<WaitBudget::Slot> slot = parts_.waits.Take();
  if (!slot.ok()) {
    reactor->Finish(ToGrpcStatus(slot.status(), context));
    return reactor;
  }
  auto held = std::make_shared<std::optional<StoreLease>>();
  if (store.ok()) held->emplace(*std::move(store));
  parked_.Run([this, reactor, context, request, response, held, parsed,
               slot = std::make_shared<WaitBudget::Slot>(*std::move(slot)),
               pass = std::make_shared<CallGate::Pass>(std::move(pass))] {
    if (absl::Status s = Hold(*held, *context); !s.ok()) {
      reactor->Finish(ToGrpcStatus(s, context));
      return;
    }
    grpc::Status status = ExecuteCall(context, ***held, *request, parsed, response, reactor);
    reactor->signal().SetWake(nullptr);
    reactor->Finish(std::move(status));
  });
  return reactor;
}

grpc::Status SqlService::ExecuteCall(grpc::ServerContextBase* context, Store& store,
                                     const ordinal::v1::ExecuteRequest& request,
                                     const Parsed& parsed,
                                     ordinal::v1::ExecuteResponse* response,
                                     WaitReactor* parked) {
  // The call's identity, checked again here (cheap after Admit: verified hashes are
  // remembered), to run the statement as the caller.
  absl::StatusOr<engine::auth::Principal> principal = parts_.auth.Check(*context);
  absl::Status status =
      principal.ok() ? DoExecute(*context, store, request, parsed, response,
                                 parked != nullptr ? &parked->signal() : nullptr, *principal)
                     : principal.status();
  AddRedirect(status, context);
  return ToGrpcStatus(status, context);
}

std::string SqlService::RedirectFor(const absl::Status& status) const {
  if (status.code() != absl::StatusCode::kFailedPrecondition ||
      GetMysqlErrno(status) != MysqlErrno::kReadOnly ||
      parts_.node.role() != Role::kReplica) {
    return "";
  }
  return parts_.node.primary_address();
}

void SqlService::AddRedirect(const absl::Status& status, grpc::ServerContextBase* context) const {
  std::string primary = RedirectFor(status);
  if (!primary.empty()) context->AddTrailingMetadata(kPrimaryMetadataKey, primary);
}

absl::Status SqlService::WaitForPosition(Store& store, uint64_t min_position,
                                         uint32_t wait_timeout_ms, CancelSignal* parked) {
  if (min_position == 0) return absl::OkStatus();
  const absl::Duration wait = wait_timeout_ms == 0 ? options_.default_position_wait
                                                   : absl::Milliseconds(wait_timeout_ms);
  const std::atomic<bool>* cancelled = nullptr;
  if (parked != nullptr) {
    parked->SetWake([db = &store.db()] { db->WakePositionWaiters(); });
    cancelled = parked->cancelled();
  }
  return store.db().WaitForPosition(min_position, absl::Now() + wait, cancelled);
}

absl::Status SqlService::DoExecute(const grpc::ServerContextBase& context, Store& store,
                                   const ordinal::v1::ExecuteRequest& request,
                                   const Parsed& parsed,
                                   ordinal::v1::ExecuteResponse* response,
                                   CancelSignal* parked,
                                   const engine::auth::Principal& principal) {
  ORDINAL_RETURN_IF_ERROR(
      WaitForPosition(store, request.min_position(), request.wait_timeout_ms(), parked));
  if (request.session_id().empty()) {
    absl::StatusOr<std::unique_ptr<engine::Session>> session =
        store.db().NewSession(request.database());
    if (!session.ok()) return session.status();
    ORDINAL_RETURN_IF_ERROR((*session)->SetPrincipal(principal));
    absl::Status s =
        RunIn(context, **session, request.sql(), ParsedStatement(parsed), response, parked);
    (*session)->RollbackIfOpen();  // a BEGIN without COMMIT in a one-call session
    return s;
  }
  absl::StatusOr<SessionManager::Lease> lease = parts_.sessions.Acquire(request.session_id());
  if (!lease.ok()) return lease.status();
  ORDINAL_RETURN_IF_ERROR(lease->session().SetPrincipal(principal));
  return RunIn(context, lease->session(), request.sql(), ParsedStatement(parsed), response,
               parked);
}

absl::Status SqlService::RunIn(const grpc::ServerContextBase& context, engine::Session& session,
                               std::string_view sql, const engine::sql::Statement* statement,
                               ordinal::v1::ExecuteResponse* response, CancelSignal* parked) {
  if (parked != nullptr) {
    // The client's cancel stops the statement as KILL QUERY would (its waits and sleeps).
    parked->SetWake([interrupt = session.interrupt()] {
      interrupt->Interrupt(ConnectionRegistry::QueryInterrupted());
    });
    if (parked->cancelled()->load()) return ConnectionRegistry::QueryInterrupted();
  }
  // A client that cancels or passes its deadline stops waiting for semi-sync acks; the
  // commit stands (IsCancelled is safe to call from any thread of the callback API).
  const std::function<bool()> cancelled = [&context] { return context.IsCancelled(); };
  absl::StatusOr<engine::ResultSet> result =
      statement != nullptr ? parts_.runner.Run(session, *statement, sql, cancelled)
                           : parts_.runner.Run(session, sql, cancelled);
  if (!result.ok()) return result.status();
  ToProtoResponse(*result, session, response);
  return absl::OkStatus();
}

}  // namespace ordinal::server
