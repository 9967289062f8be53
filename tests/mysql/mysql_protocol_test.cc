// The MySQL listener of a real ordinald against what well-behaved clients never send:
// truncated, oversized and out-of-order packets, garbage before and after authentication,
// handshakes that never finish, thousands of connect/close cycles, more connections than
// allowed, and a shutdown under open connections. The server must answer with the ERR
// packet the protocol allows, close the connection when it cannot go on, never crash, and
// return to the threads and file descriptors it had.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/mysql/protocol.h"
#include "server/mysql/wire.h"
#include "tests/mysql/raw_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/sockets.h"

namespace ordinal::testing {
namespace {

using server::mysql::WireWriter;

constexpr char kPing[] = "\x0e";

std::string Query(const std::string& sql) { return "\x03" + sql; }

// Threads and open descriptors of a process, from /proc.
struct ProcessFootprint {
  int threads = 0;
  int fds = 0;
};

ProcessFootprint Footprint(pid_t pid) {
  ProcessFootprint f;
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (absl::StartsWith(line, "Threads:")) f.threads = std::stoi(line.substr(8));
  }
  for (const auto& entry :
       std::filesystem::directory_iterator(absl::StrCat("/proc/", pid, "/fd"))) {
    (void)entry;
    ++f.fds;
  }
  return f;
}

// COM_QUERY of `sql`, a statement that returns no rows: the OK or ERR packet.
std::optional<std::string> Command(RawMysqlClient& client, const std::string& sql) {
  if (!client.SendPacket("\x03" + sql, 0)) return std::nullopt;
  return client.ReadPacket();
}

// COM_STMT_PREPARE of `sql`, which has no markers and returns no rows: its statement id.
uint32_t PrepareWithoutMarkers(RawMysqlClient& client, const std::string& sql) {
  EXPECT_TRUE(client.SendPacket("\x16" + sql, 0));
  std::optional<std::string> ok = client.ReadPacket();
  EXPECT_EQ(ErrorCode(ok), 0) << sql;
  if (!ok.has_value()) return 0;
  server::mysql::WireReader r(*ok);
  r.Int1();
  return r.Int4().value_or(0);
}

// COM_STMT_EXECUTE of a statement without markers: the OK or ERR packet.
std::optional<std::string> ExecuteWithoutMarkers(RawMysqlClient& client, uint32_t id) {
  server::mysql::WireWriter execute;
  execute.Int1(0x17);
  execute.Int4(id);
  execute.Int1(0);  // no cursor
  execute.Int4(1);  // one iteration
  if (!client.SendPacket(execute.data(), 0)) return std::nullopt;
  return client.ReadPacket();
}

// Whether an OK packet (with one-byte affected rows and insert id) says a transaction is open.
bool InTransaction(const std::optional<std::string>& ok) {
  return IsOk(ok) && ok->size() >= 5 &&
         (static_cast<uint8_t>((*ok)[3]) & server::mysql::status::kInTrans) != 0;
}

class MysqlProtocolTest : public ::testing::Test {
 protected:
  // A server with small limits, so that they are cheap to reach.
  void StartServer(std::vector<std::string> flags = {}) {
    ServerOptions options;
    options.flags = std::move(flags);
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  std::unique_ptr<RawMysqlClient> Connect() {
    auto client = std::make_unique<RawMysqlClient>();
    EXPECT_TRUE(client->Connect("127.0.0.1", server_->mysql_port()));
    return client;
  }

  std::unique_ptr<RawMysqlClient> LoggedIn(uint32_t extra_capabilities = 0) {
    std::unique_ptr<RawMysqlClient> client = Connect();
    EXPECT_TRUE(IsOk(client->Login(server_->password(), extra_capabilities)));
    return client;
  }

  // The server still serves a new client.
  void ExpectServing() {
    std::unique_ptr<RawMysqlClient> client = LoggedIn();
    ASSERT_TRUE(client->SendPacket(kPing, 0));
    EXPECT_TRUE(IsOk(client->ReadPacket()));
  }

  std::unique_ptr<ServerProcess> server_;
};

TEST_F(MysqlProtocolTest, GreetingNamesOrdinalDbAndProposesCachingSha2) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = Connect();
  std::optional<std::string> greeting = client->ReadPacket();
  ASSERT_TRUE(greeting.has_value());
  EXPECT_EQ((*greeting)[0], '\x0a');
  EXPECT_TRUE(absl::StrContains(*greeting, "8.0.36-OrdinalDB")) << *greeting;
  EXPECT_TRUE(absl::StrContains(*greeting, "caching_sha2_password"));
}

TEST_F(MysqlProtocolTest, WrongPasswordIs1045AndCloses) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = Connect();
  EXPECT_EQ(ErrorCode(client->Login("wrong")), 1045);
  EXPECT_TRUE(client->ClosedByServer());
}

