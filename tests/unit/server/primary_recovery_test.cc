// Ordinal 0's choice after probing its replicas (server/primary_recovery.h): wait while a
// replica that exists is silent, clone the most advanced replica, bootstrap only when no
// replica holds data.
#include "server/primary_recovery.h"

#include <gtest/gtest.h>

namespace ordinal::server {
namespace {

using Answer = PeerProbe::Answer;
using Kind = RecoveryDecision::Kind;

PeerProbe Peer(uint32_t ordinal, Answer answer, uint64_t epochs = 0, uint64_t position = 0) {
  PeerProbe probe;
  probe.ordinal = ordinal;
  probe.address = "ordinal-" + std::to_string(ordinal);
  probe.answer = answer;
  probe.detail = "connection refused";
  if (answer == Answer::kHasData) {
    probe.cluster_id = "c";
    probe.position = position;
    engine::History history;
    for (uint64_t e = 0; e < epochs; ++e) history = history.Opened(e * 10 + 1, e * 10, e + 1);
    probe.history = history;
  }
  return probe;
}

TEST(PrimaryRecoveryTest, NoReplicaBootstraps) {
  EXPECT_EQ(DecideRecovery({}).kind, Kind::kBootstrap);
}

TEST(PrimaryRecoveryTest, OnlyEmptyReplicasBootstrap) {
  EXPECT_EQ(DecideRecovery({Peer(1, Answer::kEmpty), Peer(2, Answer::kEmpty)}).kind,
            Kind::kBootstrap);
}

TEST(PrimaryRecoveryTest, SilentReplicaWaitsEvenWhenAnotherHoldsData) {
  RecoveryDecision decision =
      DecideRecovery({Peer(1, Answer::kHasData, 2, 15), Peer(2, Answer::kSilent)});
  EXPECT_EQ(decision.kind, Kind::kWait);
  EXPECT_NE(decision.why.find("ordinal 2"), std::string::npos) << decision.why;
}

TEST(PrimaryRecoveryTest, SilentReplicaWaitsInsteadOfBootstrapping) {
  EXPECT_EQ(DecideRecovery({Peer(1, Answer::kSilent), Peer(2, Answer::kEmpty)}).kind,
            Kind::kWait);
}

TEST(PrimaryRecoveryTest, ClonesTheHighestPositionOfTheLatestEpoch) {
  RecoveryDecision decision = DecideRecovery({Peer(1, Answer::kHasData, 2, 15),
                                              Peer(2, Answer::kHasData, 3, 12),
                                              Peer(3, Answer::kHasData, 3, 14)});
  ASSERT_EQ(decision.kind, Kind::kClone);
  EXPECT_EQ(decision.source->ordinal, 3u);
}

TEST(PrimaryRecoveryTest, EqualReplicasPickTheLowestOrdinal) {
  RecoveryDecision decision = DecideRecovery(
      {Peer(1, Answer::kHasData, 2, 15), Peer(2, Answer::kHasData, 2, 15), Peer(3, Answer::kEmpty)});
  ASSERT_EQ(decision.kind, Kind::kClone);
  EXPECT_EQ(decision.source->ordinal, 1u);
}

TEST(PrimaryRecoveryTest, PeersFlagListsEveryOrdinalWithoutResolving) {
  std::vector<std::pair<uint32_t, std::string>> peers = ListPeers("127.0.9.{ordinal}:7306", 3);
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_EQ(peers[0].second, "127.0.9.1:7306");
  EXPECT_EQ(peers[1].first, 2u);
}

TEST(PrimaryRecoveryTest, LoopbackNamesTellNothingWithoutThePeersFlag) {
  EXPECT_TRUE(ListPeers("127.0.9.{ordinal}:7306", 0).empty());
  EXPECT_TRUE(ListPeers("no-such-host-{ordinal}.invalid:7306", 0).empty());
}

}  // namespace
}  // namespace ordinal::server
