// ClusterClient's routing, consistency and retries against a cluster of in-process fakes:
// pod 0 is the primary, pods 1 and 2 are replicas that name it.
#include "client/cluster_client.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "tests/unit/client/fake_server.h"

namespace ordinal {
namespace {

using testing::FakeServer;

class ClusterClientTest : public ::testing::Test {
 protected:
  ClusterClientTest() {
    for (int i = 0; i < 3; ++i) pods_.push_back(std::make_unique<FakeServer>());
    pods_[1]->BecomeReplica(pods_[0]->address());
    pods_[2]->BecomeReplica(pods_[0]->address());
  }

  ClusterOptions Options(std::vector<int> ordinals = {0, 1, 2}) {
    ClusterOptions options;
    for (int i : ordinals) options.addresses.push_back(pods_[i]->address());
    options.password = FakeServer::kPassword;
    options.timeout = std::chrono::milliseconds(2000);
    return options;
  }

  std::unique_ptr<ClusterClient> Connect(const ClusterOptions& options) {
    absl::StatusOr<std::unique_ptr<ClusterClient>> client = ClusterClient::Create(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }
  std::unique_ptr<ClusterClient> Connect() { return Connect(Options()); }

  // Brings the replicas up to the primary's position.
  void Replicate() {
    for (int i = 1; i < 3; ++i) pods_[i]->set_position(pods_[0]->position());
  }

  // Statements pod `i` received, in order.
  std::vector<std::string> Statements(int i) {
    std::vector<std::string> sql;
    for (const FakeServer::Request& request : pods_[i]->requests()) sql.push_back(request.sql);
    return sql;
  }

  void ExpectOk(ClusterClient& client, std::string_view sql, const CallOptions& options = {}) {
    absl::StatusOr<ResultSet> result = client.Execute(sql, options);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status();
  }

  // The session database the answering pod reports for a query.
  std::string QueryDatabase(ClusterClient& client, const CallOptions& options = {}) {
    absl::StatusOr<ResultSet> result = client.Execute("SELECT 1", options);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->rows[0][0].string_value() : "";
  }

  std::vector<std::unique_ptr<FakeServer>> pods_;
};

using Sql = std::vector<std::string>;

TEST_F(ClusterClientTest, WritesGoToThePrimary) {
  std::unique_ptr<ClusterClient> client = Connect();
  ExpectOk(*client, "WRITE");
  EXPECT_EQ(Statements(0), Sql{"WRITE"});
  EXPECT_EQ(client->last_ordinal(), 0);
  EXPECT_EQ(client->last_commit_position(), 110u);
}

TEST_F(ClusterClientTest, ReadsRotateAmongTheReplicas) {
  std::unique_ptr<ClusterClient> client = Connect();
  ExpectOk(*client, "SELECT 1");
  ExpectOk(*client, "  /* hint */ select 2");
  EXPECT_EQ(Statements(1).size() + Statements(2).size(), 2u);
  EXPECT_EQ(Statements(1).size(), 1u);
  EXPECT_TRUE(Statements(0).empty());
}

TEST_F(ClusterClientTest, ReadCarriesTheLastWritePosition) {
  std::unique_ptr<ClusterClient> client = Connect();
  ExpectOk(*client, "WRITE");
  Replicate();
  ExpectOk(*client, "SELECT 1");
  ASSERT_NE(client->last_ordinal(), 0);
  EXPECT_EQ(pods_[client->last_ordinal()]->last_min_position(), 110u);
}

TEST_F(ClusterClientTest, EventualReadCarriesNoPosition) {
  std::unique_ptr<ClusterClient> client = Connect();
  ExpectOk(*client, "WRITE");
  ExpectOk(*client, "SELECT 1", {.read_mode = ReadMode::kEventual});
  ASSERT_NE(client->last_ordinal(), 0);
  EXPECT_EQ(pods_[client->last_ordinal()]->last_min_position(), 0u);
}

TEST_F(ClusterClientTest, PrimaryModeReadsGoToThePrimary) {
  std::unique_ptr<ClusterClient> client = Connect();
  client->set_read_mode(ReadMode::kPrimary);
  ExpectOk(*client, "SELECT 1");
  ExpectOk(*client, "SHOW TABLES");
  EXPECT_EQ(Statements(0), (Sql{"SELECT 1", "SHOW TABLES"}));
}

TEST_F(ClusterClientTest, ClusterWithoutReplicasReadsFromThePrimary) {
  std::unique_ptr<ClusterClient> client = Connect(Options({0}));
  ExpectOk(*client, "SELECT 1");
  EXPECT_EQ(Statements(0), Sql{"SELECT 1"});
}

TEST_F(ClusterClientTest, LaggingReplicaPassesTheReadOn) {
  std::unique_ptr<ClusterClient> client = Connect();
  ExpectOk(*client, "WRITE");
  pods_[2]->set_position(pods_[0]->position());  // pod 1 stays behind
  ExpectOk(*client, "SELECT 1");                 // pod 1's turn: it times out (1205)
  EXPECT_EQ(Statements(1), Sql{"SELECT 1"});
  EXPECT_EQ(client->last_ordinal(), 2);
}

TEST_F(ClusterClientTest, ReadFallsBackToThePrimaryWhenEveryReplicaLags) {
  std::unique_ptr<ClusterClient> client = Connect();
  ExpectOk(*client, "WRITE");
  ExpectOk(*client, "SELECT 1");
  EXPECT_EQ(client->last_ordinal(), 0);
}

TEST_F(ClusterClientTest, ReadThatNoPodCanServeFailsUnavailableAfterTheBudget) {
  ClusterOptions options = Options();
  options.timeout = std::chrono::milliseconds(300);
  std::unique_ptr<ClusterClient> client = Connect(options);
  client->ObservePosition(1000);
  absl::Status status = client->Execute("SELECT 1").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kLockWaitTimeout);
}

TEST_F(ClusterClientTest, UnreachableReplicaPassesTheReadOn) {
  std::unique_ptr<ClusterClient> client = Connect();
  pods_[1]->Stop();
  ExpectOk(*client, "SELECT 1");
  ExpectOk(*client, "SELECT 2");
  EXPECT_EQ(client->last_ordinal(), 2);
  EXPECT_EQ(Statements(2).size(), 2u);
}

TEST_F(ClusterClientTest, RefusedWriteIsRedirectedToTheNamedPrimary) {
  // The client takes replica 1 for the primary; it names pod 0.
  std::unique_ptr<ClusterClient> client = Connect(Options({1, 0, 2}));
  ExpectOk(*client, "WRITE");
  EXPECT_EQ(Statements(0), Sql{"WRITE"});
  EXPECT_EQ(client->primary_address(), pods_[0]->address());
  ExpectOk(*client, "WRITE");  // straight to the new primary
  EXPECT_EQ(Statements(1), Sql{"WRITE"});
  EXPECT_EQ(Statements(0).size(), 2u);
}

TEST_F(ClusterClientTest, ClientSurfacesTheRedirectMetadata) {
  absl::StatusOr<std::unique_ptr<Client>> replica =
      Client::Connect({.address = pods_[1]->address(), .password = FakeServer::kPassword});
  ASSERT_TRUE(replica.ok()) << replica.status();
  EXPECT_FALSE((*replica)->Execute("WRITE").ok());
  EXPECT_EQ((*replica)->redirect_address(), pods_[0]->address());
  EXPECT_TRUE((*replica)->Execute("SELECT 1").ok());
  EXPECT_EQ((*replica)->redirect_address(), "");
}

// The primary is taken from the refusal's metadata only, never guessed from its words.
TEST_F(ClusterClientTest, RefusalNamingThePrimaryOnlyInItsMessageIsReturned) {
  pods_[1]->BecomeReplica(pods_[0]->address(), /*in_metadata=*/false);
  std::unique_ptr<ClusterClient> client = Connect(Options({1, 0, 2}));
  absl::Status status = client->Execute("WRITE").status();
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kReadOnly);
  EXPECT_EQ(client->primary_address(), pods_[1]->address());
  EXPECT_TRUE(Statements(0).empty());
}

TEST_F(ClusterClientTest, RedirectIsFollowedOnlyOnce) {
  pods_[1]->BecomeReplica(pods_[2]->address());  // 1 and 2 name each other
  pods_[2]->BecomeReplica(pods_[1]->address());
  std::unique_ptr<ClusterClient> client = Connect(Options({1, 2}));
  absl::Status status = client->Execute("WRITE").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kReadOnly);
  EXPECT_EQ(Statements(1).size() + Statements(2).size(), 2u);
}