TEST_F(MysqlProtocolTest, GarbageInsteadOfAHandshakeIs1043AndCloses) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = Connect();
  ASSERT_TRUE(client->ReadPacket().has_value());
  ASSERT_TRUE(client->SendPacket("\x01\x02garbage", 1));
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1043);
  EXPECT_TRUE(client->ClosedByServer());
  ExpectServing();
}

TEST_F(MysqlProtocolTest, HandshakeWithTheWrongSequenceIdIs1156) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = Connect();
  ASSERT_TRUE(client->ReadPacket().has_value());
  ASSERT_TRUE(client->SendPacket(std::string(40, '\0'), 7));
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1156);
  EXPECT_TRUE(client->ClosedByServer());
}

TEST_F(MysqlProtocolTest, CommandWithTheWrongSequenceIdIs1156AndCloses) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  ASSERT_TRUE(client->SendPacket(kPing, 3));
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1156);
  EXPECT_TRUE(client->ClosedByServer());
  ExpectServing();
}

TEST_F(MysqlProtocolTest, UnknownCommandIs1047AndTheConnectionStays) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  ASSERT_TRUE(client->SendPacket("\x99garbage", 0));
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1047);
  ASSERT_TRUE(client->SendPacket("", 0));  // an empty command
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1835);
  ASSERT_TRUE(client->SendPacket(kPing, 0));
  EXPECT_TRUE(IsOk(client->ReadPacket()));
}

TEST_F(MysqlProtocolTest, MalformedPreparedStatementCommandsAreErrors) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  ASSERT_TRUE(client->SendPacket("\x17\x01", 0));  // COM_STMT_EXECUTE cut short
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1243);
  ASSERT_TRUE(client->SendPacket(std::string("\x17\x05\x00\x00\x00\x00\x01\x00\x00\x00", 10), 0));
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1243);  // no such statement
  ASSERT_TRUE(client->SendPacket("\x16SELECT ? FROM nowhere WHERE", 0));
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1064);
  ASSERT_TRUE(client->SendPacket(kPing, 0));
  EXPECT_TRUE(IsOk(client->ReadPacket()));
}

TEST_F(MysqlProtocolTest, OversizedPacketIs1153AndCloses) {
  StartServer({"--mysql_max_allowed_packet=1048576"});
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  // A header announcing 2 MiB; the server refuses before the payload arrives.
  ASSERT_TRUE(client->SendBytes(std::string("\x00\x00\x20\x00\x03SELECT", 10)));
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1153);
  EXPECT_TRUE(client->ClosedByServer());
  ExpectServing();
}

TEST_F(MysqlProtocolTest, QueryOverSixteenMebibytesIsJoinedAndReachesTheEngine) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  // 17 MiB travel as two physical packets; the engine refuses statements over 4 MiB (1153)
  // and the connection goes on.
  ASSERT_TRUE(client->SendPacket(Query("SELECT '" + std::string(17 << 20, 'a') + "'"), 0));
  EXPECT_EQ(ErrorCode(client->ReadPacket(60)), 1153);
  ASSERT_TRUE(client->SendPacket(kPing, 0));
  EXPECT_TRUE(IsOk(client->ReadPacket()));
}

TEST_F(MysqlProtocolTest, MultiStatementsAnswerEachWithMoreResultsBetween) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = LoggedIn(server::mysql::cap::kMultiStatements);
  ASSERT_TRUE(client->SendPacket(Query("CREATE DATABASE m; CREATE DATABASE m; CREATE DATABASE n"), 0));
  std::optional<std::string> first = client->ReadPacket();
  ASSERT_TRUE(IsOk(first));
  server::mysql::WireReader r(*first);
  r.Int1();
  r.LenencInt();
  r.LenencInt();
  EXPECT_TRUE(*r.Int2() & server::mysql::status::kMoreResultsExist);
  // The second fails (1007) and ends the query: the third never runs.
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1007);
  ASSERT_TRUE(client->SendPacket(Query("CREATE DATABASE n"), 0));
  EXPECT_TRUE(IsOk(client->ReadPacket()));
}

