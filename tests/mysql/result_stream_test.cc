// Result sets stream to the client (docs/memory-and-disk.md, "Streaming"): against a real
// ordinald whose statements may hold 1 MiB, SELECTs whose results are forty times that
// return every row through the MySQL protocol (text and binary), and the server's peak
// memory does not grow with them; an error after rows were sent (a failing expression, a
// KILL QUERY) ends the rows with an ERR packet in place of their terminator, and the
// connection goes on. Protocol details are read on a raw socket (tests/mysql/raw_client.h);
// an unmodified driver (PyMySQL, unbuffered cursor) reads the same results.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/mysql/wire.h"
#include "tests/mysql/client_runner.h"
#include "tests/mysql/raw_client.h"
#include "tests/mysql/wide_rows.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

constexpr char kPython[] = "/usr/bin/python3";  // Debian's, with Debian's modules
constexpr int kRows = 2000;
constexpr int kValueBytes = 1000;  // v; the queries repeat it 20 times: 40 MB of results
constexpr int kRepeat = 20;

// A field of /proc/PID/status in KiB ("VmHWM"); 0 when unreadable.
uint64_t ProcStatusKib(pid_t pid, const std::string& field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) != 0) continue;
    std::string digits;
    for (char c : line) {
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    uint64_t kib = 0;
    return absl::SimpleAtoi(digits, &kib) ? kib : 0;
  }
  return 0;
}

// What a result set's response held, read packet by packet.
struct Response {
  int columns = 0;
  int rows = 0;
  uint64_t row_bytes = 0;     // payload bytes of the row packets
  size_t first_row_size = 0;  // payload bytes of the first row packet
  int error = 0;              // the ERR that ended it; 0 when it ended with OK/EOF
  bool complete = false;      // a terminator (OK, EOF or ERR) was read
};

bool IsTerminator(const std::string& payload) {
  return !payload.empty() && static_cast<uint8_t>(payload[0]) == 0xfe &&
         payload.size() < 0xffffff;
}

class ResultStreamTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions options;
    options.flags = {"--memory_budget_mb=64", "--query_memory_mb=1", "--sync_commit=off"};
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    ASSERT_TRUE(CreateWideRows(*LoggedIn(), kRows, kValueBytes));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::unique_ptr<RawMysqlClient> LoggedIn() {
    auto client = std::make_unique<RawMysqlClient>();
    EXPECT_TRUE(client->Connect("127.0.0.1", server_->mysql_port()));
    EXPECT_TRUE(IsOk(client->Login(server_->password())));
    return client;
  }

  static bool Ok(RawMysqlClient& client, const std::string& sql) {
    return client.SendPacket("\x03" + sql, 0) && IsOk(client.ReadPacket());
  }

  // Reads a result set's response: the column count, the definitions (no EOF after them:
  // the raw client asks for DEPRECATE_EOF), then rows up to the terminator. Stops after
  // `max_rows` rows when it is > 0 (the rest stays unread in the socket).
  static Response ReadResultSet(RawMysqlClient& client, int max_rows = 0) {
    Response r;
    std::optional<std::string> head = client.ReadPacket(60);
    if (!head.has_value()) return r;
    if (ErrorCode(head) != 0) {
      r.error = ErrorCode(head);
      r.complete = true;
      return r;
    }
    server::mysql::WireReader count(*head);
    r.columns = static_cast<int>(count.LenencInt().value_or(0));
    for (int i = 0; i < r.columns; ++i) {
      if (!client.ReadPacket(60).has_value()) return r;
    }
    return ReadRows(client, r, max_rows);
  }

  static Response ReadRows(RawMysqlClient& client, Response r, int max_rows = 0) {
    for (;;) {
      if (max_rows > 0 && r.rows >= max_rows) return r;
      std::optional<std::string> packet = client.ReadPacket(60);
      if (!packet.has_value()) return r;
      if (ErrorCode(packet) != 0) {
        r.error = ErrorCode(packet);
        r.complete = true;
        return r;
      }
      if (IsTerminator(*packet)) {
        r.complete = true;
        return r;
      }
      if (r.rows == 0) r.first_row_size = packet->size();
      ++r.rows;
      r.row_bytes += packet->size();
    }
  }

  static Response Query(RawMysqlClient& client, const std::string& sql) {
    if (!client.SendPacket("\x03" + sql, 0)) return {};
    return ReadResultSet(client);
  }

  uint64_t PeakMib() const { return ProcStatusKib(server_->pid(), "VmHWM") >> 10; }

  static ServerProcess* server_;
};

