// The Sql gRPC service (ordinal/v1/sql.proto): a thin adapter from the wire to the engine.
// Checks the password, waits for min_position, runs the statement in its session (or in a
// temporary autocommit session), converts the result, and counts it in the metrics. Every
// error goes through ToGrpcStatus, so the MySQL errno reaches the client's trailing metadata.
//
// Thread safety: gRPC calls the handlers from many threads; the service holds no state of
// its own beyond references to thread-safe collaborators.
#ifndef ORDINAL_SERVER_SQL_SERVICE_H_
#define ORDINAL_SERVER_SQL_SERVICE_H_

#include "absl/time/time.h"
#include "engine/database.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "server/auth.h"
#include "server/call_gate.h"
#include "server/metrics.h"
#include "server/position_waiter.h"
#include "server/session_manager.h"

namespace ordinal::server {

class SqlService final : public ordinal::v1::Sql::Service {
 public:
  // How long a read waits for min_position when the request gives no wait_timeout_ms.
  static constexpr absl::Duration kDefaultPositionWait = absl::Seconds(5);

  // Every reference must outlive the service.
  SqlService(engine::Database& db, SessionManager& sessions, const Authenticator& auth,
             PositionWaiter& positions, Metrics& metrics, CallGate& gate)
      : db_(db),
        sessions_(sessions),
        auth_(auth),
        positions_(positions),
        metrics_(metrics),
        gate_(gate) {}

  grpc::Status OpenSession(grpc::ServerContext* context,
                           const ordinal::v1::OpenSessionRequest* request,
                           ordinal::v1::OpenSessionResponse* response) override;
  grpc::Status CloseSession(grpc::ServerContext* context,
                            const ordinal::v1::CloseSessionRequest* request,
                            ordinal::v1::CloseSessionResponse* response) override;
  grpc::Status Execute(grpc::ServerContext* context, const ordinal::v1::ExecuteRequest* request,
                       ordinal::v1::ExecuteResponse* response) override;

 private:
  // Admission and authentication, common to every call; OK to go on.
  absl::StatusOr<CallGate::Pass> Admit(const grpc::ServerContext& context);
  absl::Status DoExecute(const ordinal::v1::ExecuteRequest& request,
                         ordinal::v1::ExecuteResponse* response);
  // Runs `sql` in `session` and fills `response`.
  absl::Status RunIn(engine::Session& session, const std::string& sql,
                     ordinal::v1::ExecuteResponse* response);

  engine::Database& db_;
  SessionManager& sessions_;
  const Authenticator& auth_;
  PositionWaiter& positions_;
  Metrics& metrics_;
  CallGate& gate_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_SQL_SERVICE_H_
