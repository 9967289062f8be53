#include "server/node_state.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {
namespace {

using S = NodeState;

struct Edge {
  NodeState from;
  NodeState to;
};

// The table of docs/node-lifecycle.md. Every state may also go to kStopping.
constexpr Edge kEdges[] = {
    {S::kStarting, S::kPrimary},          // ordinal 0 opened its store
    {S::kStarting, S::kRecovering},       // ordinal 0 with an empty volume
    {S::kStarting, S::kCloning},          // a replica with an empty or unfinished volume
    {S::kStarting, S::kCatchingUp},       // a replica opened its complete store
    {S::kRecovering, S::kPrimary},        // recovered from a replica, or none holds data
    {S::kCloning, S::kCatchingUp},        // the first clone is open and follows
    {S::kCloning, S::kSwapping},          // a re-clone is complete
    {S::kSwapping, S::kCatchingUp},       // the new store is in and follows
    {S::kSwapping, S::kStoppedNeedsClone},  // the swap failed: the old store stays
    {S::kCatchingUp, S::kStreaming},      // within the readiness lag
    {S::kStreaming, S::kCatchingUp},      // disconnected or fell behind
    {S::kCatchingUp, S::kCloning},        // the primary purged our position: re-clone
    {S::kStreaming, S::kCloning},
    {S::kCatchingUp, S::kStoppedNeedsClone},  // ... with --auto_reclone=false
    {S::kStreaming, S::kStoppedNeedsClone},
    {S::kCatchingUp, S::kDiverged},       // our history forked from the primary's
    {S::kStreaming, S::kDiverged},
    {S::kDiverged, S::kCloning},          // --on_divergence=reclone
    {S::kCatchingUp, S::kStoppedError},   // the primary serves another history
    {S::kStreaming, S::kStoppedError},
};

}  // namespace

const char* NodeStateName(NodeState state) {
  switch (state) {
    case S::kStarting: return "starting";
    case S::kRecovering: return "recovering";
    case S::kCloning: return "cloning";
    case S::kSwapping: return "swapping";
    case S::kCatchingUp: return "catching-up";
    case S::kStreaming: return "streaming";
    case S::kDiverged: return "diverged";
    case S::kStoppedNeedsClone: return "stopped-needs-clone";
    case S::kStoppedError: return "stopped-error";
    case S::kPrimary: return "primary";
    case S::kStopping: return "stopping";
  }
  return "unknown";
}

bool TransitionAllowed(NodeState from, NodeState to) {
  if (from == S::kStopping) return false;
  if (to == S::kStopping) return true;
  for (const Edge& edge : kEdges) {
    if (edge.from == from && edge.to == to) return true;
  }
  return false;
}

bool IsReadyState(NodeState state) { return state == S::kPrimary || state == S::kStreaming; }

NodeStateMachine::NodeStateMachine() {
  current_.since = absl::Now();
  current_.reason = "process started";
}

absl::Status NodeStateMachine::Transition(NodeState to, std::string reason) {
  absl::MutexLock lock(&mu_);
  return TransitionLocked(to, std::move(reason));
}

bool NodeStateMachine::TransitionFrom(NodeState from, NodeState to, std::string reason) {
  absl::MutexLock lock(&mu_);
  if (current_.state != from) return false;
  return TransitionLocked(to, std::move(reason)).ok();
}

absl::Status NodeStateMachine::TransitionLocked(NodeState to, std::string reason) {
  const NodeState from = current_.state;
  if (from == to) return absl::OkStatus();
  if (!TransitionAllowed(from, to)) {
    spdlog::error("node: refusing transition {} -> {} ({})", NodeStateName(from),
                  NodeStateName(to), reason);
    return absl::FailedPreconditionError(absl::StrCat(
        "no transition from ", NodeStateName(from), " to ", NodeStateName(to)));
  }
  spdlog::info("node: {} -> {}: {}", NodeStateName(from), NodeStateName(to), reason);
  current_ = Snapshot{to, std::move(reason), absl::Now()};
  return absl::OkStatus();
}

NodeStateMachine::Snapshot NodeStateMachine::Current() const {
  absl::MutexLock lock(&mu_);
  return current_;
}

NodeState NodeStateMachine::state() const {
  absl::MutexLock lock(&mu_);
  return current_.state;
}

}  // namespace ordinal::server