TEST_F(ClusterClientTest, RedirectInsideATransactionEndsItWithTheError) {
  std::unique_ptr<ClusterClient> client = Connect(Options({1, 0, 2}));
  ASSERT_TRUE(client->Begin().ok());
  absl::Status status = client->Execute("WRITE").status();
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kReadOnly);
  EXPECT_EQ(Statements(1), (Sql{"BEGIN", "WRITE", "ROLLBACK"}));
  EXPECT_FALSE(client->in_transaction());
  ExpectOk(*client, "WRITE");  // the next one goes to the primary the replica named
  EXPECT_EQ(Statements(0), Sql{"WRITE"});
}

TEST_F(ClusterClientTest, WritePinnedToAReplicaIsRefusedNotRedirected) {
  std::unique_ptr<ClusterClient> client = Connect();
  absl::Status status = client->Execute("WRITE", {.ordinal = 1}).status();
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kReadOnly);
  EXPECT_TRUE(Statements(0).empty());
  EXPECT_EQ(client->primary_address(), pods_[0]->address());
}

TEST_F(ClusterClientTest, ReadPinnedToAnOrdinalRunsThere) {
  std::unique_ptr<ClusterClient> client = Connect();
  ExpectOk(*client, "SELECT 1", {.ordinal = 2});
  ExpectOk(*client, "SELECT 1", {.ordinal = 2});
  EXPECT_EQ(Statements(2).size(), 2u);
}