TEST_F(MysqlProtocolTest, HalfOpenHandshakesAreClosedAfterTheConnectTimeout) {
  StartServer({"--mysql_connect_timeout_s=1"});
  std::unique_ptr<RawMysqlClient> silent = Connect();
  ASSERT_TRUE(silent->ReadPacket().has_value());
  EXPECT_TRUE(silent->ClosedByServer(20));
  std::unique_ptr<RawMysqlClient> partial = Connect();
  ASSERT_TRUE(partial->ReadPacket().has_value());
  ASSERT_TRUE(partial->SendBytes(std::string("\x40\x00\x00\x01\x00\x00", 6)));  // truncated
  EXPECT_TRUE(partial->ClosedByServer(20));
  ExpectServing();
}

TEST_F(MysqlProtocolTest, IdleConnectionsGetError4031AfterTheWaitTimeout) {
  StartServer({"--session_idle_timeout_s=1"});
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  EXPECT_EQ(ErrorCode(client->ReadPacket(20)), 4031);
  EXPECT_TRUE(client->ClosedByServer());
}

TEST_F(MysqlProtocolTest, CommandsKeepAConnectionPastTheWaitTimeoutUntilItIdles) {
  StartServer({"--session_idle_timeout_s=1"});
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  // Each wait is shorter than the timeout, all of them together longer: every read's own
  // deadline counts, not the first one's.
  for (int i = 0; i < 6; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    ASSERT_TRUE(client->SendPacket(kPing, 0));
    ASSERT_TRUE(IsOk(client->ReadPacket(20))) << "ping " << i;
  }
  EXPECT_EQ(ErrorCode(client->ReadPacket(20)), 4031);
  EXPECT_TRUE(client->ClosedByServer());
}

TEST_F(MysqlProtocolTest, PreparedBeginCommitAndRollbackEndTransactionsAsTheirText) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  std::unique_ptr<RawMysqlClient> other = LoggedIn();
  ASSERT_TRUE(IsOk(Command(*client, "CREATE DATABASE p")));
  ASSERT_TRUE(IsOk(Command(*client, "CREATE TABLE p.t (id INT PRIMARY KEY)")));
  const uint32_t begin = PrepareWithoutMarkers(*client, "BEGIN");
  const uint32_t commit = PrepareWithoutMarkers(*client, "COMMIT");
  const uint32_t rollback = PrepareWithoutMarkers(*client, "ROLLBACK");

  // A transaction that wrote nothing commits (on the I/O thread) and ends.
  EXPECT_TRUE(InTransaction(ExecuteWithoutMarkers(*client, begin)));
  std::optional<std::string> committed = ExecuteWithoutMarkers(*client, commit);
  EXPECT_TRUE(IsOk(committed));
  EXPECT_FALSE(InTransaction(committed));

  // One that wrote commits its row: another session cannot insert it again.
  EXPECT_TRUE(InTransaction(ExecuteWithoutMarkers(*client, begin)));
  EXPECT_TRUE(InTransaction(Command(*client, "INSERT INTO p.t VALUES (1)")));
  committed = ExecuteWithoutMarkers(*client, commit);
  EXPECT_TRUE(IsOk(committed));
  EXPECT_FALSE(InTransaction(committed));
  EXPECT_EQ(ErrorCode(Command(*other, "INSERT INTO p.t VALUES (1)")), 1062);

  // A rollback leaves nothing behind: the other session inserts the same row.
  EXPECT_TRUE(InTransaction(ExecuteWithoutMarkers(*client, begin)));
  EXPECT_TRUE(InTransaction(Command(*client, "INSERT INTO p.t VALUES (2)")));
  std::optional<std::string> rolled_back = ExecuteWithoutMarkers(*client, rollback);
  EXPECT_TRUE(IsOk(rolled_back));
  EXPECT_FALSE(InTransaction(rolled_back));
  EXPECT_TRUE(IsOk(Command(*other, "INSERT INTO p.t VALUES (2)")));

  // BEGIN inside a transaction commits it first, as its text does.
  EXPECT_TRUE(InTransaction(ExecuteWithoutMarkers(*client, begin)));
  EXPECT_TRUE(InTransaction(Command(*client, "INSERT INTO p.t VALUES (3)")));
  EXPECT_TRUE(InTransaction(ExecuteWithoutMarkers(*client, begin)));
  EXPECT_EQ(ErrorCode(Command(*other, "INSERT INTO p.t VALUES (3)")), 1062);
  EXPECT_FALSE(InTransaction(ExecuteWithoutMarkers(*client, commit)));
}

// Commands the server ran on its blocking pool so far (from its metrics).
double BlockingCommands(int metrics_port) {
  return MetricValue(ScrapeMetrics("127.0.0.1", metrics_port),
                     "ordinal_frontend_blocking_commands_total{frontend=\"mysql\"}");
}

