// The client library's session handling against an in-process fake server, with the
// session on a Sql.Session stream (the default) and on one Sql.Execute call per statement.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "client/client.h"
#include "common/sql_error.h"
#include "tests/unit/client/fake_server.h"

namespace ordinal {
namespace {

using testing::FakeServer;

class ClientSessionTest : public ::testing::TestWithParam<bool> {
 protected:
  std::unique_ptr<Client> Connect(std::string database = "") {
    ClientOptions options;
    options.address = server_.address();
    options.password = FakeServer::kPassword;
    options.database = database;
    options.session_stream = GetParam();
    absl::StatusOr<std::unique_ptr<Client>> client = Client::Connect(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  // The session database the fake reports for a query.
  std::string QueryDatabase(Client& client) {
    absl::StatusOr<ResultSet> result = client.Execute("SELECT 1");
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->rows[0][0].string_value() : "";
  }

  FakeServer server_;
};

TEST_P(ClientSessionTest, WrongPasswordIsAccessDenied) {
  absl::StatusOr<std::unique_ptr<Client>> client =
      Client::Connect({.address = server_.address(), .password = "wrong"});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(GetMysqlErrno(client.status()), MysqlErrno::kAccessDenied);
}

TEST_P(ClientSessionTest, UnreachableServerIsUnavailableNamingTheAddress) {
  std::string address = server_.address();
  {
    FakeServer other;
    address = other.address();
  }  // `other` is gone: nothing listens there any more
  absl::StatusOr<std::unique_ptr<Client>> client = Client::Connect({.address = address});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(client.status().message().find("Can't connect to OrdinalDB server on '" + address),
            absl::string_view::npos)
      << client.status();
  EXPECT_EQ(FormatSqlError(client.status()).rfind("ERROR 2003 (HY000): ", 0), 0u);
}

TEST_P(ClientSessionTest, UnknownDatabaseFailsAtConnect) {
  absl::StatusOr<std::unique_ptr<Client>> client = Client::Connect(
      {.address = server_.address(), .password = FakeServer::kPassword, .database = "missing"});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(GetMysqlErrno(client.status()), MysqlErrno::kBadDb);
}

TEST_P(ClientSessionTest, StatementsShareOneLazilyOpenedSession) {
  std::unique_ptr<Client> client = Connect();
  EXPECT_EQ(server_.sessions_opened(), 0);
  ASSERT_TRUE(client->Execute("USE shop").ok());
  EXPECT_EQ(QueryDatabase(*client), "shop");
  EXPECT_EQ(client->current_database(), "shop");
  EXPECT_EQ(server_.sessions_opened(), 1);
}

TEST_P(ClientSessionTest, DestructorClosesTheSession) {
  std::unique_ptr<Client> client = Connect("shop");
  EXPECT_EQ(server_.sessions_open(), 1);
  client.reset();
  EXPECT_EQ(server_.sessions_open(), 0);
}

TEST_P(ClientSessionTest, ForgottenSessionIsReopenedOnItsDatabase) {
  std::unique_ptr<Client> client = Connect();
  ASSERT_TRUE(client->Execute("USE shop").ok());
  server_.ForgetSessions();
  EXPECT_EQ(QueryDatabase(*client), "shop");
  EXPECT_EQ(server_.sessions_opened(), 2);
  EXPECT_EQ(server_.opened_databases().back(), "shop");
}

TEST_P(ClientSessionTest, ForgottenSessionInTransactionIsAnError) {
  std::unique_ptr<Client> client = Connect();
  ASSERT_TRUE(client->Begin().ok());
  EXPECT_TRUE(client->in_transaction());
  server_.ForgetSessions();
  absl::Status status = client->Execute("WRITE").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(status.message().find("transaction"), absl::string_view::npos) << status;
  EXPECT_FALSE(client->in_transaction());
  // The next statement runs in a fresh session.
  EXPECT_TRUE(client->Execute("WRITE").ok());
}

TEST_P(ClientSessionTest, SqlErrorKeepsItsErrnoAndSession) {
  std::unique_ptr<Client> client = Connect();
  absl::Status status = client->Execute("FAIL").status();
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kNoSuchTable);
  EXPECT_EQ(server_.sessions_opened(), 1);  // "session" in the message is not a lost session
}

TEST_P(ClientSessionTest, LastCommitPositionIsTheLargestSeen) {
  std::unique_ptr<Client> client = Connect();
  EXPECT_EQ(client->last_commit_position(), 0u);
  absl::StatusOr<ResultSet> write = client->Execute("WRITE");
  ASSERT_TRUE(write.ok());
  EXPECT_EQ(write->commit_position, 110u);
  ASSERT_TRUE(client->Execute("SELECT 1").ok());
  EXPECT_EQ(client->last_commit_position(), 110u);
}

TEST_P(ClientSessionTest, MinPositionTravelsWithTheStatement) {
  std::unique_ptr<Client> client = Connect();
  ASSERT_TRUE(client->Execute("SELECT 1", {.min_position = 42}).ok());
  EXPECT_EQ(server_.last_min_position(), 42u);
}

TEST_P(ClientSessionTest, StatusReportsTheServer) {
  std::unique_ptr<Client> client = Connect();
  absl::StatusOr<ServerStatus> status = client->Status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->role, "primary");
  EXPECT_EQ(status->uptime_seconds, 3661u);
}

TEST_P(ClientSessionTest, StatusCarriesReplicaStream) {
  ordinal::v1::GetStatusResponse extra;
  extra.set_role("replica");
  extra.mutable_replication()->set_state("streaming");
  extra.mutable_replication()->set_applied_position(7);
  extra.mutable_replication()->set_lag_ms(1.5);
  extra.mutable_replication()->set_last_error("broken pipe");
  server_.set_status_extra(extra);
  std::unique_ptr<Client> client = Connect();
  absl::StatusOr<ServerStatus> status = client->Status();
  ASSERT_TRUE(status.ok()) << status.status();
  ASSERT_TRUE(status->replication.has_value());
  EXPECT_EQ(status->replication->state, "streaming");
  EXPECT_EQ(status->replication->applied_position, 7u);
  EXPECT_DOUBLE_EQ(status->replication->lag_ms, 1.5);
  EXPECT_EQ(status->replication->last_error, "broken pipe");
  EXPECT_TRUE(status->replicas.empty());
}

TEST_P(ClientSessionTest, StatusCarriesPrimaryReplicas) {
  ordinal::v1::GetStatusResponse extra;
  extra.set_sync_replicas(2);
  extra.set_sync_fallbacks(4);
  ordinal::v1::ReplicaInfo* replica = extra.add_replicas();
  replica->set_ordinal(1);
  replica->set_address("r:1");
  replica->set_connected(true);
  replica->set_acked_position(90);
  replica->set_lag_positions(10);
  replica->set_positions_above_retention_edge(3);
  replica->set_near_retention_edge(true);
  server_.set_status_extra(extra);
  std::unique_ptr<Client> client = Connect();
  absl::StatusOr<ServerStatus> status = client->Status();
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_FALSE(status->replication.has_value());
  EXPECT_EQ(status->sync_replicas, 2u);
  EXPECT_EQ(status->sync_fallbacks, 4u);
  ASSERT_EQ(status->replicas.size(), 1u);
  EXPECT_EQ(status->replicas[0].ordinal, 1u);
  EXPECT_EQ(status->replicas[0].address, "r:1");
  EXPECT_TRUE(status->replicas[0].connected);
  EXPECT_EQ(status->replicas[0].acked_position, 90u);
  EXPECT_EQ(status->replicas[0].lag_positions, 10u);
  EXPECT_EQ(status->replicas[0].positions_above_retention_edge, 3u);
  EXPECT_TRUE(status->replicas[0].near_retention_edge);
}

TEST_P(ClientSessionTest, RefusedWriteNamesThePrimary) {
  server_.BecomeReplica("primary:7306");
  std::unique_ptr<Client> client = Connect();
  absl::Status status = client->Execute("WRITE").status();
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kReadOnly);
  EXPECT_EQ(client->redirect_address(), "primary:7306");
  ASSERT_TRUE(client->Execute("SELECT 1").ok());
  EXPECT_EQ(client->redirect_address(), "");
  EXPECT_EQ(server_.sessions_opened(), 1);
}

TEST_P(ClientSessionTest, OneSessionCarriesEveryStatement) {
  std::unique_ptr<Client> client = Connect("shop");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client->Execute("SELECT 1").ok());
  EXPECT_EQ(server_.sessions_opened(), 1);
  EXPECT_EQ(server_.streams_started(), GetParam() ? 1 : 0);
  std::vector<FakeServer::Request> requests = server_.requests();
  ASSERT_EQ(requests.size(), 5u);
  for (const FakeServer::Request& request : requests) EXPECT_EQ(request.session_id, "s1");
}

