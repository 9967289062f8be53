// SIGTERM against a real ordinald while MySQL clients hold it up: a client that stopped
// reading a result set (its socket buffers full, the server's write waiting for room) must
// not keep the process alive. Without the shutdown ending that write, the process would wait
// for the write timeout (60 s) for every write that makes no progress, and for as long as
// the client reads a little now and then.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/mysql/raw_client.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

constexpr int kRows = 2000;
constexpr int kValueBytes = 1000;  // the SELECT repeats it 20 times: 40 MB of results

class MysqlShutdownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.flags = {"--sync_commit=off"};
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    std::unique_ptr<RawMysqlClient> client = LoggedIn();
    ASSERT_TRUE(Ok(*client, "CREATE DATABASE s"));
    ASSERT_TRUE(Ok(*client, "CREATE TABLE s.t (id INT PRIMARY KEY, v TEXT)"));
    for (int first = 1; first <= kRows; first += 100) {
      std::string sql = "INSERT INTO s.t VALUES ";
      for (int id = first; id < first + 100; ++id) {
        absl::StrAppend(&sql, id == first ? "" : ", ", "(", id, ", REPEAT('x', ", kValueBytes,
                        "))");
      }
      ASSERT_TRUE(Ok(*client, sql));
    }
  }

  std::unique_ptr<RawMysqlClient> LoggedIn() {
    auto client = std::make_unique<RawMysqlClient>();
    EXPECT_TRUE(client->Connect("127.0.0.1", server_->mysql_port()));
    EXPECT_TRUE(IsOk(client->Login(server_->password())));
    return client;
  }

  static bool Ok(RawMysqlClient& client, const std::string& sql) {
    return client.SendPacket("\x03" + sql, 0) && IsOk(client.ReadPacket());
  }

  // Sends a 40 MB SELECT and reads its first packets (the column count, two definitions and
  // a row), then reads nothing more: the rest fills the sockets' buffers and the server
  // waits to write.
  static void StartAResultAndStopReading(RawMysqlClient& client) {
    ASSERT_TRUE(client.SendPacket("\x03SELECT id, REPEAT(v, 20) FROM s.t", 0));
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(client.ReadPacket(60).has_value());
  }

  std::unique_ptr<ServerProcess> server_;
};

TEST_F(MysqlShutdownTest, AClientThatStopsReadingAResultDoesNotHoldTheShutdown) {
  std::unique_ptr<RawMysqlClient> reader = LoggedIn();
  StartAResultAndStopReading(*reader);
  std::unique_ptr<RawMysqlClient> idle = LoggedIn();
  // Well within the write timeout (60 s), and with a clean exit (status 0).
  EXPECT_TRUE(server_->Stop(std::chrono::seconds(30)).ok());
  // An idle client was told why (ERROR 1053, 08S01).
  EXPECT_EQ(ErrorCode(idle->ReadPacket(30)), 1053);
  // The client that stopped reading finds its connection closed after what had been sent.
  EXPECT_TRUE(reader->ClosedByServer(30));
}

}  // namespace
}  // namespace ordinal::testing
