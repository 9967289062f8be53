// What a session keeps between statements and tells its front end about them: a SELECT's
// columns described from its plan without running it (Session::Describe), whether an open
// transaction has only read (Session::transaction_only_read), and the settings statements
// derive from @@sql_mode, @@time_zone and @@collation_connection, which follow every SET.
#include <optional>
#include <string>
#include <vector>

#include "engine/sql/parser.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

class SessionStatementStateTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE d");
    Run("USE d");
    Run("CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(4))");
    Run("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  }

  absl::StatusOr<std::optional<std::vector<ResultColumn>>> Describe(const std::string& sql) {
    absl::StatusOr<sql::Statement> statement = sql::ParseStatement(sql);
    EXPECT_TRUE(statement.ok()) << sql << ": " << statement.status();
    if (!statement.ok()) return statement.status();
    return session_->Describe(*statement);
  }

  std::vector<std::string> DescribedNames(const std::string& sql) {
    absl::StatusOr<std::optional<std::vector<ResultColumn>>> columns = Describe(sql);
    EXPECT_TRUE(columns.ok()) << sql << ": " << columns.status();
    std::vector<std::string> names;
    if (!columns.ok() || !columns->has_value()) return names;
    for (const ResultColumn& column : **columns) names.push_back(column.name);
    return names;
  }

  int DescribeErrno(const std::string& sql) {
    absl::StatusOr<std::optional<std::vector<ResultColumn>>> columns = Describe(sql);
    EXPECT_FALSE(columns.ok()) << sql << " was described";
    return columns.ok() ? 0 : static_cast<int>(GetMysqlErrno(columns.status()));
  }
};

TEST_F(SessionStatementStateTest, DescribeGivesTheColumnsExecuteReturns) {
  const std::string sql = "SELECT id, c AS label, id + 1 FROM t WHERE id = 1";
  EXPECT_EQ(DescribedNames(sql), ColumnNames(sql));
  absl::StatusOr<std::optional<std::vector<ResultColumn>>> described = Describe(sql);
  ASSERT_TRUE(described.ok() && described->has_value());
  const std::vector<ResultColumn> executed = Run(sql).columns;
  ASSERT_EQ((*described)->size(), executed.size());
  for (size_t i = 0; i < executed.size(); ++i) {
    EXPECT_EQ((**described)[i].type, executed[i].type) << executed[i].name;
    EXPECT_EQ((**described)[i].Metadata(), executed[i].Metadata()) << executed[i].name;
  }
}

TEST_F(SessionStatementStateTest, DescribeDoesNotRunTheSelect) {
  EXPECT_EQ(DescribedNames("SELECT @seen := id FROM t"), std::vector<std::string>{"@seen := id"});
  EXPECT_EQ(Query("SELECT @seen"), Rows{{"NULL"}});
}

TEST_F(SessionStatementStateTest, DescribeLeavesRowCountAndFoundRows) {
  Run("SELECT * FROM t");
  EXPECT_TRUE(Describe("SELECT id FROM t WHERE id = 1").ok());
  EXPECT_EQ(Query("SELECT FOUND_ROWS()"), Rows{{"2"}});
}

TEST_F(SessionStatementStateTest, DescribeReportsBindingErrorsAsExecuteDoes) {
  EXPECT_EQ(DescribeErrno("SELECT id FROM missing"), 1146);
  EXPECT_EQ(DescribeErrno("SELECT nope FROM t"), 1054);
  const Rows errors = Query("SHOW ERRORS");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0][1], "1054");
}

TEST_F(SessionStatementStateTest, DescribeOfOtherStatementsIsNotAnAnswer) {
  absl::StatusOr<std::optional<std::vector<ResultColumn>>> columns =
      Describe("INSERT INTO t VALUES (3, 'c')");
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_FALSE(columns->has_value());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t"), Rows{{"2"}});
}

