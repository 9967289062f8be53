// The lifecycle of one ordinald node as one explicit state machine (docs/node-lifecycle.md
// has the table of transitions and what clients see in each state).
//
//   starting             the server is bound; the node decides what its data directory needs
//   recovering           ordinal 0 with an empty volume looks for its replicas first and
//                        clones the most advanced one (server/primary_recovery.h)
//   cloning              copying a snapshot: on first boot there is no store yet (SQL answers
//                        UNAVAILABLE); on a re-clone the old store keeps serving reads
//   swapping             a finished re-clone replaces the store in place: new calls wait
//                        (bounded) for the new store, the old one's sessions end
//   catching-up          a replica with a store, connecting or behind by more than
//                        --readiness_max_lag_ms
//   streaming            a replica streaming within --readiness_max_lag_ms (ready)
//   diverged             a replica whose history forked from the primary's; it re-clones
//                        (--on_divergence=reclone) or waits for an operator (stop)
//   stopped-needs-clone  the primary purged the replica's position and --auto_reclone is off
//   stopped-error        the primary serves another history; an operator decides
//   primary              ordinal 0 serving writes (ready)
//   stopping             shutting down (terminal)
//
// Every transition is checked against the table (TransitionAllowed), logged with its reason,
// and visible in Admin.GetStatus (node_state, node_state_reason), readiness and the metric
// ordinal_node_state{state}.
//
// Thread safety: NodeStateMachine is thread-safe.
#ifndef ORDINAL_SERVER_NODE_STATE_H_
#define ORDINAL_SERVER_NODE_STATE_H_

#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ordinal::server {

enum class NodeState {
  kStarting,
  kRecovering,
  kCloning,
  kSwapping,
  kCatchingUp,
  kStreaming,
  kDiverged,
  kStoppedNeedsClone,
  kStoppedError,
  kPrimary,
  kStopping,
};

inline constexpr NodeState kAllNodeStates[] = {
    NodeState::kStarting,   NodeState::kRecovering,        NodeState::kCloning,
    NodeState::kSwapping,   NodeState::kCatchingUp,        NodeState::kStreaming,
    NodeState::kDiverged,   NodeState::kStoppedNeedsClone, NodeState::kStoppedError,
    NodeState::kPrimary,    NodeState::kStopping,
};

// The state's name on the wire, in logs and in metrics ("catching-up", ...).
const char* NodeStateName(NodeState state);

// Whether the table of docs/node-lifecycle.md has an edge `from` -> `to`.
bool TransitionAllowed(NodeState from, NodeState to);

// Whether a node in `state` should receive reads (the readiness probe).
bool IsReadyState(NodeState state);

class NodeStateMachine {
 public:
  struct Snapshot {
    NodeState state = NodeState::kStarting;
    std::string reason;
    absl::Time since;
  };

  NodeStateMachine();

  // Moves to `to` and logs "node: FROM -> TO: reason". OK without a change when already in
  // `to`. FAILED_PRECONDITION (and no change) when the table has no such edge; leaving
  // `stopping` is never allowed.
  absl::Status Transition(NodeState to, std::string reason);

  // Moves `from` -> `to` only when the state is `from` now (for observers that race with
  // the node's own thread); false without a change otherwise.
  bool TransitionFrom(NodeState from, NodeState to, std::string reason);

  Snapshot Current() const;
  NodeState state() const;

 private:
  absl::Status TransitionLocked(NodeState to, std::string reason)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  Snapshot current_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_NODE_STATE_H_
