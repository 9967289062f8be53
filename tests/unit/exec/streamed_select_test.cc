// Rows streamed to a RowSink (exec/streamed_select.h: one row of values written over row
// after row) are the rows the same query returns whole: values of changing kinds and
// lengths, OFFSET and LIMIT, HAVING without grouping, compounds, and the outputs' side
// effects on rows OFFSET skips.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/database.h"
#include "engine/sql/parser.h"
#include "gtest/gtest.h"
#include "tests/unit/exec/sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

// Keeps a copy of every row it is given, as text.
class RecordingSink final : public RowSink {
 public:
  absl::Status Begin(const std::vector<ResultColumn>&) override { return absl::OkStatus(); }
  absl::Status Row(const std::vector<Value>& row) override {
    std::vector<std::string> cells;
    for (const Value& v : row) {
      cells.push_back(v.is_string() ? "'" + v.ToString() + "'" : v.ToString());
    }
    rows.push_back(absl::StrJoin(cells, ","));
    return absl::OkStatus();
  }
  std::vector<std::string> rows;
};

class StreamedSelectTest : public SqlTest {
 protected:
  void SetUp() override {
    Exec("CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(40), k INT)");
    for (int i = 1; i <= 12; ++i) {
      Exec(absl::StrCat("INSERT INTO t VALUES (", i, ", '", std::string(i * 3, 'a' + i), "', ",
                        i % 3 == 0 ? "NULL" : absl::StrCat(i * 7), ")"));
    }
  }

  // The rows of `query` given to a sink.
  std::vector<std::string> Streamed(const std::string& query) {
    absl::StatusOr<sql::Statement> statement = sql::ParseStatement(query);
    EXPECT_TRUE(statement.ok()) << statement.status();
    RecordingSink sink;
    absl::StatusOr<ResultSet> result = sql_.session()->Execute(*statement, &sink);
    EXPECT_TRUE(result.ok()) << query << ": " << result.status();
    return sink.rows;
  }

  // The rows of `query` returned whole.
  std::vector<std::string> Whole(const std::string& query) {
    RecordingSink sink;
    for (const std::vector<Value>& row : Exec(query).rows) EXPECT_TRUE(sink.Row(row).ok());
    return sink.rows;
  }
};

TEST_F(StreamedSelectTest, StreamedRowsAreTheRowsOfTheWholeResult) {
  for (const std::string query : {
           "SELECT id, c FROM t WHERE id BETWEEN 2 AND 9",
           "SELECT c, k FROM t",
           "SELECT id, IF(id % 2 = 0, c, k), k FROM t WHERE id > 1",
           "SELECT id FROM t WHERE id > 3 LIMIT 4 OFFSET 2",
           "SELECT id, c FROM t ORDER BY id LIMIT 3 OFFSET 8",
           "SELECT id, c FROM t WHERE id >= 5 HAVING c > 'j'",
           "SELECT id, c FROM t WHERE id < 4 UNION ALL SELECT k, c FROM t WHERE id > 9",
           "SELECT id FROM t LIMIT 0",
       }) {
    const std::vector<std::string> whole = Whole(query);
    EXPECT_FALSE(whole.empty() && query.find("LIMIT 0") == std::string::npos) << query;
    EXPECT_EQ(Streamed(query), whole) << query;
  }
}

TEST_F(StreamedSelectTest, OutputsOfRowsOffsetSkipsAreComputedAsWhenReturnedWhole) {
  Exec("SET @n = 0");
  const std::vector<std::string> streamed = Streamed("SELECT @n := @n + 1, id FROM t LIMIT 2 OFFSET 3");
  const std::string streamed_n = Query("SELECT @n");
  Exec("SET @n = 0");
  EXPECT_EQ(streamed, Whole("SELECT @n := @n + 1, id FROM t LIMIT 2 OFFSET 3"));
  EXPECT_EQ(streamed_n, Query("SELECT @n"));
}

}  // namespace
}  // namespace ordinal::engine::testing
