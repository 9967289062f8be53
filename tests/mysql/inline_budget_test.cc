// Statements on an event loop do not hold that loop's other connections (docs/mysql-protocol.md,
// "Where a command runs"): against a real ordinald, a result set its client stopped reading
// and a long aggregate are each ended on the I/O thread and run again on the blocking pool,
// while connections of the same loop are answered; the results of the statements run again
// are complete and exact (text and binary, inside a transaction too); a SELECT that assigns
// a user variable is never run twice.
//
// Connections go to the event loops in turn: of the several opened one after another here,
// some share the loop of the one that holds a statement, whatever the number of loops.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/mysql/wire.h"
#include "tests/mysql/raw_client.h"
#include "tests/mysql/text_query.h"
#include "tests/mysql/wide_rows.h"
#include "tests/testing/server_process.h"
#include "tests/testing/sockets.h"

namespace ordinal::testing {
namespace {

constexpr int kRows = 2000;
constexpr int kValueBytes = 1000;
constexpr int kRepeat = 20;  // the wide SELECT repeats v: 40 MB of results
constexpr int kOthers = 8;   // connections opened beside the one that holds a statement
const std::string kWideSelect = absl::StrCat("SELECT id, REPEAT(v, ", kRepeat, ") FROM s.t");
// Four million rows joined: far longer than the inline budget.
constexpr char kLongAggregate[] = "SELECT COUNT(*), SUM(a.id) FROM s.t a JOIN s.t b";
const std::vector<std::optional<std::string>> kAggregateAnswer = {"4000000", "4002000000"};

class InlineBudgetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    metrics_port_ = PickFreePort();
    ServerOptions options;
    options.flags = {"--sync_commit=off", absl::StrCat("--metrics_port=", metrics_port_)};
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(CreateWideRows(*LoggedIn(), kRows, kValueBytes));
  }

  std::unique_ptr<RawMysqlClient> LoggedIn() {
    auto client = std::make_unique<RawMysqlClient>();
    EXPECT_TRUE(client->Connect("127.0.0.1", server_->mysql_port()));
    EXPECT_TRUE(IsOk(client->Login(server_->password())));
    return client;
  }

  std::vector<std::unique_ptr<RawMysqlClient>> Others() {
    std::vector<std::unique_ptr<RawMysqlClient>> others;
    for (int i = 0; i < kOthers; ++i) others.push_back(LoggedIn());
    return others;
  }

  double Reruns() {
    return MetricValue(ScrapeMetrics("127.0.0.1", metrics_port_),
                       "ordinal_frontend_rerun_statements_total{frontend=\"mysql\"}");
  }

  // The wide SELECT's text rows are every id in order, each with v repeated.
  static void ExpectWideRows(const TextResult& result) {
    ASSERT_EQ(result.error, 0);
    ASSERT_EQ(result.rows.size(), static_cast<size_t>(kRows));
    const std::string value(kValueBytes * kRepeat, 'x');
    for (int i = 0; i < kRows; ++i) {
      ASSERT_EQ(result.rows[i][0], std::to_string(i + 1));
      ASSERT_EQ(result.rows[i][1], value) << "row " << i;
    }
  }

