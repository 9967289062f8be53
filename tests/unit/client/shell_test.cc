// The CLI's shell (commands, output per mode, error handling) against the fake server.
#include "client/cli/shell.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "tests/unit/client/fake_server.h"

namespace ordinal::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Outcome = Shell::Outcome;

class ShellTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto client =
        Client::Connect({.address = server_.address(), .password = testing::FakeServer::kPassword});
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = *std::move(client);
  }

  Shell& MakeShell(OutputFormat format, bool interactive) {
    shell_ = std::make_unique<Shell>(*client_, ShellOptions{format, true, interactive}, out_, err_);
    return *shell_;
  }

  testing::FakeServer server_;
  std::unique_ptr<Client> client_;
  std::unique_ptr<Shell> shell_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(ShellTest, BatchPrintsRowsWithHeader) {
  Shell& shell = MakeShell(OutputFormat::kBatch, false);
  EXPECT_EQ(shell.ProcessLine("USE shop; SELECT 1;"), Outcome::kContinue);
  EXPECT_EQ(out_.str(), "db\tsql\nshop\tSELECT 1\n");
}

TEST_F(ShellTest, BatchStopsAtFirstError) {
  Shell& shell = MakeShell(OutputFormat::kBatch, false);
  EXPECT_EQ(shell.ProcessLine("FAIL; SELECT 1;"), Outcome::kFailed);
  EXPECT_EQ(err_.str(), "ERROR 1146 (42S02): Table 'db.session' doesn't exist\n");
  EXPECT_EQ(out_.str(), "");
}

TEST_F(ShellTest, InteractiveContinuesAfterError) {
  Shell& shell = MakeShell(OutputFormat::kTable, true);
  EXPECT_EQ(shell.ProcessLine("FAIL; SELECT 1;"), Outcome::kContinue);
  EXPECT_THAT(err_.str(), HasSubstr("ERROR 1146"));
  EXPECT_THAT(out_.str(), HasSubstr("1 row in set ("));
}

TEST_F(ShellTest, InteractiveWritePrintsQueryOk) {
  Shell& shell = MakeShell(OutputFormat::kTable, true);
  EXPECT_EQ(shell.ProcessLine("WRITE;"), Outcome::kContinue);
  EXPECT_THAT(out_.str(), HasSubstr("Query OK, 1 row affected ("));
}

TEST_F(ShellTest, UseCommandNeedsNoSemicolon) {
  Shell& shell = MakeShell(OutputFormat::kTable, true);
  EXPECT_EQ(shell.ProcessLine("use shop"), Outcome::kContinue);
  EXPECT_EQ(out_.str(), "Database changed\n");
  EXPECT_EQ(client_->current_database(), "shop");
}

TEST_F(ShellTest, QuitCommands) {
  Shell& shell = MakeShell(OutputFormat::kTable, true);
  EXPECT_EQ(shell.ProcessLine("quit"), Outcome::kQuit);
  EXPECT_EQ(shell.ProcessLine("exit;"), Outcome::kQuit);
  EXPECT_EQ(shell.ProcessLine("\\q"), Outcome::kQuit);
}

TEST_F(ShellTest, CommandWordInsideStatementIsSql) {
  Shell& shell = MakeShell(OutputFormat::kBatch, false);
  EXPECT_EQ(shell.ProcessLine("SELECT"), Outcome::kContinue);
  EXPECT_EQ(shell.ProcessLine("quit;"), Outcome::kContinue);
  EXPECT_THAT(out_.str(), HasSubstr("SELECT\\nquit"));
}

TEST_F(ShellTest, StatusShowsServerAndSession) {
  Shell& shell = MakeShell(OutputFormat::kTable, true);
  EXPECT_EQ(shell.ProcessLine("status"), Outcome::kContinue);
  EXPECT_THAT(out_.str(), HasSubstr("Server role:\t\tprimary"));
  EXPECT_THAT(out_.str(), HasSubstr("Uptime:\t\t\t1 hour 1 min 1 sec"));
}

TEST_F(ShellTest, StatusShowsReplicaStream) {
  ordinal::v1::GetStatusResponse extra;
  extra.set_role("replica");
  extra.set_ordinal(2);
  ordinal::v1::ReplicationState* stream = extra.mutable_replication();
  stream->set_state("streaming");
  stream->set_primary_address("127.0.1.0:7306");
  stream->set_applied_position(1234);
  stream->set_primary_position(1240);
  stream->set_lag_positions(6);
  stream->set_lag_ms(3.2);
  server_.set_status_extra(extra);
  Shell& shell = MakeShell(OutputFormat::kTable, true);
  EXPECT_EQ(shell.ProcessLine("\\s"), Outcome::kContinue);
  EXPECT_THAT(out_.str(), HasSubstr("\nRole: replica (ordinal 2)\n"));
  EXPECT_THAT(out_.str(), HasSubstr("\nReplication: streaming from 127.0.1.0:7306, applied 1234, "
                                    "primary at 1240, lag 6 positions / 3 ms\n"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("Last error:")));
}