INSTANTIATE_TEST_SUITE_P(Transports, ClientSessionTest, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Stream" : "Unary";
                         });

TEST(ClientFallbackTest, ServerWithoutStreamsGetsOneCallPerStatement) {
  FakeServer server;
  server.DisableSessionStreams();
  absl::StatusOr<std::unique_ptr<Client>> client =
      Client::Connect({.address = server.address(), .password = FakeServer::kPassword});
  ASSERT_TRUE(client.ok()) << client.status();
  ASSERT_TRUE((*client)->Execute("USE shop").ok());
  absl::StatusOr<ResultSet> result = (*client)->Execute("SELECT 1");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->rows[0][0].string_value(), "shop");
  EXPECT_EQ(server.streams_started(), 1);  // tried once, then calls
  EXPECT_EQ(server.sessions_opened(), 1);
  client->reset();
  EXPECT_EQ(server.sessions_open(), 0);
}

TEST(ClientFallbackTest, StreamEndMidTransactionSaysTheTransactionIsGone) {
  FakeServer server;
  absl::StatusOr<std::unique_ptr<Client>> client =
      Client::Connect({.address = server.address(), .password = FakeServer::kPassword});
  ASSERT_TRUE(client.ok()) << client.status();
  ASSERT_TRUE((*client)->Begin().ok());
  server.Stop();
  absl::Status status = (*client)->Execute("WRITE").status();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("transaction was rolled back"), absl::string_view::npos)
      << status;
  EXPECT_FALSE((*client)->in_transaction());
}

}  // namespace
}  // namespace ordinal