TEST_F(MysqlProtocolTest, ChangesInsideATransactionStayOnTheIoThreadAndOnlyTheCommitWaits) {
  const int metrics_port = PickFreePort();
  StartServer({absl::StrCat("--metrics_port=", metrics_port)});
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  std::unique_ptr<RawMysqlClient> other = LoggedIn();
  ASSERT_TRUE(IsOk(Command(*client, "CREATE DATABASE p")));
  ASSERT_TRUE(IsOk(Command(*client, "CREATE TABLE p.t (id INT PRIMARY KEY, v INT)")));
  const uint32_t update = PrepareWithoutMarkers(*client, "UPDATE p.t SET v = v + 1 WHERE id = 1");
  const double before = BlockingCommands(metrics_port);
  ASSERT_GE(before, 0);

  // Inside a transaction, changes (as text and prepared) only add to its writes.
  ASSERT_TRUE(InTransaction(Command(*client, "BEGIN")));
  EXPECT_TRUE(InTransaction(Command(*client, "INSERT INTO p.t VALUES (1, 1), (2, 2)")));
  EXPECT_TRUE(InTransaction(ExecuteWithoutMarkers(*client, update)));
  EXPECT_TRUE(InTransaction(Command(*client, "DELETE FROM p.t WHERE id = 2")));
  EXPECT_EQ(BlockingCommands(metrics_port), before);
  // A change that calls a blocking function leaves the I/O thread, and so does the COMMIT.
  EXPECT_TRUE(InTransaction(Command(*client, "UPDATE p.t SET v = v + SLEEP(0) WHERE id = 1")));
  EXPECT_EQ(BlockingCommands(metrics_port), before + 1);
  EXPECT_FALSE(InTransaction(Command(*client, "COMMIT")));
  EXPECT_EQ(BlockingCommands(metrics_port), before + 2);
  // Outside a transaction a change commits, on the pool.
  EXPECT_TRUE(IsOk(ExecuteWithoutMarkers(*client, update)));
  EXPECT_EQ(BlockingCommands(metrics_port), before + 3);

  // What the transaction did was committed: row 1 stays, row 2 is gone.
  EXPECT_EQ(ErrorCode(Command(*other, "INSERT INTO p.t VALUES (1, 0)")), 1062);
  EXPECT_TRUE(IsOk(Command(*other, "INSERT INTO p.t VALUES (2, 0)")));
}

TEST_F(MysqlProtocolTest, ConnectionsBeyondTheLimitGet1040) {
  StartServer({"--mysql_max_connections=2"});
  std::unique_ptr<RawMysqlClient> a = LoggedIn();
  std::unique_ptr<RawMysqlClient> b = LoggedIn();
  std::unique_ptr<RawMysqlClient> c = Connect();
  EXPECT_EQ(ErrorCode(c->ReadPacket()), 1040);
  EXPECT_TRUE(c->ClosedByServer());
  a.reset();
  // Once one leaves, a new client gets in (the server notices the close asynchronously).
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    std::unique_ptr<RawMysqlClient> d = Connect();
    served = IsOk(d->Login(server_->password()));
    if (!served) usleep(50000);
  }
  EXPECT_TRUE(served);
}

TEST_F(MysqlProtocolTest, ThousandsOfConnectCloseCyclesLeakNoThreadsOrDescriptors) {
  StartServer();
  ExpectServing();  // the first connection starts the pools' threads
  const ProcessFootprint before = Footprint(server_->pid());
  for (int i = 0; i < 10000; ++i) {
    RawMysqlClient client;
    ASSERT_TRUE(client.Connect("127.0.0.1", server_->mysql_port())) << i;
    if (i % 100 == 0) {
      ASSERT_TRUE(IsOk(client.Login(server_->password()))) << i;
    } else if (i % 3 == 0) {
      ASSERT_TRUE(client.ReadPacket().has_value()) << i;  // read the greeting, then leave
    }
  }
  // The server closes its ends as it notices; wait (bounded) for the counts to settle.
  ProcessFootprint after = Footprint(server_->pid());
  for (int i = 0; i < 200 && (after.fds > before.fds || after.threads > before.threads); ++i) {
    usleep(50000);
    after = Footprint(server_->pid());
  }
  EXPECT_LE(after.fds, before.fds);
  EXPECT_LE(after.threads, before.threads);
  ExpectServing();
}

TEST_F(MysqlProtocolTest, ShutdownEndsOpenConnectionsWithError1053) {
  StartServer();
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  ASSERT_TRUE(server_->Stop().ok());
  EXPECT_EQ(ErrorCode(client->ReadPacket()), 1053);
  EXPECT_TRUE(client->ClosedByServer());
}

}  // namespace
}  // namespace ordinal::testing
