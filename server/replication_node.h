// This server's part in replication, chosen by its role (docs/replication-protocol.md):
//   primary  the Backlog of recent commits, the AckTracker of its replicas, and the
//            Replication gRPC service that streams the log to them;
//   replica  a Follower that streams the primary's log into the local database. The
//            Replication service is registered too, so that a replica mistakenly pointed
//            at another replica gets a clear refusal rather than UNIMPLEMENTED.
// It also answers SHOW REPLICA STATUS / SHOW REPLICAS and the replication parts of
// Admin.GetStatus, health and metrics, each with the same columns on either role.
//
// Every pod also serves clones of its database (clone_service(), server/clone_node.h). When
// the replica's Follower stops for good it says why through Options::on_follower_stopped;
// the node (server/node.h) decides what follows (a re-clone, or stopping).
//
// One ReplicationNode belongs to one open database (server/store.h); the server's
// long-lived gRPC services forward to the current one's service() and clone_service().
//
// Lifecycle: Create (the primary's Backlog starts tailing at once), StartFollowing() once
// the store is installed, StopStreams() before the store is released, then destroy before
// the database closes.
//
// Ownership: references the Database, which must outlive the node.
// Thread safety: the status accessors are thread-safe; lifecycle calls come from the
// owner's thread.
#ifndef ORDINAL_SERVER_REPLICATION_NODE_H_
#define ORDINAL_SERVER_REPLICATION_NODE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/impl/service_type.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/database.h"
#include "ordinal/v1/admin.pb.h"
#include "replication/ack_tracker.h"
#include "replication/backlog.h"
#include "replication/follower.h"
#include "replication/log_archiver.h"
#include "replication/primary_service.h"
#include "server/clone_node.h"
#include "server/metrics.h"
#include "server/role.h"

namespace ordinal::server {

class ReplicationNode {
 public:
  struct Options {
    Role role = Role::kPrimary;
    // The primary's address (peer template for ordinal 0).
    std::string primary_address;
    // This server's ordinal and the address other pods reach it at.
    uint32_t ordinal = 0;
    std::string own_address;
    // What a replica presents to the primary: the replication user (or root) and password.
    std::string user = "root";
    std::string password;
    absl::Duration heartbeat_interval = absl::Milliseconds(500);
    // Clone serving (data_dir empty: no clone service).
    CloneSettings clone;
    // Called on the follower's thread when it stops for good (replication/follower.h).
    std::function<void(replication::StopReason, const absl::Status&)> on_follower_stopped;
    // With mutual TLS, checks that a stream's client certificate names the ordinal it
    // claims (server/peer_identity.h); empty accepts any.
    replication::PrimaryService::CheckPeer check_peer;
    // The primary archives its log here (replication/log_archiver.h); "" = off.
    std::string log_archive_dir;
    absl::Duration log_archive_retention = absl::Hours(24 * 7);
    // Byte budget of the primary's in-memory backlog of recent batches (MemoryPlan).
    size_t backlog_bytes = 64ull << 20;
  };

  // On a primary, starts the Backlog (the engine's error when its log cannot be opened).
  static absl::StatusOr<std::unique_ptr<ReplicationNode>> Create(
      engine::Database& db, Options options,
      replication::PrimaryService::Authenticate authenticate);
  ~ReplicationNode();  // stops the follower and the backlog

  ReplicationNode(const ReplicationNode&) = delete;
  ReplicationNode& operator=(const ReplicationNode&) = delete;

  Role role() const { return options_.role; }
  const std::string& primary_address() const { return options_.primary_address; }

  // The Replication gRPC service (the server's forwarder calls it).
  replication::PrimaryService* service() { return service_.get(); }
  // The Clone gRPC service (null when options.clone.data_dir is empty).
  replication::CloneService* clone_service() { return clone_ ? clone_->service() : nullptr; }

  // The primary's acknowledgements (for semi-sync); null on a replica.
  replication::AckTracker* acks() { return role() == Role::kPrimary ? &acks_ : nullptr; }

  // On a replica, starts following the primary; a no-op on the primary.
  absl::Status StartFollowing();

  // Ends every replication stream, both ways, promptly. Idempotent.
  void StopStreams();

  // The follower's state on a replica; nullopt on the primary.
  std::optional<ordinal::v1::ReplicationState> FollowerState() const;
  // The clone source's figures (this store's snapshots served), for metrics.
  CloneFigures Clones() const;
  // On the primary, the oldest position a replica can follow from; nullopt on a replica.
  std::optional<uint64_t> OldestRetainedPosition() const;
  // The log archiver's figures; nullopt on a replica or without --log_archive_dir.
  std::optional<replication::LogArchiverFigures> ArchiveFigures() const;
  // The primary's replicas (every one seen since start); empty on a replica.
  std::vector<ordinal::v1::ReplicaInfo> Replicas() const;
  // Replicas with an open stream.
  int ConnectedReplicas() const;

  // SHOW REPLICAS: one row per replica on the primary, no rows on a replica.
  engine::ResultSet ShowReplicas() const;

 private:
  ReplicationNode(engine::Database& db, Options options) : db_(db), options_(std::move(options)) {}

  engine::Database& db_;
  const Options options_;
  replication::AckTracker acks_;
  std::unique_ptr<replication::Backlog> backlog_;
  std::unique_ptr<replication::PrimaryService> service_;
  std::unique_ptr<replication::Follower> follower_;  // replica only
  std::unique_ptr<replication::LogArchiver> archiver_;  // primary with an archive only
  std::unique_ptr<CloneServing> clone_;
};

// SHOW REPLICA STATUS from a replica's state (nullopt on the primary: no rows), with the
// clone's progress columns.
engine::ResultSet ReplicaStatusResult(const std::optional<ordinal::v1::ReplicationState>& state);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_REPLICATION_NODE_H_