ServerProcess* ResultStreamTest::server_ = nullptr;

const std::string kBigSelect =
    absl::StrCat("SELECT id, REPEAT(v, ", kRepeat, ") FROM s.t");

TEST_F(ResultStreamTest, SelectFortyTimesTheStatementBoundReturnsEveryRow) {
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  const uint64_t before = PeakMib();
  for (const std::string& sql :
       {kBigSelect, kBigSelect + " WHERE id > 0 LIMIT 1999, 5", kBigSelect + " ORDER BY id DESC",
        absl::StrCat("SELECT id % 1000, COUNT(*), REPEAT('y', ", kRepeat * kValueBytes,
                     ") FROM s.t GROUP BY id % 1000"),
        absl::StrCat("SELECT a.id, REPEAT(b.v, ", kRepeat, ") FROM s.t a JOIN s.t b ON a.id = b.id")}) {
    Response r = Query(*client, sql);
    ASSERT_TRUE(r.complete) << sql;
    EXPECT_EQ(r.error, 0) << sql;
    EXPECT_EQ(r.columns, sql.find("COUNT") != std::string::npos ? 3 : 2) << sql;
    const int expected = sql.find("LIMIT") != std::string::npos ? 1
                         : sql.find("GROUP") != std::string::npos ? 1000 : kRows;
    EXPECT_EQ(r.rows, expected) << sql;
    EXPECT_GT(r.first_row_size, static_cast<size_t>(kRepeat * kValueBytes)) << sql;
  }
  // 40 MB went out per statement; the server held a small part of one at a time.
  const uint64_t peak = PeakMib();
  std::cout << "five 40 MB results streamed: VmHWM " << before << " -> " << peak << " MiB\n";
  EXPECT_LT(peak - before, 20u) << "VmHWM " << before << " -> " << peak << " MiB";
  ASSERT_TRUE(client->SendPacket("\x0e", 0));  // COM_PING
  EXPECT_TRUE(IsOk(client->ReadPacket()));
}

TEST_F(ResultStreamTest, ErrorAfterRowsWereSentEndsThemWithAnErrPacket) {
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  // The scalar subquery returns two rows once t.id passes 1990: ER_SUBQUERY_NO_1_ROW, after
  // about 2 MB of rows have left.
  Response r = Query(*client,
                     "SELECT id, v, (SELECT u.id FROM s.t AS u WHERE t.id > 1990 AND "
                     "u.id >= t.id - 1 AND u.id <= t.id) FROM s.t");
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.error, 1242);
  EXPECT_GT(r.rows, 0);
  EXPECT_LE(r.rows, 1990);
  // A failure before the first bytes left is the whole answer: no rows, only the ERR.
  Response early = Query(*client,
                         "SELECT id, (SELECT u.id FROM s.t AS u WHERE u.id <= 2) FROM s.t");
  ASSERT_TRUE(early.complete);
  EXPECT_EQ(early.error, 1242);
  EXPECT_EQ(early.columns, 0);
  EXPECT_EQ(early.rows, 0);
  // The connection goes on.
  Response after = Query(*client, "SELECT COUNT(*) FROM s.t");
  EXPECT_EQ(after.error, 0);
  EXPECT_EQ(after.rows, 1);
}

