// The `ordinal` CLI against a real server: the mysql-shaped modes, formats and errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/cli/cli_process.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CliTest : public ::testing::Test {
 protected:
  // One server for the suite; every test works in databases of its own.
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    home_ = new std::string(MakeTempDir("ordinal-cli-home"));
  }

  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    if (home_ != nullptr) RemoveTree(*home_);
    delete home_;
    home_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(server_, nullptr) << "the server did not start"; }

  // The environment every run gets: the password and a private home for the history file.
  static std::vector<std::string> Env(const std::string& password = kTestPassword) {
    return {absl::StrCat("ORDINAL_PASSWORD=", password), absl::StrCat("HOME=", *home_),
            "TERM=dumb"};
  }

  static std::vector<std::string> ConnectArgs() {
    return {"-h", "127.0.0.1", "-P", std::to_string(server_->port())};
  }

  // `ordinal -h .. -P .. extra...` with `stdin_text` on stdin.
  CliResult Run(std::vector<std::string> extra, const std::string& stdin_text = "") {
    std::vector<std::string> args = ConnectArgs();
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args, stdin_text, Env());
  }

  CliResult Execute(const std::string& sql) { return Run({"-e", sql}); }

  // Creates database `name` with table t(id INT PRIMARY KEY, name VARCHAR(20)) holding
  // (1, 'one') and (2, NULL).
  void CreateSampleTable(const std::string& name) {
    CliResult result =
        Execute(absl::StrCat("CREATE DATABASE ", name, "; USE ", name,
                             "; CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20));"
                             " INSERT INTO t VALUES (1, 'one'), (2, NULL);"));
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  static ServerProcess* server_;
  static std::string* home_;
};

ServerProcess* CliTest::server_ = nullptr;
std::string* CliTest::home_ = nullptr;

TEST_F(CliTest, ExecutePrintsTabSeparatedRowsWithHeader) {
  CreateSampleTable("exec_db");
  CliResult result = Execute("SELECT id, name FROM exec_db.t ORDER BY id");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "id\tname\n1\tone\n2\tNULL\n");
  EXPECT_EQ(result.err, "");
}

