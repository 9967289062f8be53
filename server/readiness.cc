#include "server/readiness.h"

#include "server/health.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {

void ReadinessMonitor::Start() {
  Update();
  thread_ = std::thread([this] { Loop(); });
}

void ReadinessMonitor::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void ReadinessMonitor::Loop() {
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), kInterval)) {
    mu_.Unlock();
    Update();
    mu_.Lock();
  }
}

void ReadinessMonitor::Update() {
  const bool ready = ready_();
  if (reported_ == (ready ? 1 : 0)) return;
  reported_ = ready ? 1 : 0;
  SetReady(health_, ready);
  spdlog::info("readiness: {}", ready ? "SERVING" : "NOT_SERVING");
}

}  // namespace ordinal::server
