// The Admin gRPC service (ordinal/v1/admin.proto): a thin adapter reporting the server's
// identity, role, positions and replication (the replica's stream, or the primary's
// replicas and semi-sync figures). Requires the password like the SQL service.
#ifndef ORDINAL_SERVER_ADMIN_SERVICE_H_
#define ORDINAL_SERVER_ADMIN_SERVICE_H_

#include <string>

#include "absl/time/time.h"
#include "engine/database.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "server/auth.h"
#include "server/call_gate.h"
#include "server/replication_node.h"
#include "server/role.h"
#include "server/session_manager.h"
#include "server/sync_replicas.h"

namespace ordinal::server {

// What a server is, fixed at start.
struct ServerIdentity {
  std::string version;
  int ordinal = 0;
  Role role = Role::kPrimary;
  std::string primary_address;
  absl::Time started;
};

class AdminService final : public ordinal::v1::Admin::Service {
 public:
  // Every reference must outlive the service.
  AdminService(ServerIdentity identity, const Authenticator& auth, const engine::Database& db,
               const SessionManager& sessions, CallGate& gate,
               const ReplicationNode& replication, const SyncReplicas& sync)
      : identity_(std::move(identity)),
        auth_(auth),
        db_(db),
        sessions_(sessions),
        gate_(gate),
        replication_(replication),
        sync_(sync) {}

  grpc::Status GetStatus(grpc::ServerContext* context, const ordinal::v1::GetStatusRequest* request,
                         ordinal::v1::GetStatusResponse* response) override;

 private:
  const ServerIdentity identity_;
  const Authenticator& auth_;
  const engine::Database& db_;
  const SessionManager& sessions_;
  CallGate& gate_;
  const ReplicationNode& replication_;
  const SyncReplicas& sync_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_ADMIN_SERVICE_H_
