// The standard grpc.health.v1.Health answers of ordinald. The overall service "" and the
// Kubernetes probe names "ordinal.liveness" and "ordinal.startup" (and the service names
// ordinal.v1.Sql / ordinal.v1.Admin) report SERVING once the database is open and
// NOT_SERVING while the server shuts down. "ordinal.readiness" follows the same on the
// primary; on a replica it is SERVING only while it streams from the primary with little
// lag (server/readiness.h).
#ifndef ORDINAL_SERVER_HEALTH_H_
#define ORDINAL_SERVER_HEALTH_H_

#include <grpcpp/health_check_service_interface.h>

namespace ordinal::server {

inline constexpr char kReadinessServiceName[] = "ordinal.readiness";

inline constexpr const char* kHealthServiceNames[] = {
    "",          "ordinal.liveness", "ordinal.readiness", "ordinal.startup",
    "ordinal.v1.Sql", "ordinal.v1.Admin",
};

// Sets every name above to NOT_SERVING, or every name but readiness to SERVING (readiness
// is the ReadinessMonitor's to set). `service` may be null (no-op).
void SetServing(grpc::HealthCheckServiceInterface* service, bool serving);

// Sets only "ordinal.readiness". `service` may be null (no-op).
void SetReady(grpc::HealthCheckServiceInterface* service, bool ready);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_HEALTH_H_
