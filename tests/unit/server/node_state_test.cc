// The node's state machine: the table of docs/node-lifecycle.md.
#include "server/node_state.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace ordinal::server {
namespace {

TEST(NodeStateTest, NamesAreTheDocumentedOnesAndUnique) {
  std::set<std::string> names;
  for (NodeState state : kAllNodeStates) names.insert(NodeStateName(state));
  EXPECT_EQ(names.size(), std::size(kAllNodeStates));
  EXPECT_EQ(std::string(NodeStateName(NodeState::kCatchingUp)), "catching-up");
  EXPECT_EQ(std::string(NodeStateName(NodeState::kStoppedNeedsClone)), "stopped-needs-clone");
}

TEST(NodeStateTest, ReplicaReclonesAndSwapsBackToFollowing) {
  NodeStateMachine machine;
  for (NodeState next : {NodeState::kCatchingUp, NodeState::kStreaming, NodeState::kCloning,
                         NodeState::kSwapping, NodeState::kCatchingUp}) {
    EXPECT_TRUE(machine.Transition(next, "test").ok()) << NodeStateName(next);
  }
  EXPECT_EQ(machine.state(), NodeState::kCatchingUp);
}

TEST(NodeStateTest, DivergedReplicaReclonesOnlyThroughCloning) {
  NodeStateMachine machine;
  for (NodeState next : {NodeState::kCatchingUp, NodeState::kStreaming, NodeState::kDiverged,
                         NodeState::kCloning, NodeState::kSwapping, NodeState::kCatchingUp}) {
    EXPECT_TRUE(machine.Transition(next, "test").ok()) << NodeStateName(next);
  }
  EXPECT_FALSE(TransitionAllowed(NodeState::kDiverged, NodeState::kCatchingUp));
  EXPECT_FALSE(TransitionAllowed(NodeState::kDiverged, NodeState::kStreaming));
  EXPECT_FALSE(IsReadyState(NodeState::kDiverged));
}

TEST(NodeStateTest, OrdinalZeroRecoversThenServesAsPrimary) {
  NodeStateMachine machine;
  ASSERT_TRUE(machine.Transition(NodeState::kRecovering, "empty volume").ok());
  EXPECT_FALSE(IsReadyState(machine.state()));
  EXPECT_EQ(machine.Transition(NodeState::kCatchingUp, "no").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(machine.Transition(NodeState::kPrimary, "recovered").ok());
}

TEST(NodeStateTest, UndocumentedTransitionIsRefusedAndChangesNothing) {
  NodeStateMachine machine;
  ASSERT_TRUE(machine.Transition(NodeState::kPrimary, "ordinal 0").ok());
  EXPECT_EQ(machine.Transition(NodeState::kCloning, "no").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(machine.state(), NodeState::kPrimary);
}

TEST(NodeStateTest, StoppingIsReachableFromEveryStateAndTerminal) {
  for (NodeState state : kAllNodeStates) {
    EXPECT_TRUE(TransitionAllowed(state, NodeState::kStopping) || state == NodeState::kStopping);
    EXPECT_FALSE(TransitionAllowed(NodeState::kStopping, state));
  }
}

TEST(NodeStateTest, TransitionFromOnlyActsInTheExpectedState) {
  NodeStateMachine machine;
  ASSERT_TRUE(machine.Transition(NodeState::kCatchingUp, "opened").ok());
  ASSERT_TRUE(machine.Transition(NodeState::kCloning, "purged").ok());
  EXPECT_FALSE(machine.TransitionFrom(NodeState::kStreaming, NodeState::kCatchingUp, "late"));
  EXPECT_EQ(machine.state(), NodeState::kCloning);
  EXPECT_EQ(machine.Current().reason, "purged");
}

TEST(NodeStateTest, OnlyPrimaryAndStreamingAreReady) {
  for (NodeState state : kAllNodeStates) {
    EXPECT_EQ(IsReadyState(state), state == NodeState::kPrimary || state == NodeState::kStreaming);
  }
}

}  // namespace
}  // namespace ordinal::server
