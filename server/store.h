// Everything of a node that is bound to one open database: the engine::Database, the
// node's part in replication (ReplicationNode: the primary's backlog and streams, or the
// replica's follower, and the clone source) and semi-sync. The node keeps one Store in its
// Slot (server/slot.h) and replaces it in place after a re-clone; the gRPC server, the
// sessions table and the metrics outlive every Store.
//
// Lifecycle: Open (opens the database in the role of the ordinal, starts the primary's
// backlog), StartFollowing once installed, StopStreams before the store is released
// (ends replication and clone streams so that the calls holding it return), then destroy
// (stops replication, closes the database).
//
// Thread safety: the accessors are thread-safe as their objects are; lifecycle calls come
// from the node's thread.
#ifndef ORDINAL_SERVER_STORE_H_
#define ORDINAL_SERVER_STORE_H_

#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/database.h"
#include "replication/follower.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/replication_node.h"
#include "server/sync_replicas.h"

namespace ordinal::server {

class Store {
 public:
  // Called on the follower's thread when a replica's follower stops for good.
  using FollowerStopped = std::function<void(replication::StopReason, const absl::Status&)>;

  // Opens --data_dir in the role of `ordinal`. The error says why it cannot be opened.
  // `auth` must outlive the store.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const Config& config, int ordinal,
                                                     const Authenticator& auth,
                                                     FollowerStopped on_follower_stopped);
  ~Store();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  engine::Database& db() { return *db_; }
  const engine::Database& db() const { return *db_; }
  ReplicationNode& replication() { return *replication_; }
  const ReplicationNode& replication() const { return *replication_; }
  SyncReplicas& sync() { return *sync_; }
  const SyncReplicas& sync() const { return *sync_; }

  // On a replica, starts following the primary; a no-op on the primary.
  absl::Status StartFollowing() { return replication_->StartFollowing(); }
  // Ends every replication and clone stream promptly. Idempotent.
  void StopStreams() { replication_->StopStreams(); }
  // Ends every position wait and semi-sync wait at once, now and from now on (shutdown).
  void StopWaits() {
    db_->StopWaits();
    sync_->StopWaits();
  }

 private:
  Store() = default;
  absl::Status OpenDatabase(const Config& config, int ordinal);
  absl::Status StartReplication(const Config& config, int ordinal, const Authenticator& auth,
                                FollowerStopped on_follower_stopped);

  std::unique_ptr<engine::Database> db_;
  std::unique_ptr<ReplicationNode> replication_;
  std::unique_ptr<SyncReplicas> sync_;
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_STORE_H_
