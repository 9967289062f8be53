// Replicas converge on the primary's history under concurrent write load, also when a
// replica or the primary is killed with SIGKILL half-way and restarted (DESIGN.md invariants
// 1, 2 and 3): CHECKSUM TABLE is equal on all pods, and every writer's sequence of
// transactions is on every pod whole, with nothing skipped or applied twice.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tests/integration/cluster/cluster_fixture.h"

namespace ordinal::integration {
namespace {

constexpr int kWriters = 4;
constexpr auto kLoadDuration = std::chrono::seconds(3);
// Transactions acknowledged before a pod is killed, and again after it is back.
constexpr int64_t kProgressBeforeKill = 500;
constexpr int64_t kProgressAfterRestart = 500;

class ClusterConvergenceTest : public ClusterFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ClusterFixture::SetUp());
    ASSERT_NO_FATAL_FAILURE(CreateLoadSchema(kWriters));
    load_ = std::make_unique<WriteLoad>(cluster().address(0), cluster().password(), kWriters);
  }

  void TearDown() override {
    load_.reset();  // stops the writers before the pods go away
    ClusterFixture::TearDown();
  }

  // Kills the pod once the load is under way, restarts it while the load goes on, and
  // stops the load once it has made progress after the restart.
  void KillAndRestartDuringLoad(int ordinal) {
    load_->Start();
    ASSERT_NO_FATAL_FAILURE(WaitForAcknowledged(*load_, kProgressBeforeKill));
    ASSERT_TRUE(cluster().Kill(ordinal).ok());
    const int64_t at_kill = load_->total_acknowledged();
    absl::Status restarted = cluster().Restart(ordinal);
    ASSERT_TRUE(restarted.ok()) << restarted;
    ASSERT_NO_FATAL_FAILURE(WaitForAcknowledged(*load_, at_kill + kProgressAfterRestart));
    load_->Stop();
  }

  void ExpectClusterConsistent() {
    ASSERT_NO_FATAL_FAILURE(ExpectConverged());
    ExpectChecksumsEqual({kEventsTable, kCountersTable});
    ExpectWritersIntact(*load_);
  }

  std::unique_ptr<WriteLoad> load_;
};

TEST_F(ClusterConvergenceTest, ReplicasConvergeAfterConcurrentWriteLoad) {
  load_->Start();
  std::this_thread::sleep_for(kLoadDuration);  // the length of the load, not a wait
  load_->Stop();
  ASSERT_GT(load_->total_acknowledged(), 0) << load_->first_error();
  ExpectClusterConsistent();
}

TEST_F(ClusterConvergenceTest, ReplicaKilledDuringLoadResumesWithoutGapsOrRepeats) {
  ASSERT_NO_FATAL_FAILURE(KillAndRestartDuringLoad(1));
  ExpectClusterConsistent();
}

TEST_F(ClusterConvergenceTest, PrimaryKilledDuringLoadKeepsEveryAcknowledgedWriteOnAllPods) {
  ASSERT_NO_FATAL_FAILURE(KillAndRestartDuringLoad(0));
  EXPECT_GT(load_->failures(), 0) << "the writers should have seen the primary go away";
  ExpectClusterConsistent();
}

TEST_F(ClusterConvergenceTest, ReplicasKeepServingReadsWhileThePrimaryIsDown) {
  Sql(0, "INSERT INTO cluster.counters VALUES (100, 7, 7)");
  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  ASSERT_TRUE(cluster().Kill(0).ok());
  for (int ordinal : {1, 2}) {
    EXPECT_EQ(IntCell(ordinal, "SELECT n FROM cluster.counters WHERE writer = 100"), 7);
  }
}

}  // namespace
}  // namespace ordinal::integration
