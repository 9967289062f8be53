#include "bench/lag_monitor.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "bench/drivers/driver.h"
#include "bench/schema.h"

namespace ordinal::bench {

int64_t WallMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

LagMonitor::LagMonitor(Target target, std::string database)
    : target_(std::move(target)), database_(std::move(database)) {}

LagMonitor::~LagMonitor() { Stop(); }

absl::Status LagMonitor::Start() {
  if (target_.replica_count() <= 0) return absl::OkStatus();
  auto conn = Connect(target_, 0, database_);
  if (!conn.ok()) return conn.status();
  absl::Status s = (*conn)->Execute(CreateHeartbeatTableSql()).status();
  if (!s.ok()) return s;
  for (int i = 1; i <= target_.replica_count(); ++i) {
    auto r = std::make_unique<Replica>();
    r->endpoint = i;
    {
      absl::MutexLock lock(&r->mu);
      r->result.endpoint = target_.endpoints[i].address();
    }
    replicas_.push_back(std::move(r));
  }
  start_us_ = WallMicros();
  started_ = true;
  writer_ = std::thread([this] { WriteLoop(); });
  for (auto& r : replicas_) r->thread = std::thread([this, p = r.get()] { ReadLoop(p); });
  return absl::OkStatus();
}

void LagMonitor::WriteLoop() {
  std::unique_ptr<Connection> conn;
  auto next = std::chrono::steady_clock::now();
  while (!stop_writer_.HasBeenNotified()) {
    if (conn == nullptr) {
      auto c = Connect(target_, 0, database_);
      if (c.ok()) conn = *std::move(c);
    }
    if (conn != nullptr) {
      int64_t ts = WallMicros();
      auto r = conn->Execute(
          absl::StrCat("REPLACE INTO bench_heartbeat (id, ts_us) VALUES (1, ", ts, ")"));
      if (r.ok()) {
        absl::MutexLock lock(&written_mu_);
        written_us_.push_back(ts);
        final_ts_us_ = ts;
      } else {
        ++write_errors_;
      }
    }
    next += kHeartbeatInterval;
    auto wait = next - std::chrono::steady_clock::now();
    stop_writer_.WaitForNotificationWithTimeout(absl::FromChrono(
        std::max<std::chrono::steady_clock::duration>(wait, std::chrono::milliseconds(0))));
  }
}

void LagMonitor::ReadLoop(Replica* replica) {
  std::unique_ptr<Connection> conn;
  while (!stop_readers_.HasBeenNotified()) {
    if (conn == nullptr) {
      auto c = Connect(target_, replica->endpoint, database_);
      if (c.ok()) conn = *std::move(c);
    }
    if (conn != nullptr) {
      auto r = conn->Execute("SELECT ts_us FROM bench_heartbeat WHERE id=1");
      int64_t now = WallMicros();
      int64_t ts = 0;
      absl::MutexLock lock(&replica->mu);
      if (!r.ok()) {
        ++replica->result.read_errors;
        if (r.status().code() == absl::StatusCode::kUnavailable) conn.reset();
      } else if (!r->first_column.empty() && absl::SimpleAtoi(r->first_column[0], &ts) &&
                 ts > replica->last_seen_us && ts >= start_us_) {
        replica->last_seen_us = ts;
        replica->last_lag_us = std::max<int64_t>(0, now - ts);
        replica->result.lag.Record(static_cast<uint64_t>(replica->last_lag_us) * 1000);
      }
    }
    stop_readers_.WaitForNotificationWithTimeout(absl::FromChrono(kPollInterval));
  }
}

int64_t LagMonitor::FirstWrittenAfter(int64_t seen_us) const {
  absl::MutexLock lock(&written_mu_);
  auto it = std::upper_bound(written_us_.begin(), written_us_.end(), seen_us);
  return it == written_us_.end() ? 0 : *it;
}

void LagMonitor::Stop() {
  if (!started_) return;
  started_ = false;
  stop_writer_.Notify();
  writer_.join();
  int64_t final_ts = final_ts_us_.load();
  auto deadline = std::chrono::steady_clock::now() + kDrainTimeout;
  for (auto& r : replicas_) {
    while (std::chrono::steady_clock::now() < deadline) {
      {
        absl::MutexLock lock(&r->mu);
        if (r->last_seen_us >= final_ts) break;
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  }
  stop_readers_.Notify();
  int64_t now = WallMicros();
  for (auto& r : replicas_) {
    r->thread.join();
    absl::MutexLock lock(&r->mu);
    absl::MutexLock written(&written_mu_);
    for (auto it = std::upper_bound(written_us_.begin(), written_us_.end(), r->last_seen_us);
         it != written_us_.end(); ++it) {
      r->result.lag.Record(static_cast<uint64_t>(std::max<int64_t>(0, now - *it)) * 1000);
      ++r->result.unseen;
    }
  }
}

double LagMonitor::CurrentWorstLagMs() const {
  double worst = -1;
  int64_t now = WallMicros();
  for (const auto& r : replicas_) {
    int64_t seen, lag;
    {
      absl::MutexLock lock(&r->mu);
      seen = r->last_seen_us;
      lag = r->last_lag_us;
    }
    // A heartbeat written after the newest one seen, and still not shown by the replica,
    // is at least this old.
    int64_t overdue = FirstWrittenAfter(seen);
    if (overdue != 0 && now - overdue > kPollInterval.count() * 1000) {
      lag = std::max(lag, now - overdue);
    }
    if (lag >= 0) worst = std::max(worst, lag / 1000.0);
  }
  return worst;
}

std::vector<ReplicaLag> LagMonitor::Results() const {
  std::vector<ReplicaLag> out;
  for (const auto& r : replicas_) {
    absl::MutexLock lock(&r->mu);
    out.push_back(r->result);
  }
  return out;
}

}  // namespace ordinal::bench
