// Connection-level behaviour against real ordinald processes, with unmodified clients where
// they send what is tested: connecting to a server without a password
// (--insecure_no_password); KILL [QUERY | CONNECTION] and COM_PROCESS_KILL stopping a
// running wait and a long scan; COM_CHANGE_USER with both authentication plugins. Clients
// that are not installed are skipped with the reason printed.
#include <map>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/mysql/handshake.h"
#include "server/mysql/scramble.h"
#include "server/mysql/wire.h"
#include "tests/mysql/client_runner.h"
#include "tests/mysql/raw_client.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

constexpr char kPython[] = "/usr/bin/python3";  // Debian's, with Debian's modules

std::string ClientsDir() { return std::string(ORDINAL_MYSQL_CLIENTS_DIR); }

#define ORD_NEED_PROGRAM(p) \
  if (!HaveProgram(p)) GTEST_SKIP() << p << " is not installed (scripts/install-deps.sh)"

class NoPasswordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.password = "";  // --insecure_no_password
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  CommandResult Mariadb(std::vector<std::string> args) {
    std::vector<std::string> argv = {"mariadb", "-h", server_->host(), "-P",
                                     std::to_string(server_->mysql_port())};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, {}, 60);
  }

  std::unique_ptr<ServerProcess> server_;
};

TEST_F(NoPasswordTest, MariadbCliConnectsWithoutAPassword) {
  ORD_NEED_PROGRAM("mariadb");
  CommandResult r = Mariadb({"-uroot", "--batch", "-N", "-e", "SELECT 6 * 7"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "42\n");
}

TEST_F(NoPasswordTest, MariadbCliConnectsWithAnyPassword) {
  ORD_NEED_PROGRAM("mariadb");
  CommandResult r = RunCommand({"mariadb", "-h", server_->host(), "-P",
                                std::to_string(server_->mysql_port()), "-uroot", "--batch",
                                "-N", "-e", "SELECT 6 * 7"},
                               {{"MYSQL_PWD", "whatever"}}, 60);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "42\n");
}

// The MySQL front end shares the session's FOUND_ROWS() and reports a CHECK violation with
// MySQL's number and SQLSTATE.
TEST_F(NoPasswordTest, MariadbCliSeesFoundRowsAndCheckViolations) {
  ORD_NEED_PROGRAM("mariadb");
  CommandResult r = Mariadb(
      {"-uroot", "--batch", "-N", "-e",
       "CREATE DATABASE d; USE d; CREATE TABLE t (id INT PRIMARY KEY, n INT CHECK (n > 0)); "
       "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3); "
       "SELECT SQL_CALC_FOUND_ROWS id FROM t ORDER BY id LIMIT 1; SELECT FOUND_ROWS(); "
       "INSERT INTO t VALUES (4, -4)"});
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "1\n3\n")) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output,
                                "ERROR 3819 (HY000) at line 1: Check constraint 't_chk_1' is "
                                "violated."))
      << r.output;
}

TEST_F(NoPasswordTest, PythonDriversConnectWithoutAPassword) {
  ORD_NEED_PROGRAM(kPython);
  CommandResult r = RunCommand({kPython, ClientsDir() + "/no_password.py"},
                               {{"ORD_HOST", server_->host()},
                                {"ORD_PORT", std::to_string(server_->mysql_port())}},
                               60);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::EndsWith(r.output, "done\n")) << r.output;
}

class KillAndChangeUserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::string Port() { return std::to_string(server_->mysql_port()); }

  // A COM_CHANGE_USER to root with `response` computed for `plugin`.
  static std::string ChangeUserPacket(const std::string& plugin, const std::string& response,
                                      const std::string& database = "") {
    server::mysql::WireWriter w;
    w.Int1(0x11);
    w.NulString("root");
    w.Int1(static_cast<uint8_t>(response.size()));
    w.Bytes(response);
    w.NulString(database);
    w.Int2(45);  // utf8mb4_general_ci
    w.NulString(plugin);
    return w.Take();
  }

  static ServerProcess* server_;
};

ServerProcess* KillAndChangeUserTest::server_ = nullptr;

TEST_F(KillAndChangeUserTest, DriversKillQueriesAndConnectionsAndChangeUser) {
  ORD_NEED_PROGRAM(kPython);
  CommandResult r = RunCommand({kPython, ClientsDir() + "/kill_and_change_user.py"},
                               {{"ORD_HOST", server_->host()},
                                {"ORD_PORT", Port()},
                                {"ORD_PASSWORD", server_->password()},
                                {"ORD_DB", "killing"}},
                               240);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::EndsWith(r.output, "done\n")) << r.output;
}

