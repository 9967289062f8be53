// Semi-synchronous commits (--sync_replicas=K): an acknowledged commit is already applied on
// K replicas; with too few replicas up, commits still succeed after the timeout, and the
// fallback is counted. A commit waiting for acks stops waiting when its client cancels.
// Behaviour only: no timing is asserted.
#include <chrono>
#include <string>

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/integration/cluster/cluster_fixture.h"
#include "tests/testing/sql_stub.h"

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

// A semi-sync timeout far beyond the test's bounds: a wait that ends did not time out.
class ClusterSemiSyncCancelTest : public ClusterSemiSyncTest {
 protected:
  ClusterProcessOptions Options() override {
    return {.primary_flags = {"--sync_replicas=1", "--sync_timeout_ms=600000"}};
  }
};

TEST_F(ClusterSemiSyncCancelTest, ClientCancelEndsTheCommitsWaitForAcks) {
  const uint64_t fallbacks_before = Fallbacks();
  ASSERT_TRUE(cluster().Stop(1).ok());
  ASSERT_TRUE(cluster().Stop(2).ok());

  // The client gives up after 2 s: the commit is durable on the primary, and the thread
  // that waited for an acknowledgement no replica can send is free again.
  auto stub = v1::Sql::NewStub(testing::Connect(cluster().address(0)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  context.AddMetadata(kUserMetadataKey, "root");
  context.AddMetadata(kPasswordMetadataKey, cluster().password());
  v1::ExecuteRequest request;
  request.set_sql(absl::StrCat("INSERT INTO ", kTable, " VALUES (1, 0)"));
  v1::ExecuteResponse response;
  const grpc::Status status = stub->Execute(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();

  // The wait ends (counted as a fallback) long before the 600 s semi-sync timeout.
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (Fallbacks() < fallbacks_before + 1 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(Fallbacks(), fallbacks_before + 1);
  EXPECT_EQ(IntCell(0, absl::StrCat("SELECT COUNT(*) FROM ", kTable)), 1);
}

}  // namespace
}  // namespace ordinal::integration
