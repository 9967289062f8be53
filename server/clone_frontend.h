// What a replica answers on its port while it has no database open: during its first clone
// and during the swap of a re-clone. The gRPC server serves:
//   grpc.health.v1   "ordinal.liveness" SERVING (the process answers); "", "ordinal.readiness",
//                    "ordinal.startup" and the service names NOT_SERVING;
//   Sql, Replication UNAVAILABLE "<why>" (e.g. "cloning from ordinal 1 (ADDRESS)");
//   Clone            UNAVAILABLE (nothing to copy yet: a successor waits);
//   Admin.GetStatus  role replica, replication state "cloning" with the clone's progress.
// Metrics (--metrics_port): the clone figures only.
//
// RunInitialClone is a replica's first boot: FinishInterruptedInstall, and when the data
// directory still needs a clone, the frontend above while a CloneDriver copies ordinal N-1.
// Thread safety: Stop/Cancel from any thread.
#ifndef ORDINAL_SERVER_CLONE_FRONTEND_H_
#define ORDINAL_SERVER_CLONE_FRONTEND_H_

#include <functional>
#include <memory>
#include <string>

#include <grpcpp/server.h>

#include "absl/status/status.h"
#include "ordinal/v1/admin.pb.h"
#include "server/auth.h"
#include "server/clone_node.h"
#include "server/config.h"
#include "server/metrics.h"

namespace ordinal::server {

class CloneFrontend {
 public:
  // Binds --host:--port (UNAVAILABLE when it cannot) and the metrics port when set.
  // `driver` may be null (a swap: no progress to show); it must outlive the frontend.
  // `describe`, when set, fills Admin.GetStatus instead of the cloning state (ordinal 0's
  // recovery); the role is the ordinal's.
  using Describe = std::function<void(ordinal::v1::GetStatusResponse&)>;
  static absl::StatusOr<std::unique_ptr<CloneFrontend>> Start(const Config& config,
                                                              int ordinal,
                                                              const Authenticator& auth,
                                                              const CloneDriver* driver,
                                                              std::string why,
                                                              Describe describe = nullptr);
  ~CloneFrontend();  // stops the server

 private:
  CloneFrontend() = default;
  struct Services;

  std::unique_ptr<Services> services_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Metrics> metrics_;
};

// A replica's first clone (see the file comment). OK at once on ordinal 0 or when the data
// directory is complete; CANCELLED when `register_cancel`'s function was called (shutdown).
// `register_cancel` receives a function that cancels the clone from another thread.
absl::Status RunInitialClone(const Config& config, int ordinal, const Authenticator& auth,
                             const std::function<void(std::function<void()>)>& register_cancel);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_CLONE_FRONTEND_H_
