#include "server/health.h"

#include <string>
#include <string_view>

namespace ordinal::server {

void SetServing(grpc::HealthCheckServiceInterface* service, bool serving) {
  if (service == nullptr) return;
  for (const char* name : kHealthServiceNames) {
    if (serving && std::string_view(name) == kReadinessServiceName) continue;
    service->SetServingStatus(std::string(name), serving);
  }
}

void SetReady(grpc::HealthCheckServiceInterface* service, bool ready) {
  if (service == nullptr) return;
  service->SetServingStatus(kReadinessServiceName, ready);
}

}  // namespace ordinal::server
