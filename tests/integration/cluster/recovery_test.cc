// Ordinal 0 never starts a new history while a replica holds the old one (DESIGN.md
// invariant 5, docs/history.md "Recovering ordinal 0"): when its volume is lost it clones
// its most advanced replica; while a replica that exists does not answer, it waits and
// never bootstraps. With --sync_replicas=1 no acknowledged commit is lost.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/integration/cluster/cluster_fixture.h"

namespace ordinal::integration {
namespace {

namespace fs = std::filesystem;

constexpr absl::Duration kRecoveryTimeout = absl::Seconds(120);

class ClusterRecoveryTest : public ClusterFixture {
 protected:
  ClusterProcessOptions Options() override {
    // A long semi-sync timeout: no commit is acknowledged without a replica.
    return {.primary_flags = {"--sync_replicas=1", "--sync_timeout_ms=120000"}};
  }

  std::string ClusterId(int ordinal) {
    absl::StatusOr<v1::GetStatusResponse> status = cluster().AdminStatus(ordinal);
    EXPECT_TRUE(status.ok()) << status.status();
    return status.ok() ? status->cluster_id() : "";
  }

  // Kills ordinal 0 and deletes its volume; its next start says how many ordinals exist
  // (on loopback every name resolves; docs/history.md).
  void LoseThePrimarysVolume() {
    ASSERT_TRUE(cluster().Kill(0).ok());
    fs::remove_all(cluster().pod(0).data_dir());
    cluster().pod(0).mutable_options().flags.push_back(
        absl::StrCat("--peers=", cluster().pod_count()));
  }

  // Polls until ordinal 0 answers SQL as the primary again.
  absl::Status WaitPrimaryServes(absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    while (absl::Now() < deadline) {
      absl::StatusOr<v1::GetStatusResponse> status = cluster().AdminStatus(0);
      if (status.ok() && !status->has_recovery() && status->latest_position() > 0) {
        return absl::OkStatus();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return absl::DeadlineExceededError("ordinal 0 did not serve again");
  }
};

TEST_F(ClusterRecoveryTest, LostPrimaryVolumeUnderLoadRecoversEveryAcknowledgedWrite) {
  constexpr int kWriters = 4;
  ASSERT_NO_FATAL_FAILURE(CreateLoadSchema(kWriters));
  const std::string cluster_id = ClusterId(0);
  WriteLoad load(cluster().address(0), cluster().password(), kWriters);
  load.Start();
  ASSERT_NO_FATAL_FAILURE(WaitForAcknowledged(load, 200));

  ASSERT_NO_FATAL_FAILURE(LoseThePrimarysVolume());
  const int64_t acknowledged_at_loss = load.total_acknowledged();
  const absl::Time start = absl::Now();
  ASSERT_TRUE(cluster().Restart(0).ok()) << cluster().LogTail(0);
  const absl::Duration recovery = absl::Now() - start;
  std::printf("ordinal 0 recovered its lost volume from its replicas in %.3f s (start of the "
              "process to SERVING)\n",
              absl::ToDoubleSeconds(recovery));

  EXPECT_EQ(ClusterId(0), cluster_id);
  // Writes resume on the recovered primary.
  ASSERT_NO_FATAL_FAILURE(WaitForAcknowledged(load, acknowledged_at_loss + 100));
  load.Stop();
  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  ExpectWritersIntact(load);
  ExpectChecksumsEqual({kEventsTable, kCountersTable});
  for (int ordinal = 1; ordinal < cluster().pod_count(); ++ordinal) {
    EXPECT_EQ(ClusterId(ordinal), cluster_id);
  }
}

TEST_F(ClusterRecoveryTest, LostPrimaryVolumeWaitsForAStoppedReplicaAndNeverBootstraps) {
  Sql(0, "CREATE DATABASE cluster");
  Sql(0, "CREATE TABLE cluster.kv (id BIGINT PRIMARY KEY)");
  Sql(0, "INSERT INTO cluster.kv VALUES (1), (2), (3)");
  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  const std::string cluster_id = ClusterId(0);

  ASSERT_TRUE(cluster().Stop(1).ok());
  ASSERT_NO_FATAL_FAILURE(LoseThePrimarysVolume());
  cluster().pod(0).mutable_options().wait_for_service = "ordinal.liveness";
  ASSERT_TRUE(cluster().Restart(0).ok()) << cluster().LogTail(0);

  // It says it waits for ordinal 1 and why, and serves nothing meanwhile.
  const absl::Time deadline = absl::Now() + kRecoveryTimeout;
  v1::GetStatusResponse status;
  while (absl::Now() < deadline) {
    absl::StatusOr<v1::GetStatusResponse> answer = cluster().AdminStatus(0);
    if (answer.ok() && answer->recovery().state() == "waiting") {
      status = *answer;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(status.recovery().state(), "waiting") << cluster().LogTail(0);
  EXPECT_NE(status.recovery().detail().find("ordinal 1"), std::string::npos)
      << status.recovery().detail();
  EXPECT_TRUE(status.cluster_id().empty());
  EXPECT_FALSE(cluster().Execute(0, "SELECT 1").ok());
  EXPECT_FALSE(fs::exists(fs::path(cluster().pod(0).data_dir()) / "CURRENT"));

  // Ordinal 1 returns: ordinal 0 recovers from the most advanced replica.
  ASSERT_TRUE(cluster().Restart(1).ok()) << cluster().LogTail(1);
  ASSERT_TRUE(WaitPrimaryServes(kRecoveryTimeout).ok()) << cluster().LogTail(0);
  EXPECT_EQ(ClusterId(0), cluster_id);
  EXPECT_EQ(IntCell(0, "SELECT COUNT(*) FROM cluster.kv"), 3);
  Sql(0, "INSERT INTO cluster.kv VALUES (4)");
  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  ExpectChecksumsEqual({"cluster.kv"});
}

}  // namespace
}  // namespace ordinal::integration
