#include "replication/ack_tracker.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "absl/strings/str_cat.h"
#include "common/printable.h"

namespace ordinal::replication {

absl::StatusOr<AckTracker::StreamId> AckTracker::Connected(uint32_t ordinal,
                                                           std::string_view address,
                                                           uint64_t position) {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  ForgetDepartedLocked(now);
  Replica& replica = replicas_[ordinal];
  if (replica.connected && now - replica.last_heard < config_.takeover_after) {
    return absl::AlreadyExistsError(absl::StrCat(
        "replica ordinal ", ordinal, " already has a live stream (from ", replica.address,
        "); a second stream for the same ordinal is refused until that one ends or falls "
        "silent"));
  }
  replica.address = Printable(address);
  replica.connected = true;
  replica.generation = next_generation_++;
  replica.acked = position;
  replica.sent = position;
  replica.last_heard = now;
  acked_.SignalAll();
  return StreamId{ordinal, replica.generation};
}

AckTracker::Replica* AckTracker::FindLocked(const StreamId& stream) {
  auto it = replicas_.find(stream.ordinal);
  if (it == replicas_.end() || it->second.generation != stream.generation) return nullptr;
  return &it->second;
}

void AckTracker::Sent(const StreamId& stream, uint64_t position) {
  absl::MutexLock lock(&mu_);
  Replica* replica = FindLocked(stream);
  if (replica != nullptr) replica->sent = std::max(replica->sent, position);
}

absl::Status AckTracker::Ack(const StreamId& stream, uint64_t position) {
  absl::MutexLock lock(&mu_);
  Replica* replica = FindLocked(stream);
  if (replica == nullptr || !replica->connected) return absl::OkStatus();
  if (position > replica->sent) {
    return absl::InvalidArgumentError(
        absl::StrCat("replica ordinal ", stream.ordinal, " acknowledged position ", position,
                     ", but only positions up to ", replica->sent, " were sent to it"));
  }
  replica->last_heard = absl::Now();
  if (position <= replica->acked) return absl::OkStatus();
  replica->acked = position;
  acked_.SignalAll();
  return absl::OkStatus();
}

bool AckTracker::IsCurrent(const StreamId& stream) const {
  absl::MutexLock lock(&mu_);
  auto it = replicas_.find(stream.ordinal);
  return it != replicas_.end() && it->second.generation == stream.generation &&
         it->second.connected;
}

void AckTracker::Disconnected(const StreamId& stream) {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  Replica* replica = FindLocked(stream);
  if (replica == nullptr) return;
  replica->connected = false;
  replica->departed = now;
  ForgetDepartedLocked(now);
}

void AckTracker::ForgetDepartedLocked(absl::Time now) {
  std::vector<std::pair<absl::Time, uint32_t>> departed;
  for (auto it = replicas_.begin(); it != replicas_.end();) {
    const Replica& replica = it->second;
    if (!replica.connected && now - replica.departed >= config_.forget_departed_after) {
      it = replicas_.erase(it);
      continue;
    }
    if (!replica.connected) departed.emplace_back(replica.departed, it->first);
    ++it;
  }
  if (departed.size() <= config_.max_departed) return;
  std::sort(departed.begin(), departed.end());
  for (size_t i = 0; i < departed.size() - config_.max_departed; ++i) {
    replicas_.erase(departed[i].second);
  }
}

int AckTracker::CountAckedLocked(uint64_t position) const {
  int count = 0;
  for (const auto& [ordinal, replica] : replicas_) {
    if (replica.connected && replica.acked >= position) ++count;
  }
  return count;
}

bool AckTracker::WaitForAcks(uint64_t position, int k, absl::Time deadline,
                             const std::function<bool()>& stop) {
  if (k <= 0) return true;
  while (true) {
    // Without a stop predicate, one wait to the deadline; with one, slices between which
    // the predicate is asked (outside the lock: it may take the caller's own locks).
    const absl::Time until = stop ? std::min(deadline, absl::Now() + kStopPollInterval) : deadline;
    {
      absl::MutexLock lock(&mu_);
      while (CountAckedLocked(position) < k) {
        if (waits_stopped_) return false;
        if (acked_.WaitWithDeadline(&mu_, until)) break;
      }
      if (CountAckedLocked(position) >= k) return true;
      if (waits_stopped_) return false;
    }
    if (absl::Now() >= deadline) return false;
    if (stop && stop()) return false;
  }
}

void AckTracker::StopWaits() {
  absl::MutexLock lock(&mu_);
  waits_stopped_ = true;
  acked_.SignalAll();
}

std::vector<ordinal::v1::ReplicaInfo> AckTracker::Snapshot(uint64_t primary_position,
                                                           uint64_t oldest_retained) const {
  const uint64_t retained =
      primary_position > oldest_retained ? primary_position - oldest_retained : 0;
  std::vector<ordinal::v1::ReplicaInfo> infos;
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  for (const auto& [ordinal, replica] : replicas_) {
    if (!replica.connected && now - replica.departed >= config_.forget_departed_after) {
      continue;  // forgotten at the next connect or disconnect
    }
    ordinal::v1::ReplicaInfo& info = infos.emplace_back();
    info.set_ordinal(ordinal);
    info.set_address(replica.address);
    info.set_connected(replica.connected);
    info.set_acked_position(replica.acked);
    info.set_lag_positions(primary_position > replica.acked ? primary_position - replica.acked
                                                            : 0);
    const uint64_t above = replica.acked > oldest_retained ? replica.acked - oldest_retained : 0;
    info.set_positions_above_retention_edge(above);
    const bool behind = replica.acked < primary_position;
    info.set_near_retention_edge(
        behind && static_cast<double>(above) < config_.near_edge_fraction *
                                                   static_cast<double>(retained));
  }
  return infos;
}

}  // namespace ordinal::replication
