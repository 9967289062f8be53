// The CLI's shell (commands, output per mode, error handling) against the fake server.
#include "client/cli/shell.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "tests/unit/client/fake_server.h"

namespace ordinal::cli {
namespace {

using ::testing::HasSubstr;
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

}  // namespace
}  // namespace ordinal::cli
