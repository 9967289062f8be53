// Semi-synchronous commits (--sync_replicas=K): an acknowledged commit is already applied on
// K replicas; with too few replicas up, commits still succeed after the timeout, and the
// fallback is counted. Behaviour only: no timing is asserted.
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/integration/cluster/cluster_fixture.h"

namespace ordinal::integration {
namespace {

constexpr char kTable[] = "cluster.kv";

class ClusterSemiSyncTest : public ClusterFixture {
 protected:
  ClusterProcessOptions Options() override {
    return {.primary_flags = {"--sync_replicas=1", "--sync_timeout_ms=1000"}};
  }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ClusterFixture::SetUp());
    Sql(0, "CREATE DATABASE cluster");
    Sql(0, absl::StrCat("CREATE TABLE ", kTable, " (id BIGINT PRIMARY KEY, v BIGINT)"));
    ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  }

  uint64_t Fallbacks() {
    absl::StatusOr<v1::GetStatusResponse> status = cluster().AdminStatus(0);
    EXPECT_TRUE(status.ok()) << status.status();
    return status.ok() ? status->sync_fallbacks() : 0;
  }

  // Whether the replica has row `id` right now (no min_position: what it has applied).
  bool ReplicaHasRow(int ordinal, int64_t id) {
    return IntCell(ordinal, absl::StrCat("SELECT COUNT(*) FROM ", kTable, " WHERE id = ", id)) ==
           1;
  }
};

TEST_F(ClusterSemiSyncTest, AcknowledgedCommitIsAlreadyOnAReplica) {
  const uint64_t fallbacks_before = Fallbacks();
  for (int64_t id = 1; id <= 50; ++id) {
    Sql(0, absl::StrCat("INSERT INTO ", kTable, " VALUES (", id, ", 0)"));
    EXPECT_TRUE(ReplicaHasRow(1, id) || ReplicaHasRow(2, id)) << "row " << id;
  }
  EXPECT_EQ(Fallbacks(), fallbacks_before);
}

TEST_F(ClusterSemiSyncTest, CommitsFallBackToAsynchronousWhenNoReplicaIsUp) {
  const uint64_t fallbacks_before = Fallbacks();
  ASSERT_TRUE(cluster().Stop(1).ok());
  ASSERT_TRUE(cluster().Stop(2).ok());
  for (int64_t id = 1; id <= 3; ++id) {
    v1::ExecuteResponse r = Sql(0, absl::StrCat("INSERT INTO ", kTable, " VALUES (", id, ", 0)"));
    EXPECT_GT(r.commit_position(), 0u);
  }
  EXPECT_GE(Fallbacks(), fallbacks_before + 3);
  EXPECT_EQ(IntCell(0, absl::StrCat("SELECT COUNT(*) FROM ", kTable)), 3);
}

}  // namespace
}  // namespace ordinal::integration