  int metrics_port_ = 0;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(InlineBudgetTest, AStalledReaderDoesNotHoldTheConnectionsOfItsLoop) {
  std::unique_ptr<RawMysqlClient> reader = LoggedIn();
  std::vector<std::unique_ptr<RawMysqlClient>> others = Others();
  ASSERT_TRUE(reader->SendPacket("\x03" + kWideSelect, 0));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(reader->ReadPacket(60).has_value());
  // The reader reads nothing more: once its socket holds a good part of a write, the
  // server's next writes wait for room.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (reader->UnreadBytes() < (64u << 10) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GE(reader->UnreadBytes(), 64u << 10);
  for (std::unique_ptr<RawMysqlClient>& other : others) {
    const TextResult one = RunTextQuery(*other, "SELECT 1");
    ASSERT_EQ(one.error, 0);
    ASSERT_EQ(one.rows.size(), 1u);
  }
  // Answered while the reader's result was still waiting to be written: it goes on.
  EXPECT_TRUE(reader->ReadPacket(10).has_value());
  EXPECT_GE(Reruns(), 1);
}

TEST_F(InlineBudgetTest, ALongAggregateDoesNotHoldAPointSelectOfItsLoop) {
  std::unique_ptr<RawMysqlClient> scanner = LoggedIn();
  std::vector<std::unique_ptr<RawMysqlClient>> others = Others();
  ASSERT_TRUE(scanner->SendPacket(std::string("\x03") + kLongAggregate, 0));
  for (std::unique_ptr<RawMysqlClient>& other : others) {
    const TextResult point = RunTextQuery(*other, "SELECT id FROM s.t WHERE id = 7");
    ASSERT_EQ(point.error, 0);
    ASSERT_EQ(point.rows.size(), 1u);
  }
  // Every point select was answered before the aggregate.
  EXPECT_EQ(scanner->UnreadBytes(), 0u);
  const TextResult aggregate = ReadTextResult(*scanner, 120);
  ASSERT_EQ(aggregate.error, 0);
  ASSERT_EQ(aggregate.rows.size(), 1u);
  EXPECT_EQ(aggregate.rows[0], kAggregateAnswer);
  EXPECT_GE(Reruns(), 1);
}

TEST_F(InlineBudgetTest, ResultsRunAgainAreCompleteAndExact) {
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  const double before = Reruns();
  ExpectWideRows(RunTextQuery(*client, kWideSelect));
  EXPECT_GE(Reruns(), before + 1);
  client->SendPacket(std::string("\x03") + kLongAggregate, 0);
  const TextResult aggregate = ReadTextResult(*client, 120);
  ASSERT_EQ(aggregate.error, 0);
  ASSERT_EQ(aggregate.rows.size(), 1u);
  EXPECT_EQ(aggregate.rows[0], kAggregateAnswer);
  EXPECT_GE(Reruns(), before + 2);
}

TEST_F(InlineBudgetTest, ARunAgainInsideATransactionReadsItsSnapshot) {
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  std::unique_ptr<RawMysqlClient> writer = LoggedIn();
  ASSERT_EQ(RunTextQuery(*client, "BEGIN").error, 0);
  ASSERT_EQ(RunTextQuery(*client, "SELECT COUNT(*) FROM s.t").rows.size(), 1u);  // the snapshot
  ASSERT_EQ(RunTextQuery(*writer, "INSERT INTO s.t VALUES (2001, 'y')").error, 0);
  const double before = Reruns();
  client->SendPacket(std::string("\x03") + kLongAggregate, 0);
  const TextResult aggregate = ReadTextResult(*client, 120);
  ASSERT_EQ(aggregate.error, 0);
  ASSERT_EQ(aggregate.rows.size(), 1u);
  EXPECT_EQ(aggregate.rows[0], kAggregateAnswer);  // without the row inserted since
  ExpectWideRows(RunTextQuery(*client, kWideSelect));
  EXPECT_GE(Reruns(), before + 2);
  ASSERT_EQ(RunTextQuery(*client, "COMMIT").error, 0);
}

TEST_F(InlineBudgetTest, APreparedSelectRunAgainReturnsEveryBinaryRow) {
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  ASSERT_TRUE(client->SendPacket("\x16" + kWideSelect, 0));
  std::optional<std::string> prepared = client->ReadPacket();
  ASSERT_EQ(ErrorCode(prepared), 0);
  server::mysql::WireReader ok(*prepared);
  ok.Int1();
  const uint32_t id = ok.Int4().value_or(0);
  // Its two column definitions (no EOF after them: the client asked for DEPRECATE_EOF).
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(client->ReadPacket().has_value());
  const double before = Reruns();
  server::mysql::WireWriter execute;
  execute.Int1(0x17);
  execute.Int4(id);
  execute.Int1(0);  // no cursor
  execute.Int4(1);  // one iteration
  ASSERT_TRUE(client->SendPacket(execute.data(), 0));
  for (int i = 0; i < 1 + 2; ++i) ASSERT_TRUE(client->ReadPacket().has_value());  // count, columns
  const std::string value(kValueBytes * kRepeat, 'x');
  for (int row = 1; row <= kRows; ++row) {
    std::optional<std::string> packet = client->ReadPacket();
    ASSERT_TRUE(packet.has_value());
    server::mysql::WireReader r(*packet);
    ASSERT_EQ(r.Int1(), 0);  // a binary row
    r.Int1();                // its NULL bitmap
    ASSERT_EQ(r.Int4(), static_cast<uint32_t>(row));
    ASSERT_EQ(r.LenencString(), value) << "row " << row;
  }
  std::optional<std::string> end = client->ReadPacket();
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(static_cast<uint8_t>((*end)[0]), 0xfe);
  EXPECT_GE(Reruns(), before + 1);
}

TEST_F(InlineBudgetTest, ASelectThatAssignsAVariableRunsOnce) {
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  ASSERT_EQ(RunTextQuery(*client, "SET @runs = 0").error, 0);
  const double before = Reruns();
  const std::string counting =
      absl::StrCat("SELECT @runs := @runs + 1, COUNT(*) FROM s.t a JOIN s.t b");
  client->SendPacket("\x03" + counting, 0);
  const TextResult counted = ReadTextResult(*client, 120);
  ASSERT_EQ(counted.error, 0);
  EXPECT_EQ(Reruns(), before);
  const TextResult runs = RunTextQuery(*client, "SELECT @runs");
  ASSERT_EQ(runs.rows.size(), 1u);
  EXPECT_EQ(runs.rows[0][0], "1");
}

}  // namespace
}  // namespace ordinal::testing