TEST_F(ClusterClientTest, TransactionControlCannotBePinned) {
  std::unique_ptr<ClusterClient> client = Connect();
  EXPECT_EQ(client->Execute("BEGIN", {.ordinal = 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Statements(1).empty());
}

TEST_F(ClusterClientTest, WaitTimeoutTravelsToTheReplica) {
  ClusterOptions options = Options();
  options.wait_timeout = std::chrono::milliseconds(250);
  std::unique_ptr<ClusterClient> client = Connect(options);
  ExpectOk(*client, "SELECT 1", {.ordinal = 1});
  ExpectOk(*client, "SELECT 1", {.ordinal = 1, .wait_timeout = std::chrono::milliseconds(75)});
  std::vector<FakeServer::Request> requests = pods_[1]->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].wait_timeout_ms, 250u);
  EXPECT_EQ(requests[1].wait_timeout_ms, 75u);
}

TEST_F(ClusterClientTest, TransactionStaysInOnePrimarySession) {
  std::unique_ptr<ClusterClient> client = Connect();
  ASSERT_TRUE(client->Begin().ok());
  EXPECT_TRUE(client->in_transaction());
  ExpectOk(*client, "SELECT 1");
  ExpectOk(*client, "WRITE");
  ASSERT_TRUE(client->Commit().ok());
  EXPECT_FALSE(client->in_transaction());
  EXPECT_EQ(Statements(0), (Sql{"BEGIN", "SELECT 1", "WRITE", "COMMIT"}));
  std::vector<FakeServer::Request> requests = pods_[0]->requests();
  for (const FakeServer::Request& request : requests) {
    EXPECT_EQ(request.session_id, requests[0].session_id);
  }
  EXPECT_TRUE(Statements(1).empty());
  EXPECT_TRUE(Statements(2).empty());
}

