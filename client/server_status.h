// ServerStatus: what one ordinald says about itself (Admin.GetStatus), including its part in
// replication: a replica's stream from the primary, or the primary's view of its replicas.
#ifndef ORDINAL_CLIENT_SERVER_STATUS_H_
#define ORDINAL_CLIENT_SERVER_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ordinal {

// A replica's stream from the primary (as SHOW REPLICA STATUS).
struct ReplicationStatus {
  // "connecting", "streaming", "stopped-needs-clone" or "stopped-error".
  std::string state;
  std::string primary_address;
  // Last position applied on the replica, in the primary's numbering.
  uint64_t applied_position = 0;
  // The primary's newest position as last heard.
  uint64_t primary_position = 0;
  uint64_t lag_positions = 0;
  // How long ago the primary committed the oldest change not applied here; 0 when caught up.
  double lag_ms = 0;
  // Empty when the stream has not failed.
  std::string last_error;
};

// The primary's view of one replica (as SHOW REPLICAS).
struct ReplicaStatus {
  uint32_t ordinal = 0;
  std::string address;
  bool connected = false;
  // Highest position the replica acknowledged as applied and synced.
  uint64_t acked_position = 0;
  uint64_t lag_positions = 0;
  // How far the replica is ahead of the oldest retained position; near 0 the replica is
  // about to lose its log and will need a clone.
  uint64_t positions_above_retention_edge = 0;
  bool near_retention_edge = false;
};

struct ServerStatus {
  std::string version;
  // The server's ordinal; 0 is the primary.
  uint32_t ordinal = 0;
  // "primary" or "replica".
  std::string role;
  uint64_t uptime_seconds = 0;
  // The newest position the server holds (on the primary: the last committed one).
  uint64_t latest_position = 0;
  uint32_t open_sessions = 0;
  // The cluster's history id; empty before it is known.
  std::string cluster_id;
  // Where writes go.
  std::string primary_address;
  // On a replica: its stream from the primary. Unset on the primary (and on a replica whose
  // server did not report one).
  std::optional<ReplicationStatus> replication;
  // On the primary: every replica that subscribed since the primary started.
  std::vector<ReplicaStatus> replicas;
  // On the primary: how many replicas a commit waits for (--sync_replicas; 0 is
  // asynchronous), and how many commits fell back to asynchronous after the wait timed out.
  uint32_t sync_replicas = 0;
  uint64_t sync_fallbacks = 0;
};

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_SERVER_STATUS_H_
