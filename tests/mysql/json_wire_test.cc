// JSON through a real ordinald's MySQL listener: the column definition MySQL 8 sends for a
// JSON column and JSON expressions (type 245, binary collation 63, BLOB|BINARY flags), values
// as their canonical text, errors with their numbers, and PyMySQL's view of the same.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/mysql/client_runner.h"
#include "tests/mysql/raw_client.h"
#include "tests/mysql/text_query.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

constexpr char kPython[] = "/usr/bin/python3";  // Debian's, with Debian's PyMySQL

class JsonWireTest : public TextQueryTest {};

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
