// One history, always (DESIGN.md invariant 5, docs/history.md): a primary restored from an
// old copy of its volume forks the history; a replica that applied the lost branch never
// streams the fork, reports `diverged` with both histories, re-clones by itself and
// converges. The replica reconnects either before or after the restored primary passes
// the position it had applied.
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/integration/cluster/cluster_fixture.h"

namespace ordinal::integration {
namespace {

namespace fs = std::filesystem;

constexpr char kTable[] = "cluster.kv";
constexpr absl::Duration kStateTimeout = absl::Seconds(90);

class ClusterForkTest : public ClusterFixture {
 protected:
  ClusterProcessOptions Options() override { return {.pods = 2}; }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ClusterFixture::SetUp());
    Sql(0, "CREATE DATABASE cluster");
    Sql(0, absl::StrCat("CREATE TABLE ", kTable, " (id BIGINT PRIMARY KEY, v TEXT)"));
    InsertRows(1, 3);
    ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  }

  void TearDown() override {
    std::error_code ignored;
    if (!aside_.empty()) fs::remove_all(aside_, ignored);
    ClusterFixture::TearDown();
  }

  void InsertRows(int from, int to) {
    for (int id = from; id <= to; ++id) {
      Sql(0, absl::StrCat("INSERT INTO ", kTable, " VALUES (", id, ", 'r", id, "')"));
    }
  }

  // Stops ordinal 0 and copies its volume aside (a snapshot of the volume).
  void CopyPrimaryVolumeAside() {
    ASSERT_TRUE(cluster().Stop(0).ok());
    aside_ = cluster().pod(0).data_dir() + ".aside";
    fs::copy(cluster().pod(0).data_dir(), aside_, fs::copy_options::recursive);
    ASSERT_TRUE(cluster().Restart(0).ok()) << cluster().LogTail(0);
  }

  // Stops ordinal 0 and puts the copy back in place of its volume.
  void RestorePrimaryVolume() {
    ASSERT_TRUE(cluster().Stop(0).ok());
    fs::remove_all(cluster().pod(0).data_dir());
    fs::copy(aside_, cluster().pod(0).data_dir(), fs::copy_options::recursive);
    ASSERT_TRUE(cluster().Restart(0).ok()) << cluster().LogTail(0);
  }

