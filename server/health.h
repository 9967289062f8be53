// The standard grpc.health.v1.Health answers of ordinald. The overall service "" and the
// Kubernetes probe names "ordinal.liveness", "ordinal.readiness" and "ordinal.startup" (and
// the service names ordinal.v1.Sql / ordinal.v1.Admin) report SERVING once the database is
// open and NOT_SERVING while the server shuts down.
#ifndef ORDINAL_SERVER_HEALTH_H_
#define ORDINAL_SERVER_HEALTH_H_

#include <grpcpp/health_check_service_interface.h>

namespace ordinal::server {

inline constexpr const char* kHealthServiceNames[] = {
    "",          "ordinal.liveness", "ordinal.readiness", "ordinal.startup",
    "ordinal.v1.Sql", "ordinal.v1.Admin",
};

// Sets every name above to SERVING or NOT_SERVING. `service` may be null (no-op).
void SetServing(grpc::HealthCheckServiceInterface* service, bool serving);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_HEALTH_H_
