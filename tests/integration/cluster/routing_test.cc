// What a client sees of a cluster: replicas refuse writes and name the primary (DESIGN.md
// invariant 6), and a session reads its own writes on a replica (Reads and consistency).
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "client/client.h"
#include "client/cluster_client.h"
#include "common/sql_error.h"
#include "tests/integration/cluster/cluster_fixture.h"

namespace ordinal::integration {
namespace {

constexpr char kTable[] = "cluster.kv";

class ClusterRoutingTest : public ClusterFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ClusterFixture::SetUp());
    Sql(0, "CREATE DATABASE cluster");
    Sql(0, absl::StrCat("CREATE TABLE ", kTable, " (id BIGINT PRIMARY KEY, v BIGINT)"));
    Sql(0, absl::StrCat("INSERT INTO ", kTable, " VALUES (1, 10), (2, 20)"));
    ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  }

  std::unique_ptr<Client> ConnectTo(int ordinal) {
    absl::StatusOr<std::unique_ptr<Client>> client =
        Client::Connect({.address = cluster().address(ordinal), .password = cluster().password()});
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  std::unique_ptr<ClusterClient> ConnectCluster() {
    absl::StatusOr<std::unique_ptr<ClusterClient>> client = ClusterClient::Create(
        {.addresses = cluster().addresses(), .password = cluster().password()});
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  std::vector<std::string> ChecksumsOfAllPods() {
    std::vector<std::string> out;
    for (int ordinal = 0; ordinal < cluster().pod_count(); ++ordinal) {
      absl::StatusOr<std::string> sum = cluster().Checksum(ordinal, kTable);
      out.push_back(sum.ok() ? *sum : sum.status().ToString());
    }
    return out;
  }

  // Expects `status` to be a replica's refusal naming the primary.
  void ExpectRefusedNamingPrimary(const absl::Status& status) {
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kReadOnly) << status;
    EXPECT_NE(status.message().find(cluster().address(0)), absl::string_view::npos)
        << "the error should name the primary " << cluster().address(0) << ": " << status;
  }
};

TEST_F(ClusterRoutingTest, WriteSentToReplicaFailsNamingThePrimaryAndChangesNothing) {
  const std::vector<std::string> before = ChecksumsOfAllPods();
  std::unique_ptr<Client> replica = ConnectTo(1);
  ASSERT_NE(replica, nullptr);

  absl::StatusOr<ResultSet> insert =
      replica->Execute(absl::StrCat("INSERT INTO ", kTable, " VALUES (3, 30)"));
  ExpectRefusedNamingPrimary(insert.status());
  EXPECT_EQ(replica->redirect_address(), cluster().address(0));

  ExpectRefusedNamingPrimary(
      replica->Execute(absl::StrCat("UPDATE ", kTable, " SET v = 0")).status());
  ExpectRefusedNamingPrimary(replica->Execute("CREATE TABLE cluster.other (id INT PRIMARY KEY)")
                                 .status());

  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  EXPECT_EQ(ChecksumsOfAllPods(), before);
}

TEST_F(ClusterRoutingTest, TransactionWritingOnReplicaFailsAndChangesNothing) {
  const std::vector<std::string> before = ChecksumsOfAllPods();
  std::unique_ptr<Client> replica = ConnectTo(2);
  ASSERT_NE(replica, nullptr);
  absl::Status begin = replica->Begin();
  absl::Status write =
      begin.ok() ? replica->Execute(absl::StrCat("DELETE FROM ", kTable)).status() : begin;
  ExpectRefusedNamingPrimary(write);
  replica->Rollback().IgnoreError();  // may be refused already at BEGIN; either is fine
  EXPECT_EQ(ChecksumsOfAllPods(), before);
}

TEST_F(ClusterRoutingTest, SessionReadsItsOwnWriteOnAReplicaEveryTime) {
  std::unique_ptr<ClusterClient> client = ConnectCluster();
  ASSERT_NE(client, nullptr);
  constexpr int kRounds = 1000;
  int misses = 0;
  for (int i = 0; i < kRounds; ++i) {
    const int64_t id = 1000 + i;
    absl::StatusOr<ResultSet> write =
        client->Execute(absl::StrCat("INSERT INTO ", kTable, " VALUES (", id, ", ", i, ")"));
    ASSERT_TRUE(write.ok()) << "round " << i << ": " << write.status();
    ASSERT_EQ(client->last_ordinal(), 0);
    const int replica = 1 + i % 2;
    absl::StatusOr<ResultSet> read = client->Execute(
        absl::StrCat("SELECT v FROM ", kTable, " WHERE id = ", id), {.ordinal = replica});
    ASSERT_TRUE(read.ok()) << "round " << i << " on ordinal " << replica << ": "
                           << read.status();
    ASSERT_EQ(client->last_ordinal(), replica);
    if (read->row_count() != 1) ++misses;
  }
  EXPECT_EQ(misses, 0) << "reads on a replica that missed the session's own write";
}

TEST_F(ClusterRoutingTest, ClusterClientRoutesReadsToReplicasAndFollowsARedirect) {
  // Ordinal 1 given as the primary: the write is refused there and redirected.
  std::vector<std::string> addresses = cluster().addresses();
  std::swap(addresses[0], addresses[1]);
  absl::StatusOr<std::unique_ptr<ClusterClient>> client =
      ClusterClient::Create({.addresses = addresses, .password = cluster().password()});
  ASSERT_TRUE(client.ok()) << client.status();
  absl::StatusOr<ResultSet> write =
      (*client)->Execute(absl::StrCat("INSERT INTO ", kTable, " VALUES (5, 50)"));
  ASSERT_TRUE(write.ok()) << write.status();
  EXPECT_EQ((*client)->primary_address(), cluster().address(0));
  absl::StatusOr<ResultSet> read =
      (*client)->Execute(absl::StrCat("SELECT v FROM ", kTable, " WHERE id = 5"));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->row_count(), 1u);
}

}  // namespace
}  // namespace ordinal::integration
