// The Admin gRPC service (ordinal/v1/admin.proto): a thin adapter reporting the server's
// identity, role, the node's lifecycle state, positions and replication (the replica's
// stream, or the primary's replicas and semi-sync figures). Requires the password like the
// SQL service. Answers in every state: while no store is open (first clone, swap) the
// positions are 0 and the replication state says "cloning" with the progress.
#ifndef ORDINAL_SERVER_ADMIN_SERVICE_H_
#define ORDINAL_SERVER_ADMIN_SERVICE_H_

#include <string>

#include "absl/time/time.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "server/auth.h"
#include "server/call_gate.h"
#include "server/node.h"
#include "server/role.h"
#include "server/session_manager.h"
#include "server/slot.h"
#include "server/store.h"

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
  AdminService(ServerIdentity identity, const Authenticator& auth, Slot<Store>& slot,
               const SessionManager& sessions, CallGate& gate, const Node& node)
      : identity_(std::move(identity)),
        auth_(auth),
        slot_(slot),
        sessions_(sessions),
        gate_(gate),
        node_(node) {}

  grpc::Status GetStatus(grpc::ServerContext* context, const ordinal::v1::GetStatusRequest* request,
                         ordinal::v1::GetStatusResponse* response) override;

 private:
  const ServerIdentity identity_;
  const Authenticator& auth_;
  // The figures of the open store.
  static void FillStore(Store& store, ordinal::v1::GetStatusResponse* response);

  Slot<Store>& slot_;
  const SessionManager& sessions_;
  CallGate& gate_;
  const Node& node_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_ADMIN_SERVICE_H_
