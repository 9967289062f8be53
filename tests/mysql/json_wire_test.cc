// JSON through a real ordinald's MySQL listener: the column definition MySQL 8 sends for a
// JSON column and JSON expressions (type 245, binary collation 63, BLOB|BINARY flags), values
// as their canonical text, errors with their numbers, and PyMySQL's view of the same.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/mysql/wire.h"
#include "tests/mysql/client_runner.h"
#include "tests/mysql/raw_client.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

constexpr char kPython[] = "/usr/bin/python3";  // Debian's, with Debian's PyMySQL

struct Column {
  uint16_t charset = 0;
  uint32_t length = 0;
  uint8_t type = 0;
  uint16_t flags = 0;
};

struct TextResult {
  int error = 0;
  std::vector<Column> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

bool IsTerminator(const std::string& p) { return !p.empty() && static_cast<uint8_t>(p[0]) == 0xfe; }

// Runs `sql` over COM_QUERY (the client logged in with CLIENT_DEPRECATE_EOF).
TextResult RunQuery(RawMysqlClient& client, const std::string& sql) {
  TextResult result;
  EXPECT_TRUE(client.SendPacket("\x03" + sql, 0));
  std::optional<std::string> first = client.ReadPacket();
  if (!first || first->empty()) {
    ADD_FAILURE() << "no answer to " << sql;
    return result;
  }
  if (ErrorCode(first) != 0) {
    result.error = ErrorCode(first);
    return result;
  }
  if (IsOk(first)) return result;
  server::mysql::WireReader count(*first);
  const uint64_t columns = count.LenencInt().value_or(0);
  for (uint64_t i = 0; i < columns; ++i) {
    std::optional<std::string> def = client.ReadPacket();
    if (!def) return result;
    server::mysql::WireReader r(*def);
    for (int skip = 0; skip < 6; ++skip) r.LenencString();  // catalog .. org_name
    r.LenencInt();
    Column c;
    c.charset = r.Int2().value_or(0);
    c.length = r.Int4().value_or(0);
    c.type = r.Int1().value_or(0);
    c.flags = r.Int2().value_or(0);
    result.columns.push_back(c);
  }
  for (;;) {
    std::optional<std::string> row = client.ReadPacket();
    if (!row || IsTerminator(*row)) break;
    server::mysql::WireReader r(*row);
    std::vector<std::optional<std::string>> values;
    for (uint64_t i = 0; i < columns; ++i) {
      if (r.PeekByte() == 0xfb) {
        r.Int1();
        values.push_back(std::nullopt);
      } else {
        values.push_back(std::string(r.LenencString().value_or("?")));
      }
    }
    result.rows.push_back(std::move(values));
  }
  return result;
}

class JsonWireTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start({});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    client_ = std::make_unique<RawMysqlClient>();
    ASSERT_TRUE(client_->Connect("127.0.0.1", server_->mysql_port()));
    ASSERT_TRUE(IsOk(client_->Login(server_->password())));
    ASSERT_EQ(Sql("CREATE DATABASE d").error, 0);
    ASSERT_EQ(Sql("USE d").error, 0);
  }

  TextResult Sql(const std::string& sql) { return RunQuery(*client_, sql); }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<RawMysqlClient> client_;
};

// A JSON column is binary (63); a JSON expression is in the connection's character set, as
// MySQL 8 sends them.
TEST_F(JsonWireTest, JsonColumnsAndExpressionsAreType245) {
  ASSERT_EQ(Sql("CREATE TABLE t (id INT PRIMARY KEY, j JSON)").error, 0);
  ASSERT_EQ(Sql("INSERT INTO t VALUES (1, '{\"b\":[1,2],\"a\":\"x\"}'), (2, NULL)").error, 0);
  TextResult r = Sql("SELECT j, j->'$.b', JSON_OBJECT('k', 1), CAST('[1]' AS JSON), j->>'$.a' "
                     "FROM t ORDER BY id");
  ASSERT_EQ(r.error, 0);
  ASSERT_EQ(r.columns.size(), 5u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.columns[i].type, 245) << i;
    EXPECT_EQ(r.columns[i].length, 4294967295u) << i;
    EXPECT_NE(r.columns[i].flags & 0x10, 0) << i;  // BLOB
  }
  EXPECT_EQ(r.columns[0].charset, 63);
  EXPECT_NE(r.columns[0].flags & 0x80, 0);  // BINARY
  EXPECT_NE(r.columns[1].charset, 63);
  EXPECT_NE(r.columns[4].type, 245);  // ->> is text
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0], "{\"a\": \"x\", \"b\": [1, 2]}");
  EXPECT_EQ(r.rows[0][1], "[1, 2]");
  EXPECT_EQ(r.rows[0][2], "{\"k\": 1}");
  EXPECT_EQ(r.rows[0][3], "[1]");
  EXPECT_EQ(r.rows[0][4], "x");
  EXPECT_EQ(r.rows[1][0], std::nullopt);
}

TEST_F(JsonWireTest, InvalidJsonIsError3140AndChangesNothing) {
  ASSERT_EQ(Sql("CREATE TABLE t (id INT PRIMARY KEY, j JSON)").error, 0);
  EXPECT_EQ(Sql("INSERT INTO t VALUES (1, '{bad')").error, 3140);
  EXPECT_EQ(Sql("SELECT JSON_EXTRACT('[1]', '$x')").error, 3143);
  EXPECT_EQ(Sql("CREATE INDEX ij ON t (j)").error, 3152);
  TextResult r = Sql("SELECT COUNT(*) FROM t");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], "0");
}

TEST_F(JsonWireTest, PyMySqlSeesType245AndValuesRoundTrip) {
  if (!HaveProgram(kPython)) GTEST_SKIP() << kPython << " is not installed";
  CommandResult probe = RunCommand({kPython, "-c", "import pymysql"}, {}, 30);
  if (probe.exit_code != 0) GTEST_SKIP() << "PyMySQL is not installed: " << probe.output;
  CommandResult r = RunCommand(
      {kPython, std::string(ORDINAL_MYSQL_CLIENTS_DIR) + "/json_client.py"},
      {{"ORD_HOST", "127.0.0.1"},
       {"ORD_PORT", std::to_string(server_->mysql_port())},
       {"ORD_PASSWORD", server_->password()}},
      60);
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

}  // namespace
}  // namespace ordinal::testing
