#include "server/admin_service.h"

#include "proto/status_mapping.h"

namespace ordinal::server {

grpc::Status AdminService::GetStatus(grpc::ServerContext* context,
                                     const ordinal::v1::GetStatusRequest* request,
                                     ordinal::v1::GetStatusResponse* response) {
  absl::StatusOr<CallGate::Pass> pass = gate_.Enter();
  if (!pass.ok()) return ToGrpcStatus(pass.status(), context);
  if (absl::Status s = auth_.Check(*context); !s.ok()) return ToGrpcStatus(s, context);
  response->set_version(identity_.version);
  response->set_ordinal(static_cast<uint32_t>(identity_.ordinal));
  response->set_role(std::string(RoleName(identity_.role)));
  response->set_uptime_seconds(
      static_cast<uint64_t>(absl::ToInt64Seconds(absl::Now() - identity_.started)));
  response->set_latest_position(db_.LatestPosition());
  response->set_open_sessions(static_cast<uint32_t>(sessions_.size()));
  response->set_cluster_id("");  // set by the replication layer once histories exist
  response->set_primary_address(identity_.primary_address);
  return grpc::Status::OK;
}

}  // namespace ordinal::server