// Prepared statements over the binary protocol with temporal parameters and results: mysql2
// execute() sends DATETIME parameters and reads DATE, DATETIME(6), TIME and TIMESTAMP
// columns in binary rows; each statement is parsed once and executed with new values.
TEST_F(KillAndChangeUserTest, NodeMysql2ExecutesWithTemporalParametersAndResults) {
  ORD_NEED_PROGRAM("node");
  CommandResult setup = RunCommand({ClientsDir() + "/node/setup.sh"}, {}, 300);
  if (setup.exit_code != 0) GTEST_SKIP() << "npm packages unavailable: " << setup.output;
  CommandResult r = RunCommand({"node", ClientsDir() + "/node/temporal_params.mjs"},
                               {{"ORD_HOST", server_->host()},
                                {"ORD_PORT", Port()},
                                {"ORD_PASSWORD", server_->password()},
                                {"ORD_DB", "temporal_params"}},
                               120);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::EndsWith(r.output, "done\n")) << r.output;
}

TEST_F(KillAndChangeUserTest, MariadbCliReportsAnUnknownThreadIdAs1094) {
  ORD_NEED_PROGRAM("mariadb");
  CommandResult r = RunCommand({"mariadb", "-h", server_->host(), "-P", Port(), "-uroot", "-e",
                                "KILL QUERY 4000000000"},
                               {{"MYSQL_PWD", server_->password()}}, 60);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.output, "ERROR 1094 (HY000)")) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "Unknown thread id: 4000000000")) << r.output;
}

TEST_F(KillAndChangeUserTest, ChangeUserWithCachingSha2EndsWithFastAuthSuccess) {
  RawMysqlClient client;
  ASSERT_TRUE(client.Connect(server_->host(), server_->mysql_port()));
  ASSERT_TRUE(IsOk(client.Login(server_->password())));
  const std::string response =
      server::mysql::CachingSha2Response(server_->password(), client.scramble());
  ASSERT_TRUE(client.SendPacket(
      ChangeUserPacket(server::mysql::kCachingSha2Password, response), 0));
  EXPECT_EQ(client.ReadPacket(), std::string("\x01\x03"));  // fast_auth_success
  EXPECT_TRUE(IsOk(client.ReadPacket()));
  ASSERT_TRUE(client.SendPacket("\x0e", 0));  // COM_PING
  EXPECT_TRUE(IsOk(client.ReadPacket()));
}

TEST_F(KillAndChangeUserTest, ChangeUserWithAnUnknownPluginIsSwitchedToCachingSha2) {
  RawMysqlClient client;
  ASSERT_TRUE(client.Connect(server_->host(), server_->mysql_port()));
  ASSERT_TRUE(IsOk(client.Login(server_->password())));
  ASSERT_TRUE(client.SendPacket(ChangeUserPacket("dialog", "x"), 0));
  std::optional<std::string> request = client.ReadPacket();
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(*request, server::mysql::AuthSwitchPacket(server::mysql::kCachingSha2Password,
                                                      client.scramble()));
  ASSERT_TRUE(client.SendPacket(
      server::mysql::CachingSha2Response(server_->password(), client.scramble()),
      client.next_seq()));
  EXPECT_EQ(client.ReadPacket(), std::string("\x01\x03"));
  EXPECT_TRUE(IsOk(client.ReadPacket()));
}

TEST_F(KillAndChangeUserTest, ChangeUserWithAWrongPasswordIs1045AndKeepsTheConnection) {
  RawMysqlClient client;
  ASSERT_TRUE(client.Connect(server_->host(), server_->mysql_port()));
  ASSERT_TRUE(IsOk(client.Login(server_->password())));
  ASSERT_TRUE(client.SendPacket(
      ChangeUserPacket(server::mysql::kNativePassword,
                       server::mysql::NativePasswordResponse("wrong", client.scramble())),
      0));
  EXPECT_EQ(ErrorCode(client.ReadPacket()), 1045);
  ASSERT_TRUE(client.SendPacket("\x0e", 0));
  EXPECT_TRUE(IsOk(client.ReadPacket()));
}

TEST_F(KillAndChangeUserTest, MalformedChangeUserIsAnErrorAndKeepsTheConnection) {
  RawMysqlClient client;
  ASSERT_TRUE(client.Connect(server_->host(), server_->mysql_port()));
  ASSERT_TRUE(IsOk(client.Login(server_->password())));
  ASSERT_TRUE(client.SendPacket(std::string("\x11root"), 0));  // no NUL after the user
  EXPECT_EQ(ErrorCode(client.ReadPacket()), 1835);
  ASSERT_TRUE(client.SendPacket("\x0e", 0));
  EXPECT_TRUE(IsOk(client.ReadPacket()));
}

}  // namespace
}  // namespace ordinal::testing
