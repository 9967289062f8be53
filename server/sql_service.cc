#include "server/sql_service.h"

#include <memory>

#include "proto/status_mapping.h"
#include "server/result_convert.h"
#include "server/statement_label.h"

namespace ordinal::server {

absl::StatusOr<CallGate::Pass> SqlService::Admit(const grpc::ServerContext& context) {
  absl::StatusOr<CallGate::Pass> pass = gate_.Enter();
  if (!pass.ok()) return pass.status();
  if (absl::Status s = auth_.Check(context); !s.ok()) return s;
  return pass;
}

grpc::Status SqlService::OpenSession(grpc::ServerContext* context,
                                     const ordinal::v1::OpenSessionRequest* request,
                                     ordinal::v1::OpenSessionResponse* response) {
  absl::StatusOr<CallGate::Pass> pass = Admit(*context);
  if (!pass.ok()) return ToGrpcStatus(pass.status(), context);
  absl::StatusOr<std::string> id = sessions_.Open(request->database());
  if (!id.ok()) return ToGrpcStatus(id.status(), context);
  response->set_session_id(*id);
  return grpc::Status::OK;
}

grpc::Status SqlService::CloseSession(grpc::ServerContext* context,
                                      const ordinal::v1::CloseSessionRequest* request,
                                      ordinal::v1::CloseSessionResponse* response) {
  absl::StatusOr<CallGate::Pass> pass = Admit(*context);
  if (!pass.ok()) return ToGrpcStatus(pass.status(), context);
  sessions_.Close(request->session_id());
  return grpc::Status::OK;
}

grpc::Status SqlService::Execute(grpc::ServerContext* context,
                                 const ordinal::v1::ExecuteRequest* request,
                                 ordinal::v1::ExecuteResponse* response) {
  absl::StatusOr<CallGate::Pass> pass = Admit(*context);
  if (!pass.ok()) return ToGrpcStatus(pass.status(), context);
  return ToGrpcStatus(DoExecute(*request, response), context);
}

absl::Status SqlService::DoExecute(const ordinal::v1::ExecuteRequest& request,
                                   ordinal::v1::ExecuteResponse* response) {
  absl::Duration wait = request.wait_timeout_ms() == 0
                            ? kDefaultPositionWait
                            : absl::Milliseconds(request.wait_timeout_ms());
  if (absl::Status s = positions_.WaitFor(request.min_position(), wait); !s.ok()) return s;

  if (request.session_id().empty()) {
    absl::StatusOr<std::unique_ptr<engine::Session>> session = db_.NewSession(request.database());
    if (!session.ok()) return session.status();
    absl::Status s = RunIn(**session, request.sql(), response);
    (*session)->RollbackIfOpen();  // a BEGIN without COMMIT in a one-call session
    return s;
  }
  absl::StatusOr<SessionManager::Lease> lease = sessions_.Acquire(request.session_id());
  if (!lease.ok()) return lease.status();
  return RunIn(lease->session(), request.sql(), response);
}

absl::Status SqlService::RunIn(engine::Session& session, const std::string& sql,
                               ordinal::v1::ExecuteResponse* response) {
  const absl::Time start = absl::Now();
  absl::StatusOr<engine::ResultSet> result = session.Execute(sql);
  metrics_.RecordStatement(StatementLabel(sql), absl::Now() - start, result.status());
  if (!result.ok()) return result.status();
  if (result->commit_position > 0) positions_.Notify();
  ToProtoResponse(*result, session, response);
  return absl::OkStatus();
}

}  // namespace ordinal::server