TEST_F(SessionStatementStateTest, DescribeSeesTheSchemaAfterDdl) {
  EXPECT_EQ(DescribedNames("SELECT * FROM t"), (std::vector<std::string>{"id", "c"}));
  Run("ALTER TABLE t ADD COLUMN n INT");
  EXPECT_EQ(DescribedNames("SELECT * FROM t"), (std::vector<std::string>{"id", "c", "n"}));
  Run("DROP TABLE t");
  EXPECT_EQ(DescribeErrno("SELECT * FROM t"), 1146);
}

TEST_F(SessionStatementStateTest, OnlyPlainReadsLeaveATransactionOnlyRead) {
  EXPECT_FALSE(session_->transaction_only_read());  // none open
  Run("BEGIN");
  EXPECT_TRUE(session_->transaction_only_read());
  Run("SELECT * FROM t WHERE id = 1");
  EXPECT_TRUE(session_->transaction_only_read());
  Run("SELECT * FROM t WHERE id = 2 FOR UPDATE");
  EXPECT_FALSE(session_->transaction_only_read());
  Run("COMMIT");
  EXPECT_FALSE(session_->transaction_only_read());

  Run("BEGIN");
  Run("UPDATE t SET c = 'z' WHERE id = 1");
  EXPECT_FALSE(session_->transaction_only_read());
  Run("ROLLBACK");

  Run("BEGIN");
  EXPECT_EQ(Errno("INSERT INTO t VALUES (1, 'dup')"), 1062);
  EXPECT_FALSE(session_->transaction_only_read());  // a failed write counts as one
  Run("COMMIT");
  EXPECT_EQ(Query("SELECT c FROM t WHERE id = 1"), Rows{{"a"}});
}

TEST_F(SessionStatementStateTest, AutocommitOffOpensATransactionThatOnlyReads) {
  Run("SET autocommit = 0");
  Run("SELECT * FROM t");
  EXPECT_TRUE(session_->transaction_only_read());
  Run("INSERT INTO t VALUES (3, 'c')");
  EXPECT_FALSE(session_->transaction_only_read());
  Run("COMMIT");
  EXPECT_FALSE(session_->transaction_only_read());
}

TEST_F(SessionStatementStateTest, TimeZoneChangesTakeEffectAtTheNextStatement) {
  Run("SET time_zone = '+00:00'");
  EXPECT_EQ(Query("SELECT FROM_UNIXTIME(0)"), Rows{{"1970-01-01 00:00:00"}});
  Run("SET time_zone = '+05:00'");
  EXPECT_EQ(Query("SELECT FROM_UNIXTIME(0)"), Rows{{"1970-01-01 05:00:00"}});
  Run("SET time_zone = '+00:00'");
  EXPECT_EQ(Query("SELECT FROM_UNIXTIME(0)"), Rows{{"1970-01-01 00:00:00"}});
}

TEST_F(SessionStatementStateTest, SqlModeChangesTakeEffectAtTheNextStatement) {
  // Strict mode with ERROR_FOR_DIVISION_BY_ZERO (the default): an INSERT dividing by zero
  // fails; without them it stores NULL.
  EXPECT_EQ(Errno("INSERT INTO t VALUES (10, 1 / 0)"), 1365);
  Run("SET sql_mode = ''");
  Run("INSERT INTO t VALUES (10, 1 / 0)");
  EXPECT_EQ(Query("SELECT c FROM t WHERE id = 10"), Rows{{"NULL"}});
  Run("SET sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO'");
  EXPECT_EQ(Errno("INSERT INTO t VALUES (11, 1 / 0)"), 1365);
}

TEST_F(SessionStatementStateTest, CollationChangesTakeEffectAtTheNextStatement) {
  EXPECT_EQ(Query("SELECT 'a' = 'A'"), Rows{{"1"}});
  Run("SET collation_connection = 'utf8mb4_bin'");
  EXPECT_EQ(Query("SELECT 'a' = 'A'"), Rows{{"0"}});
  Run("SET collation_connection = 'utf8mb4_0900_ai_ci'");
  EXPECT_EQ(Query("SELECT 'a' = 'A'"), Rows{{"1"}});
}

}  // namespace
}  // namespace ordinal::engine