TEST_F(ShellTest, StatusListsReplicasOnPrimary) {
  ordinal::v1::GetStatusResponse extra;
  extra.set_cluster_id("c0ffee");
  extra.set_sync_replicas(1);
  extra.set_sync_fallbacks(3);
  for (uint32_t replica_ordinal : {1u, 2u}) {
    ordinal::v1::ReplicaInfo* replica = extra.add_replicas();
    replica->set_ordinal(replica_ordinal);
    replica->set_address(absl::StrCat("127.0.1.", replica_ordinal, ":7306"));
    replica->set_connected(true);
    replica->set_acked_position(1240);
    replica->set_positions_above_retention_edge(1200);
  }
  server_.set_status_extra(extra);
  Shell& shell = MakeShell(OutputFormat::kTable, true);
  EXPECT_EQ(shell.ProcessLine("status"), Outcome::kContinue);
  EXPECT_THAT(out_.str(), HasSubstr("\nRole: primary (ordinal 0)\nCluster id: c0ffee\n"
                                    "Replicas: 2 connected\n"
                                    "  ordinal 1 at 127.0.1.1:7306: acked 1240, lag 0, 1200 "
                                    "positions above the retained log's edge\n"
                                    "  ordinal 2 at 127.0.1.2:7306: acked 1240, lag 0, 1200 "
                                    "positions above the retained log's edge\n"
                                    "Semi-sync: waits for 1 replica(s); 3 fallbacks to "
                                    "asynchronous\n"));
}

TEST_F(ShellTest, FinishRunsUnterminatedStatement) {
  Shell& shell = MakeShell(OutputFormat::kBatch, false);
  EXPECT_EQ(shell.ProcessLine("SELECT 2"), Outcome::kContinue);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(shell.Finish(), Outcome::kContinue);
  EXPECT_THAT(out_.str(), HasSubstr("SELECT 2"));
}

TEST(FormatUptimeTest, SpellsUnitsLikeMysql) {
  EXPECT_EQ(FormatUptime(5), "5 sec");
  EXPECT_EQ(FormatUptime(3600 * 50 + 61), "2 days 2 hours 1 min 1 sec");
}

ServerStatus ReplicaStatusWith(ReplicationStatus stream) {
  ServerStatus status;
  status.role = "replica";
  status.ordinal = 1;
  status.replication = std::move(stream);
  return status;
}

TEST(FormatReplicationStatusTest, ReplicaShowsLastErrorWhenSet) {
  std::string text = FormatReplicationStatus(ReplicaStatusWith(
      {.state = "stopped-needs-clone", .primary_address = "p:1", .last_error = "purged"}));
  EXPECT_THAT(text, HasSubstr("Replication: stopped-needs-clone, primary p:1, applied 0"));
  EXPECT_THAT(text, HasSubstr("\nLast error: purged\n"));
}

TEST(FormatReplicationStatusTest, ConnectingReplicaNamesWhereItConnects) {
  std::string text =
      FormatReplicationStatus(ReplicaStatusWith({.state = "connecting", .primary_address = "p:1"}));
  EXPECT_THAT(text, HasSubstr("Replication: connecting to p:1, applied 0"));
}

TEST(FormatReplicationStatusTest, ReplicaWithoutStreamSaysSo) {
  ServerStatus status;
  status.role = "replica";
  status.ordinal = 3;
  EXPECT_EQ(FormatReplicationStatus(status),
            "Role: replica (ordinal 3)\nReplication: not reported by the server\n");
}

TEST(FormatReplicationStatusTest, PrimaryWarnsAboutReplicaNearTheEdge) {
  ServerStatus status;
  status.role = "primary";
  status.replicas.push_back({.ordinal = 1,
                             .address = "r:1",
                             .connected = false,
                             .acked_position = 10,
                             .lag_positions = 90,
                             .positions_above_retention_edge = 2,
                             .near_retention_edge = true});
  EXPECT_EQ(FormatReplicationStatus(status),
            "Role: primary (ordinal 0)\n"
            "Replicas: 0 connected, 1 disconnected\n"
            "  ordinal 1 at r:1 (disconnected): acked 10, lag 90, 2 positions above the "
            "retained log's edge, WARNING: near the edge\n");
}

TEST(FormatReplicationStatusTest, AsynchronousPrimaryOmitsSemiSync) {
  ServerStatus status;
  status.role = "primary";
  status.sync_fallbacks = 5;
  EXPECT_THAT(FormatReplicationStatus(status), Not(HasSubstr("Semi-sync")));
}

}  // namespace
}  // namespace ordinal::cli
