// Histories and the on-history rule (engine/history.h): which replicas may continue
// following a primary, which are diverged, and the stored form.
#include "engine/history.h"

#include <gtest/gtest.h>

namespace ordinal::engine {
namespace {

constexpr uint64_t kA = 0xa1, kB = 0xb2, kC = 0xc3, kD = 0xd4;

// Builds histories epoch by epoch: Start().Restart(57, kB) ...
class HistoryBuilder {
 public:
  explicit HistoryBuilder(uint64_t id = kA) : history_(History().Opened(1, 0, id)) {}
  // A primary restart at newest position `latest`.
  HistoryBuilder& Restart(uint64_t latest, uint64_t id) {
    history_ = history_.Opened(latest + 1, latest, id);
    return *this;
  }
  // Ordinal 0 recovered from a replica that applied `applied`; its store was at `latest`.
  HistoryBuilder& Recover(uint64_t applied, uint64_t latest, uint64_t id) {
    history_ = history_.Opened(latest + 1, applied, id);
    return *this;
  }
  operator History() const { return history_; }

 private:
  History history_;
};

bool OnHistory(const History& replica, uint64_t applied, const History& primary,
               uint64_t primary_latest) {
  return CheckOnHistory(replica, applied, primary, primary_latest).on_history;
}

TEST(HistoryTest, ReplicaOnTheCurrentEpochFollows) {
  History h = HistoryBuilder().Restart(10, kB);
  EXPECT_TRUE(OnHistory(h, 15, h, 20));
  EXPECT_TRUE(OnHistory(h, 20, h, 20));
}

TEST(HistoryTest, ReplicaAheadOfThePrimaryIsDiverged) {
  History h = HistoryBuilder().Restart(10, kB);
  EXPECT_FALSE(OnHistory(h, 21, h, 20));
}

TEST(HistoryTest, ReplicaOnAnOlderEpochWithinItsEndFollows) {
  History replica = HistoryBuilder();
  History primary = HistoryBuilder().Restart(10, kB).Restart(30, kC);
  EXPECT_TRUE(OnHistory(replica, 10, primary, 50));
  EXPECT_TRUE(OnHistory(replica, 3, primary, 50));
}

TEST(HistoryTest, ReplicaPastTheEndOfItsEpochOnThePrimaryIsDiverged) {
  // The primary lost positions 11..12 of epoch 1 (sync_commit=off, machine crash) and
  // restarted at 10; the replica had applied 12.
  History replica = HistoryBuilder();
  History primary = HistoryBuilder().Restart(10, kB);
  HistoryCheck check = CheckOnHistory(replica, 12, primary, 40);
  EXPECT_FALSE(check.on_history);
  EXPECT_NE(check.reason.find("ends at 10"), std::string::npos) << check.reason;
}

TEST(HistoryTest, RestoredPrimaryReopeningTheSameEpochNumberIsAFork) {
  // Volume copied at epoch 2 (latest 10); the primary went on in epoch 3 (id kC) and the
  // replica applied 15; the old copy restored opens epoch 3 again, with another id.
  History replica = HistoryBuilder().Restart(5, kB).Restart(10, kC);
  History restored = HistoryBuilder().Restart(5, kB).Restart(10, kD);
  EXPECT_FALSE(OnHistory(replica, 15, restored, 12));  // before the primary passes it
  EXPECT_FALSE(OnHistory(replica, 15, restored, 40));  // and after
}

TEST(HistoryTest, ReplicaThatStoppedBeforeTheForkFollowsEitherSide) {
  History replica = HistoryBuilder().Restart(5, kB);
  History restored = HistoryBuilder().Restart(5, kB).Restart(10, kD);
  EXPECT_TRUE(OnHistory(replica, 10, restored, 40));
  EXPECT_FALSE(OnHistory(replica, 11, restored, 40));
}

TEST(HistoryTest, EmptyReplicaIsOnEveryHistory) {
  EXPECT_TRUE(OnHistory(History(), 0, HistoryBuilder().Restart(9, kB), 20));
}

TEST(HistoryTest, ReplicaLongerThanThePrimaryIsDiverged) {
  History replica = HistoryBuilder().Restart(10, kB);
  History primary = HistoryBuilder();
  EXPECT_FALSE(OnHistory(replica, 10, primary, 40));
}

TEST(HistoryTest, OtherBootstrapIsDiverged) {
  EXPECT_FALSE(OnHistory(HistoryBuilder(kA), 3, HistoryBuilder(kB), 40));
}

TEST(HistoryTest, RecoveryContinuesAfterTheSourcesPositionAcrossAGap) {
  // Ordinal 0 recovered from a replica that applied 40; the copy's own sequences ran to 90.
  History source = HistoryBuilder().Restart(10, kB);
  History recovered = HistoryBuilder().Restart(10, kB).Recover(40, 90, kC);
  EXPECT_TRUE(OnHistory(source, 40, recovered, 95));
  EXPECT_TRUE(OnHistory(source, 30, recovered, 95));
  EXPECT_FALSE(OnHistory(source, 41, recovered, 95));
  EXPECT_EQ(History(recovered).ResumePosition(40), 90u);
  EXPECT_EQ(History(recovered).ResumePosition(30), 30u);
  EXPECT_EQ(History(recovered).LogFloor(), 90u);
}

TEST(HistoryTest, LogFloorIsZeroWithoutARecovery) {
  EXPECT_EQ(History(HistoryBuilder().Restart(10, kB).Restart(20, kC)).LogFloor(), 0u);
}

TEST(HistoryTest, EpochOfAPosition) {
  History h = HistoryBuilder().Restart(10, kB).Restart(30, kC);
  EXPECT_EQ(h.EpochOf(1), 1u);
  EXPECT_EQ(h.EpochOf(10), 1u);
  EXPECT_EQ(h.EpochOf(11), 2u);
  EXPECT_EQ(h.EpochOf(31), 3u);
}

TEST(HistoryTest, EncodesAndDecodes) {
  History h = HistoryBuilder().Restart(10, kB).Recover(40, 90, kC);
  absl::StatusOr<History> decoded = DecodeHistory(EncodeHistory(h));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, h);
  EXPECT_EQ(h.ToString(), "1@1 2@11 3@91/40");
}

TEST(HistoryTest, MalformedRecordsAreDataLoss) {
  const std::string good = EncodeHistory(HistoryBuilder().Restart(10, kB));
  EXPECT_TRUE(absl::IsDataLoss(DecodeHistory("").status()));
  EXPECT_TRUE(absl::IsDataLoss(DecodeHistory(good.substr(0, good.size() - 1)).status()));
  std::string wrong_version = good;
  wrong_version[0] = 7;
  EXPECT_TRUE(absl::IsDataLoss(DecodeHistory(wrong_version).status()));
  // Epoch 2 numbered 3.
  std::string renumbered = good;
  renumbered[1 + 32 + 7] = 3;
  EXPECT_TRUE(absl::IsDataLoss(DecodeHistory(renumbered).status()));
  // Epoch 2 before epoch 1's first position.
  EXPECT_FALSE(ValidateHistory(History({Epoch{1, 5, 0, kA}, Epoch{2, 3, 2, kB}})).ok());
  EXPECT_FALSE(ValidateHistory(History({Epoch{1, 5, 5, kA}})).ok());
}

TEST(HistoryTest, LegacyStoreIsEpochOneFromTheStart) {
  History legacy = History::Legacy();
  History upgraded = legacy.Opened(21, 20, kB);
  EXPECT_TRUE(OnHistory(legacy, 20, upgraded, 30));
  EXPECT_FALSE(OnHistory(legacy, 21, upgraded, 30));
}

}  // namespace
}  // namespace ordinal::engine
