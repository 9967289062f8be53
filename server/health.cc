#include "server/health.h"

#include <string>

namespace ordinal::server {

void SetServing(grpc::HealthCheckServiceInterface* service, bool serving) {
  if (service == nullptr) return;
  for (const char* name : kHealthServiceNames) {
    service->SetServingStatus(std::string(name), serving);
  }
}

}  // namespace ordinal::server
