// Keeps the "ordinal.readiness" health status of a server current. A primary is ready
// while it serves. A replica is ready only while its Follower streams from the primary
// with less lag than --readiness_max_lag_ms, so Kubernetes sends reads only to replicas
// that are close behind. The condition is re-evaluated every kInterval (lag grows
// without any event to wake on).
//
// Lifecycle: Start() once the gRPC server serves; Stop() before the server reports
// NOT_SERVING at shutdown, so that the monitor does not flip readiness back on.
// Thread safety: Start/Stop from the owner's thread.
#ifndef ORDINAL_SERVER_READINESS_H_
#define ORDINAL_SERVER_READINESS_H_

#include <functional>
#include <thread>

#include <grpcpp/health_check_service_interface.h>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ordinal::server {

class ReadinessMonitor {
 public:
  static constexpr absl::Duration kInterval = absl::Milliseconds(500);

  // `ready` is evaluated on the monitor's thread; `health` must outlive the monitor.
  ReadinessMonitor(grpc::HealthCheckServiceInterface* health, std::function<bool()> ready)
      : health_(health), ready_(std::move(ready)) {}
  ~ReadinessMonitor() { Stop(); }

  // Sets readiness now, then keeps it current on a thread.
  void Start();
  // Joins the thread; readiness keeps its last value. Idempotent.
  void Stop();

 private:
  void Loop();
  // Reports `ready_()` when it differs from what was reported last.
  void Update();

  grpc::HealthCheckServiceInterface* const health_;
  const std::function<bool()> ready_;
  int reported_ = -1;  // monitor thread only after Start: -1 unknown, 0 no, 1 yes
  std::thread thread_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_READINESS_H_
