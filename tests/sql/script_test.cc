// The script format and the runner's comparisons, checked against a scripted fake backend.
#include "tests/sql/script.h"

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "common/sql_error.h"
#include "gtest/gtest.h"
#include "tests/sql/script_runner.h"

namespace ordinal::sqltest {
namespace {

// Answers each Execute with the next queued outcome and remembers the statements.
class FakeBackend : public SqlBackend {
 public:
  void Answer(absl::StatusOr<SqlResult> outcome) { outcomes_.push_back(std::move(outcome)); }
  absl::StatusOr<SqlResult> Execute(std::string_view sql) override {
    statements.emplace_back(sql);
    absl::StatusOr<SqlResult> next = std::move(outcomes_.front());
    outcomes_.pop_front();
    return next;
  }
  std::string_view name() const override { return "fake"; }

  std::vector<std::string> statements;

 private:
  std::deque<absl::StatusOr<SqlResult>> outcomes_;
};

SqlResult Rows(std::vector<std::vector<Cell>> rows) {
  SqlResult result;
  result.has_rows = true;
  result.rows = std::move(rows);
  return result;
}

SqlResult Affected(uint64_t n) {
  SqlResult result;
  result.rows_affected = n;
  return result;
}

std::vector<Record> Parse(const std::string& text) {
  absl::StatusOr<std::vector<Record>> records = ParseScript(text);
  EXPECT_TRUE(records.ok()) << records.status();
  return records.ok() ? *std::move(records) : std::vector<Record>{};
}

TEST(ScriptFormat, ReadsEveryRecordKind) {
  std::vector<Record> records = Parse(
      "# a comment\n"
      "statement ok affected 2\n"
      "INSERT INTO t\n"
      "VALUES (1), (2)\n"
      "\n"
      "statement error 1062\n"
      "INSERT INTO t VALUES (1)\n"
      "\n"
      "query rowsort\n"
      "SELECT id, v FROM t\n"
      "----\n"
      "1\ta\n"
      "2\tNULL\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 2);
  EXPECT_EQ(records[0].sql, "INSERT INTO t\nVALUES (1), (2)");
  EXPECT_EQ(records[0].affected, 2u);
  EXPECT_EQ(records[1].kind, RecordKind::kStatementError);
  EXPECT_EQ(records[1].error_code, 1062);
  EXPECT_TRUE(records[2].rowsort);
  EXPECT_EQ(records[2].expected, (std::vector<std::string>{"1\ta", "2\tNULL"}));
}

TEST(ScriptFormat, QueryWithNoRowsEndsAtSeparator) {
  std::vector<Record> records = Parse("query\nSELECT 1 FROM t WHERE 0\n----\n\nstatement ok\nX\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].expected.empty());
}

TEST(ScriptFormat, RejectsUnknownHeader) {
  absl::StatusOr<std::vector<Record>> records = ParseScript("statement maybe\nSELECT 1\n");
  EXPECT_FALSE(records.ok());
}

TEST(ScriptFormat, RejectsQueryWithoutSeparator) {
  EXPECT_FALSE(ParseScript("query\nSELECT 1\n").ok());
}

TEST(ScriptRunner, RendersNullEmptyAndControlCharacters) {
  EXPECT_EQ(RenderRow({Cell(), Cell(""), Cell("a\nb\tc")}), "NULL\t(empty)\ta\\nb\\tc");
}

TEST(ScriptRunner, RowsortIgnoresRowOrder) {
  FakeBackend backend;
  backend.Answer(Rows({{Cell("2")}, {Cell("1")}}));
  EXPECT_TRUE(RunScript(Parse("query rowsort\nSELECT\n----\n1\n2\n"), backend).empty());
}

TEST(ScriptRunner, ReportsRowOrderDifference) {
  FakeBackend backend;
  backend.Answer(Rows({{Cell("2")}, {Cell("1")}}));
  std::vector<Mismatch> mismatches = RunScript(Parse("query\nSELECT\n----\n1\n2\n"), backend);
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].line, 1);
  EXPECT_EQ(mismatches[0].actual, "2\n1");
}

TEST(ScriptRunner, ChecksAffectedRows) {
  FakeBackend backend;
  backend.Answer(Affected(1));
  EXPECT_EQ(RunScript(Parse("statement ok affected 2\nUPDATE t SET v = 1\n"), backend).size(), 1u);
}

TEST(ScriptRunner, ChecksErrorNumber) {
  FakeBackend backend;
  backend.Answer(SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kDupEntry, "dup"));
  backend.Answer(SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kDupEntry, "dup"));
  std::vector<Mismatch> mismatches =
      RunScript(Parse("statement error 1062\nA\n\nstatement error 1048\nB\n"), backend);
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].sql, "B");
}

TEST(ScriptRunner, KeepsRunningAfterAMismatch) {
  FakeBackend backend;
  backend.Answer(absl::InternalError("boom"));
  backend.Answer(Affected(0));
  EXPECT_EQ(RunScript(Parse("statement ok\nA\n\nstatement ok\nB\n"), backend).size(), 1u);
  EXPECT_EQ(backend.statements, (std::vector<std::string>{"A", "B"}));
}

}  // namespace
}  // namespace ordinal::sqltest
