#include "replication/ack_tracker.h"

#include <algorithm>

namespace ordinal::replication {

AckTracker::StreamId AckTracker::Connected(uint32_t ordinal, const std::string& address,
                                           uint64_t position) {
  absl::MutexLock lock(&mu_);
  Replica& replica = replicas_[ordinal];
  replica.address = address;
  replica.connected = true;
  replica.generation = next_generation_++;
  replica.acked = std::max(replica.acked, position);
  acked_.SignalAll();
  return StreamId{ordinal, replica.generation};
}

void AckTracker::Ack(const StreamId& stream, uint64_t position) {
  absl::MutexLock lock(&mu_);
  auto it = replicas_.find(stream.ordinal);
  if (it == replicas_.end() || it->second.generation != stream.generation) return;
  if (position <= it->second.acked) return;
  it->second.acked = position;
  acked_.SignalAll();
}

void AckTracker::Disconnected(const StreamId& stream) {
  absl::MutexLock lock(&mu_);
  auto it = replicas_.find(stream.ordinal);
  if (it == replicas_.end() || it->second.generation != stream.generation) return;
  it->second.connected = false;
}

int AckTracker::CountAckedLocked(uint64_t position) const {
  int count = 0;
  for (const auto& [ordinal, replica] : replicas_) {
    if (replica.acked >= position) ++count;
  }
  return count;
}

bool AckTracker::WaitForAcks(uint64_t position, int k, absl::Time deadline) {
  if (k <= 0) return true;
  absl::MutexLock lock(&mu_);
  while (CountAckedLocked(position) < k) {
    if (acked_.WaitWithDeadline(&mu_, deadline)) return CountAckedLocked(position) >= k;
  }
  return true;
}

std::vector<ordinal::v1::ReplicaInfo> AckTracker::Snapshot(uint64_t primary_position,
                                                           uint64_t oldest_retained) const {
  const uint64_t retained =
      primary_position > oldest_retained ? primary_position - oldest_retained : 0;
  std::vector<ordinal::v1::ReplicaInfo> infos;
  absl::MutexLock lock(&mu_);
  for (const auto& [ordinal, replica] : replicas_) {
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