  // Restarts the replica and watches its state until it reports `diverged` (or re-clones
  // because of it): fails if it reports `streaming` first. Returns how long that took.
  absl::Duration RestartReplicaUntilDiverged() {
    const absl::Time start = absl::Now();
    EXPECT_TRUE(cluster().Restart(1).ok()) << cluster().LogTail(1);
    const absl::Time deadline = absl::Now() + kStateTimeout;
    while (absl::Now() < deadline) {
      absl::StatusOr<v1::GetStatusResponse> status = cluster().AdminStatus(1);
      if (status.ok()) {
        const std::string& state = status->replication().state();
        // With --on_divergence=reclone the node leaves `diverged` for `cloning` at once (an
        // event, not a poll): a re-clone whose reason is the divergence counts as seen.
        const bool recloning_after_divergence =
            status->node_state() == "cloning" &&
            absl::StrContains(status->node_state_reason(), "diverged");
        if (state == "diverged" || recloning_after_divergence) {
          last_diverged_ = *status;
          return absl::Now() - start;
        }
        if (state == "streaming") {
          ADD_FAILURE() << "the replica streams a forked history: "
                        << status->replication().ShortDebugString();
          return absl::Now() - start;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ADD_FAILURE() << "the replica never reported diverged";
    return absl::Now() - start;
  }

  // The fork of the issue: rows 4..8 exist only on the lost branch, which the replica
  // applied; `rows_after_restore` rows go to the restored primary before it reconnects.
  void ForkAndReconnect(int rows_after_restore) {
    ASSERT_NO_FATAL_FAILURE(CopyPrimaryVolumeAside());
    InsertRows(4, 8);
    ASSERT_NO_FATAL_FAILURE(ExpectConverged());
    const uint64_t replica_position = cluster().Position(1).value_or(0);
    ASSERT_TRUE(cluster().Stop(1).ok());
    ASSERT_NO_FATAL_FAILURE(RestorePrimaryVolume());
    for (int i = 0; i < rows_after_restore; ++i) {
      Sql(0, absl::StrCat("INSERT INTO ", kTable, " VALUES (", 100 + i, ", 'fork')"));
    }
    const uint64_t primary_position = cluster().Position(0).value_or(0);
    EXPECT_EQ(primary_position > replica_position, rows_after_restore > 0)
        << "primary at " << primary_position << ", replica at " << replica_position;
    const absl::Duration detection = RestartReplicaUntilDiverged();
    std::printf("divergence detected %.3f s after the replica's restart (primary %s the "
                "replica's position)\n",
                absl::ToDoubleSeconds(detection),
                rows_after_restore > 0 ? "past" : "behind");
    EXPECT_TRUE(absl::StrContains(last_diverged_.replication().last_error(), "diverged"))
        << last_diverged_.replication().ShortDebugString();
    EXPECT_GT(last_diverged_.replication().history_size(), 0);
    EXPECT_GT(last_diverged_.replication().primary_history_size(), 0);

    // It re-clones by itself and converges on the primary's history.
    ASSERT_TRUE(cluster().WaitReplicaState(1, "streaming", kStateTimeout).ok())
        << cluster().LogTail(1);
    ASSERT_NO_FATAL_FAILURE(ExpectConverged());
    ExpectChecksumsEqual({kTable});
    EXPECT_EQ(IntCell(1, absl::StrCat("SELECT COUNT(*) FROM ", kTable, " WHERE id BETWEEN 4 "
                                      "AND 8")),
              0);
    EXPECT_EQ(IntCell(1, absl::StrCat("SELECT COUNT(*) FROM ", kTable)),
              IntCell(0, absl::StrCat("SELECT COUNT(*) FROM ", kTable)));
  }

  std::string aside_;
  v1::GetStatusResponse last_diverged_;
};

TEST_F(ClusterForkTest, ReplicaReconnectingAfterTheRestoredPrimaryPassedItIsDiverged) {
  ForkAndReconnect(/*rows_after_restore=*/12);
}

TEST_F(ClusterForkTest, ReplicaReconnectingBeforeTheRestoredPrimaryPassesItIsDiverged) {
  ForkAndReconnect(/*rows_after_restore=*/0);
}

class ClusterForkStopTest : public ClusterForkTest {
 protected:
  ClusterProcessOptions Options() override {
    return {.pods = 2, .replica_flags = {"--on_divergence=stop"}};
  }
};

TEST_F(ClusterForkStopTest, DivergedReplicaWaitsForAnOperatorAndKeepsItsData) {
  ASSERT_NO_FATAL_FAILURE(CopyPrimaryVolumeAside());
  InsertRows(4, 8);
  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  ASSERT_TRUE(cluster().Stop(1).ok());
  ASSERT_NO_FATAL_FAILURE(RestorePrimaryVolume());
  InsertRows(20, 31);
  RestartReplicaUntilDiverged();
  // SHOW REPLICA STATUS names the state and both histories; the old rows stay readable.
  v1::ExecuteResponse show = Sql(1, "SHOW REPLICA STATUS");
  ASSERT_EQ(show.rows_size(), 1);
  std::string text;
  for (int i = 0; i < show.columns_size(); ++i) {
    absl::StrAppend(&text, show.columns(i).name(), "=", show.rows(0).values(i).string_value(),
                    "\n");
  }
  EXPECT_TRUE(absl::StrContains(text, "State=diverged")) << text;
  EXPECT_TRUE(absl::StrContains(text, "History=1@")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Primary_history=1@")) << text;
  EXPECT_EQ(IntCell(1, absl::StrCat("SELECT COUNT(*) FROM ", kTable, " WHERE id BETWEEN 4 "
                                    "AND 8")),
            5);
  EXPECT_EQ(IntCell(1, absl::StrCat("SELECT COUNT(*) FROM ", kTable, " WHERE id >= 20")), 0);
  absl::StatusOr<v1::GetStatusResponse> status = cluster().AdminStatus(1);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->replication().state(), "diverged");
}

}  // namespace
}  // namespace ordinal::integration