TEST_F(CliTest, ExecuteWithDatabaseOption) {
  CreateSampleTable("option_db");
  CliResult result = Run({"-D", "option_db", "-e", "SELECT name FROM t WHERE id = 1"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "name\none\n");
}

TEST_F(CliTest, StdinScriptRunsMultiLineStatements) {
  CliResult result = Run({}, R"(CREATE DATABASE stdin_db;
USE stdin_db;
CREATE TABLE t (
  id INT PRIMARY KEY,
  label TEXT
);
-- a comment line
INSERT INTO t VALUES (1, 'a;b'), (2, 'tab	here');
SELECT id, label
  FROM t ORDER BY id;
)");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "id\tlabel\n1\ta;b\n2\ttab\\there\n");
}

TEST_F(CliTest, BatchSkipColumnNamesPrintsOnlyValues) {
  CreateSampleTable("skip_db");
  CliResult result = Run({"--batch", "-N"}, "SELECT id, name FROM skip_db.t ORDER BY id;\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "1\tone\n2\tNULL\n");
}

TEST_F(CliTest, VerticalTerminatorPrintsRowBlocks) {
  CreateSampleTable("vertical_db");
  CliResult result = Execute("SELECT id, name FROM vertical_db.t WHERE id = 1\\G");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "*************************** 1. row ***************************\n"
            "  id: 1\n"
            "name: one\n");
}

TEST_F(CliTest, TableOptionPrintsBorders) {
  CreateSampleTable("table_db");
  CliResult result = Run({"-t", "-e", "SELECT id, name FROM table_db.t ORDER BY id"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "+----+------+\n"
            "| id | name |\n"
            "+----+------+\n"
            "|  1 | one  |\n"
            "|  2 | NULL |\n"
            "+----+------+\n");
}

TEST_F(CliTest, ErrorInBatchStopsAtFirstFailure) {
  CliResult result = Run({},
                         "CREATE DATABASE err_db;\n"
                         "SELECT * FROM err_db.missing;\n"
                         "CREATE DATABASE err_after_db;\n");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR 1146 (42S02): "));
  CliResult databases = Execute("SHOW DATABASES");
  EXPECT_THAT(databases.out, HasSubstr("err_db"));
  EXPECT_THAT(databases.out, Not(HasSubstr("err_after_db")));
}

TEST_F(CliTest, ErrorInExecuteExitsOne) {
  CliResult result = Execute("SELEC 1");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR 1064 (42000): "));
}

TEST_F(CliTest, WrongPasswordIsAccessDenied) {
  CliResult result = RunCli(ConnectArgs(), "SELECT 1;\n", Env("not-the-password"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR 1045 (28000): "));
  EXPECT_EQ(result.out, "");
}

TEST_F(CliTest, UnreachableServerNamesTheAddress) {
  std::string port = std::to_string(PickFreePort());
  CliResult result = RunCli({"-h", "127.0.0.1", "-P", port, "-e", "SELECT 1"}, "", Env());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err,
              HasSubstr(absl::StrCat("ERROR 2003 (HY000): Can't connect to OrdinalDB server on "
                                     "'127.0.0.1:",
                                     port, "'")));
}

TEST_F(CliTest, UnknownDatabaseFailsAtConnect) {
  CliResult result = Run({"-D", "no_such_db", "-e", "SELECT 1"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR 1049 (42000): "));
}

TEST_F(CliTest, PasswordOnCommandLineWarns) {
  std::vector<std::string> args = ConnectArgs();
  args.insert(args.end(), {absl::StrCat("-p", kTestPassword), "-e", "SELECT 1 AS x"});
  CliResult result = RunCli(args, "", {"ORDINAL_PASSWORD=wrong", absl::StrCat("HOME=", *home_)});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("[Warning] Using a password on the command line"));
  EXPECT_EQ(result.out, "x\n1\n");
}

TEST_F(CliTest, InteractiveShowsPromptMultiLineStatementAndTable) {
  CliTerminal terminal(ConnectArgs(), Env());
  ASSERT_TRUE(terminal.started());
  ASSERT_TRUE(terminal.WaitFor("ordinal> ").ok()) << terminal.transcript();
  ASSERT_TRUE(terminal.Type("SELECT 1 AS one,\n").ok());
  ASSERT_TRUE(terminal.WaitFor("    -> ").ok()) << terminal.transcript();
  ASSERT_TRUE(terminal.Type("'x' AS two;\n").ok());
  absl::Status seen = terminal.WaitFor("1 row in set");
  ASSERT_TRUE(seen.ok()) << seen;
  EXPECT_THAT(terminal.transcript(), HasSubstr("| one | two |"));
  EXPECT_THAT(terminal.transcript(), HasSubstr("|   1 | x   |"));
  ASSERT_TRUE(terminal.WaitFor("ordinal> ").ok()) << terminal.transcript();
  ASSERT_TRUE(terminal.Type("quit\n").ok());
  EXPECT_TRUE(terminal.WaitFor("Bye").ok()) << terminal.transcript();
  EXPECT_EQ(terminal.WaitExit(), 0);
}

TEST_F(CliTest, InteractiveErrorKeepsShellRunning) {
  CliTerminal terminal(ConnectArgs(), Env());
  ASSERT_TRUE(terminal.WaitFor("ordinal> ").ok()) << terminal.transcript();
  ASSERT_TRUE(terminal.Type("SELECT * FROM no_db.no_table;\n").ok());
  ASSERT_TRUE(terminal.WaitFor("ERROR ").ok()) << terminal.transcript();
  ASSERT_TRUE(terminal.Type("status\n").ok());
  ASSERT_TRUE(terminal.WaitFor("Server role:").ok()) << terminal.transcript();
  ASSERT_TRUE(terminal.Type("\\q\n").ok());
  EXPECT_TRUE(terminal.WaitFor("Bye").ok()) << terminal.transcript();
  EXPECT_EQ(terminal.WaitExit(), 0);
}

}  // namespace
}  // namespace ordinal::testing