TEST_F(ResultStreamTest, KillQueryStopsAStreamingSelect) {
  std::unique_ptr<RawMysqlClient> victim = LoggedIn();
  ASSERT_TRUE(victim->SendPacket("\x03SELECT CONNECTION_ID()", 0));
  ASSERT_TRUE(victim->ReadPacket().has_value());  // the column count
  ASSERT_TRUE(victim->ReadPacket().has_value());  // the column definition
  std::optional<std::string> row = victim->ReadPacket();
  ASSERT_TRUE(row.has_value());
  server::mysql::WireReader reader(*row);
  const std::string victim_id = std::string(reader.LenencString().value_or(""));
  ASSERT_TRUE(IsTerminator(victim->ReadPacket().value_or("")));

  // The victim reads a few rows of a 40 MB result and stops reading: the server waits to
  // send the rest.
  ASSERT_TRUE(victim->SendPacket("\x03" + kBigSelect, 0));
  Response partial = ReadResultSet(*victim, 10);
  ASSERT_EQ(partial.rows, 10);
  std::unique_ptr<RawMysqlClient> killer = LoggedIn();
  ASSERT_TRUE(Ok(*killer, "KILL QUERY " + victim_id));
  // Reading on, the victim gets the rows that had left, then ERR 1317 in place of the end.
  Response rest = ReadRows(*victim, partial);
  ASSERT_TRUE(rest.complete);
  EXPECT_EQ(rest.error, 1317);
  EXPECT_LT(rest.rows, kRows);
  Response after = Query(*victim, "SELECT 1");
  EXPECT_EQ(after.error, 0);
  EXPECT_EQ(after.rows, 1);
}

TEST_F(ResultStreamTest, PreparedStatementResultsStream) {
  std::unique_ptr<RawMysqlClient> client = LoggedIn();
  ASSERT_TRUE(client->SendPacket(absl::StrCat("\x16", kBigSelect, " WHERE id > ?"), 0));
  std::optional<std::string> prepared = client->ReadPacket(60);
  ASSERT_TRUE(prepared.has_value());
  ASSERT_EQ(ErrorCode(prepared), 0);
  server::mysql::WireReader ok(*prepared);
  ok.Int1();
  const uint32_t statement_id = ok.Int4().value_or(0);
  const uint16_t columns = ok.Int2().value_or(0);
  const uint16_t params = ok.Int2().value_or(0);
  ASSERT_EQ(columns, 2);
  ASSERT_EQ(params, 1);
  for (int i = 0; i < columns + params; ++i) ASSERT_TRUE(client->ReadPacket().has_value());

  // COM_STMT_EXECUTE: no cursor, one iteration, the parameter a LONGLONG 0.
  server::mysql::WireWriter execute;
  execute.Int1(0x17);
  execute.Int4(statement_id);
  execute.Int1(0);
  execute.Int4(1);
  execute.Int1(0);  // NULL bitmap
  execute.Int1(1);  // new parameters bound
  execute.Int2(0x08);
  execute.Int8(0);
  ASSERT_TRUE(client->SendPacket(execute.data(), 0));
  Response r = ReadResultSet(*client);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.error, 0);
  EXPECT_EQ(r.columns, 2);
  EXPECT_EQ(r.rows, kRows);
  EXPECT_GT(r.row_bytes, static_cast<uint64_t>(kRows) * kRepeat * kValueBytes);
}

TEST_F(ResultStreamTest, PyMysqlUnbufferedCursorReadsEveryRow) {
  if (!HaveProgram(kPython)) GTEST_SKIP() << kPython << " is not installed";
  CommandResult r = RunCommand(
      {kPython, "-c",
       absl::StrCat("import pymysql, pymysql.cursors, sys\n"
                    "c = pymysql.connect(host='127.0.0.1', port=int(sys.argv[1]), user='root',"
                    " password=sys.argv[2], cursorclass=pymysql.cursors.SSCursor)\n"
                    "cur = c.cursor()\n"
                    "cur.execute(\"", kBigSelect, "\")\n"
                    "n = b = 0\n"
                    "for row in cur:\n"
                    "    n += 1\n"
                    "    b += len(row[1])\n"
                    "print(n, b)\n"),
       std::to_string(server_->mysql_port()), server_->password()},
      {}, 120);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, absl::StrCat(kRows, " ", int64_t{kRows} * kRepeat * kValueBytes, "\n"));
}

}  // namespace
}  // namespace ordinal::testing