TEST_F(ClusterClientTest, UseSelectsTheDatabaseOnEveryPod) {
  std::unique_ptr<ClusterClient> client = Connect();
  ExpectOk(*client, "USE shop");
  EXPECT_EQ(client->current_database(), "shop");
  EXPECT_EQ(QueryDatabase(*client, {.ordinal = 1}), "shop");
  EXPECT_EQ(QueryDatabase(*client, {.ordinal = 2}), "shop");
  EXPECT_EQ(QueryDatabase(*client, {.read_mode = ReadMode::kPrimary}), "shop");
}

TEST_F(ClusterClientTest, LaterUseReachesPodsThatAlreadyHaveASession) {
  std::unique_ptr<ClusterClient> client = Connect();
  ExpectOk(*client, "SELECT 1", {.ordinal = 2});
  ExpectOk(*client, "USE shop", {.ordinal = 1});
  EXPECT_EQ(QueryDatabase(*client, {.ordinal = 2}), "shop");
}

TEST_F(ClusterClientTest, DatabaseOptionIsSelectedOnEveryPod) {
  ClusterOptions options = Options();
  options.database = "shop";
  std::unique_ptr<ClusterClient> client = Connect(options);
  EXPECT_EQ(QueryDatabase(*client, {.read_mode = ReadMode::kPrimary}), "shop");
  EXPECT_EQ(QueryDatabase(*client, {.ordinal = 2}), "shop");
}

TEST_F(ClusterClientTest, ReplicaSelectsTheDatabaseAfterCatchingUp) {
  ClusterOptions options = Options();
  options.database = "shop";  // e.g. created by the write below's predecessor
  std::unique_ptr<ClusterClient> client = Connect(options);
  ExpectOk(*client, "WRITE");
  Replicate();
  ExpectOk(*client, "SELECT 1", {.ordinal = 1});
  std::vector<FakeServer::Request> requests = pods_[1]->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].sql, "USE `shop`");
  EXPECT_EQ(requests[0].min_position, 110u);
}

TEST_F(ClusterClientTest, WriteToAnUnreachablePrimaryFailsUnavailable) {
  ClusterOptions options = Options();
  options.timeout = std::chrono::milliseconds(300);
  std::unique_ptr<ClusterClient> client = Connect(options);
  pods_[0]->Stop();
  absl::Status status = client->Execute("WRITE").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(status.message().find(pods_[0]->address()), absl::string_view::npos) << status;
}

TEST_F(ClusterClientTest, StatusAsksTheNamedPod) {
  std::unique_ptr<ClusterClient> client = Connect();
  absl::StatusOr<ServerStatus> status = client->Status(1);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->role, "replica");
}

TEST(ClusterOptionsTest, PeerTemplateNamesEveryOrdinal) {
  absl::StatusOr<std::vector<std::string>> addresses =
      ClusterClient::ExpandPeerTemplate("127.0.1.{ordinal}:7306", 3);
  ASSERT_TRUE(addresses.ok());
  EXPECT_EQ(*addresses, (Sql{"127.0.1.0:7306", "127.0.1.1:7306", "127.0.1.2:7306"}));
}

TEST(ClusterOptionsTest, PeerTemplateWithoutOrdinalIsInvalid) {
  absl::StatusOr<std::unique_ptr<ClusterClient>> client =
      ClusterClient::Create({.peer_template = "db:7306", .pod_count = 3});
  EXPECT_EQ(client.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ClusterOptionsTest, NoPodsIsInvalid) {
  EXPECT_EQ(ClusterClient::Create({}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ordinal
