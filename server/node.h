// The node: one long-lived owner of this pod's lifecycle (server/node_state.h). It keeps
// the Store (the open database and what is bound to it) in a Slot that the server's calls
// borrow from, and moves the node through its states:
//   ordinal 0      opens its store: primary; with an empty volume, when replicas exist
//                  (and no --force_bootstrap), it first recovers it from its most advanced
//                  replica (recovering, see server/primary_recovery.h), then opens it as the
//                  primary, which opens a new epoch (docs/history.md); a new cluster (no
//                  replica exists) opens its store before the port is bound, like a restart;
//   a replica      opens its complete store and follows the primary (catching-up, then
//                  streaming), or first clones its predecessor into an empty data directory
//                  (cloning; SQL answers UNAVAILABLE with the reason meanwhile);
//   diverged       when the Follower stops with StopReason::kDiverged the node reports
//                  `diverged`; with --on_divergence=reclone it then re-clones (below), with
//                  `stop` it waits for an operator, its data untouched;
//   re-clone       when the Follower stops with StopReason::kNeedsClone (an event, not a
//                  poll) and --auto_reclone is on, or after a divergence, it copies a snapshot into
//                  <data_dir>.reclone while the old store keeps serving reads (cloning),
//                  then swaps it in place (swapping): new calls wait for the new store, the
//                  calls in flight finish, the old store's sessions end, the directory is
//                  installed and the new store opened and installed. Nothing rebinds.
// All of this runs on the node's own thread; the follower's event is only queued.
//
// Ownership: references the Config, Authenticator, Slot and SessionManager, which must
// outlive it. The stores it installs are owned by the Slot.
// Thread safety: the status accessors are thread-safe; Start/Stop from the owner's thread.
#ifndef ORDINAL_SERVER_NODE_H_
#define ORDINAL_SERVER_NODE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <grpcpp/health_check_service_interface.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "ordinal/v1/admin.pb.h"
#include "replication/follower.h"
#include "server/auth.h"
#include "server/clone_node.h"
#include "server/config.h"
#include "server/metrics.h"
#include "server/node_state.h"
#include "server/primary_recovery.h"
#include "server/role.h"
#include "server/session_manager.h"
#include "server/slot.h"
#include "server/store.h"

namespace ordinal::server {

class Node {
 public:
  struct Parts {
    const Config& config;
    int ordinal;
    const Authenticator& auth;
    Slot<Store>& slot;
    SessionManager& sessions;
    // Called (on the node's thread) when the node cannot go on, e.g. a cloned store that
    // does not open: the process should exit with this error.
    std::function<void(const absl::Status&)> on_fatal;
  };

  explicit Node(Parts parts);
  ~Node();  // Stop()s

  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Before the server binds its port: opens the store when the data directory holds a
  // complete one (ordinal 0 always), so that the port never answers SERVING without a
  // store. Its error means the server cannot start.
  absl::Status Open();

  // Once the server listens: reports SERVING on `health` (may be null) when a store is
  // open, and starts the node's thread (the first clone when Open found no complete store,
  // then the follower's events).
  void Start(grpc::HealthCheckServiceInterface* health);

  // Cancels a clone, ends the node's thread and enters `stopping`. Idempotent. The store
  // stays in the slot (the server releases it).
  void Stop();

  NodeStateMachine::Snapshot state() const { return machine_.Current(); }

  // Moves a following replica between catching-up and streaming from its Follower's state
  // and lag (readiness re-evaluates lag every interval); true when the node should receive
  // reads (primary, or streaming within --readiness_max_lag_ms).
  bool RefreshReadiness();

  Role role() const { return RoleForOrdinal(ordinal_); }
  const std::string& primary_address() const { return primary_address_; }

  // A replica's stream (state "cloning" with the progress while it clones or swaps);
  // nullopt on the primary.
  std::optional<ordinal::v1::ReplicationState> ReplicationStatus() const;
  // Ordinal 0's recovery of an empty volume (probing, waiting, cloning, done) while the node
  // is `recovering`; nullopt otherwise.
  std::optional<ordinal::v1::RecoveryState> RecoveryStatus() const;
  // Clone figures, both sides, counting all stores since the process started.
  CloneFigures Clones() const;

 private:
  struct FollowerStop {
    replication::StopReason reason;
    absl::Status status;
  };

  void Run();
  // Ordinal 0 with an empty volume: recovers it from its replicas (or finds none), then
  // opens and installs the store as the primary.
  void Recover();
  // First boot of a replica: clones into --data_dir, opens and installs the store.
  bool InitialClone();
  void HandleFollowerStop(const FollowerStop& stop);
  // Re-clones while the old store serves reads; `why` says what made it necessary.
  void Reclone(const std::string& why);
  // Replaces the installed store with the finished re-clone (see the file comment).
  void SwapInPlace(const replication::CloneResult& clone);
  // Opens the store, installs it, enters `next` and starts following.
  absl::Status OpenAndInstall(NodeState next, std::string reason);
  // Runs a CloneDriver into `target_dir` until it succeeds or Stop() cancels it.
  absl::StatusOr<replication::CloneResult> RunClone(const std::string& target_dir);
  void OnFollowerStopped(replication::StopReason reason, const absl::Status& status);

  const Config& config_;
  const int ordinal_;
  const Authenticator& auth_;
  Slot<Store>& slot_;
  SessionManager& sessions_;
  const std::function<void(const absl::Status&)> on_fatal_;
  const CloneSettings clone_settings_;
  const std::string primary_address_;
  bool clone_first_ = false;    // set by Open (a replica)
  bool recover_first_ = false;  // set by Open (ordinal 0)
  std::atomic<grpc::HealthCheckServiceInterface*> health_{nullptr};  // set by Start
  NodeStateMachine machine_;
  std::thread thread_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<FollowerStop> pending_stop_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<CloneDriver> driver_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<PrimaryRecovery> recovery_ ABSL_GUARDED_BY(mu_);  // ordinal 0, once set
  replication::CloneProgress last_progress_ ABSL_GUARDED_BY(mu_);
  uint64_t clone_bytes_before_ ABSL_GUARDED_BY(mu_) = 0;  // received by finished clones
  CloneFigures retired_ ABSL_GUARDED_BY(mu_);  // source figures of released stores
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_NODE_H_
