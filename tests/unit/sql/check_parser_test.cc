// CHECK constraint grammar (engine/sql/parse_check.cc) and the MySQL form of expressions
// that stored checks keep (engine/sql/mysql_expr_text.h).
#include <string>

#include "engine/sql/mysql_expr_text.h"
#include "gtest/gtest.h"
#include "tests/unit/sql/parser_test_util.h"

namespace ordinal::engine::sql::testing {
namespace {

std::string Printed(std::string_view text) {
  absl::StatusOr<ExprPtr> expr = ParseExpression(text);
  if (!expr.ok()) return std::string(expr.status().message());
  return MysqlExprText(**expr);
}

TEST(CheckParserTest, ColumnAndTableChecksKeepTheOrderWritten) {
  const auto create = ParseAs<CreateTable>(
      "CREATE TABLE t (CHECK (a <> b), a INT CHECK (a > 0) NOT ENFORCED, "
      "b INT CONSTRAINT `Pos` CHECK (b > 0), CONSTRAINT named CHECK (a < 9) ENFORCED, "
      "CONSTRAINT CHECK (b < 9))");
  ASSERT_EQ(create.checks.size(), 5u);
  EXPECT_EQ(create.checks[0].name, "");
  EXPECT_EQ(create.checks[0].column, "");
  EXPECT_EQ(create.checks[1].column, "a");
  EXPECT_FALSE(create.checks[1].enforced);
  EXPECT_EQ(create.checks[2].name, "Pos");  // check names keep their case
  EXPECT_EQ(create.checks[2].column, "b");
  EXPECT_EQ(create.checks[3].name, "named");
  EXPECT_TRUE(create.checks[3].enforced);
  EXPECT_EQ(create.checks[4].name, "");
  for (const ColumnDefinition& column : create.columns) EXPECT_TRUE(column.checks.empty());
}

TEST(CheckParserTest, AlterTableActions) {
  const auto alter = ParseAs<AlterTable>(
      "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT ENFORCED, ADD CHECK (b > 0), "
      "DROP CHECK c, DROP CONSTRAINT d, ALTER CHECK e NOT ENFORCED, ALTER CONSTRAINT f "
      "ENFORCED, ADD COLUMN g INT CHECK (g > 1)");
  ASSERT_EQ(alter.specs.size(), 7u);
  EXPECT_EQ(alter.specs[0].action, AlterAction::kAddCheck);
  EXPECT_EQ(alter.specs[0].check.name, "c");
  EXPECT_FALSE(alter.specs[0].check.enforced);
  EXPECT_EQ(alter.specs[1].action, AlterAction::kAddCheck);
  EXPECT_TRUE(alter.specs[1].check.enforced);
  EXPECT_EQ(alter.specs[2].action, AlterAction::kDropCheck);
  EXPECT_EQ(alter.specs[2].name, "c");
  EXPECT_EQ(alter.specs[3].action, AlterAction::kDropConstraint);
  EXPECT_EQ(alter.specs[4].action, AlterAction::kAlterCheck);
  EXPECT_FALSE(alter.specs[4].check.enforced);
  EXPECT_EQ(alter.specs[5].action, AlterAction::kAlterConstraint);
  EXPECT_TRUE(alter.specs[5].check.enforced);
  ASSERT_EQ(alter.specs[6].column.checks.size(), 1u);
  EXPECT_EQ(alter.specs[6].column.checks[0].column, "g");
}

TEST(CheckParserTest, MalformedChecksAreSyntaxErrors) {
  for (const char* sql : {"CREATE TABLE t (a INT CHECK a > 0)", "CREATE TABLE t (a INT, CHECK ())",
                          "CREATE TABLE t (a INT, CHECK (a > 0) NOT)",
                          "CREATE TABLE t (a INT, CONSTRAINT c)",
                          "ALTER TABLE t ALTER CHECK c", "ALTER TABLE t DROP CHECK",
                          "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) ENFORCED NOT"}) {
    absl::StatusOr<Statement> parsed = ParseStatement(sql);
    ASSERT_FALSE(parsed.ok()) << sql;
    EXPECT_EQ(GetMysqlErrno(parsed.status()), MysqlErrno::kParse) << sql;
  }
}

TEST(CheckParserTest, ParseExpressionTakesOneExpressionOnly) {
  EXPECT_TRUE(ParseExpression("(`a` > 0)").ok());
  EXPECT_FALSE(ParseExpression("a > 0 b").ok());
  EXPECT_FALSE(ParseExpression("").ok());
  EXPECT_FALSE(ParseExpression("a > 0; DROP TABLE t").ok());
}

TEST(MysqlExprTextTest, PrintsAsMysqlDoes) {
  EXPECT_EQ(Printed("c1 <> c2"), "(`c1` <> `c2`)");
  EXPECT_EQ(Printed("a > 0 AND b > 0 AND c > 0"), "((`a` > 0) and (`b` > 0) and (`c` > 0))");
  EXPECT_EQ(Printed("a = 1 OR b != 2"), "((`a` = 1) or (`b` <> 2))");
  EXPECT_EQ(Printed("s IN ('a', 'b')"), "(`s` in (_utf8mb4'a',_utf8mb4'b'))");
  EXPECT_EQ(Printed("n BETWEEN 1 AND 10"), "(`n` between 1 and 10)");
  EXPECT_EQ(Printed("s NOT LIKE 'x%'"), "(not((`s` like _utf8mb4'x%')))");
  EXPECT_EQ(Printed("NOT a > 1"), "(not((`a` > 1)))");
  EXPECT_EQ(Printed("a IS NOT NULL"), "(`a` is not null)");
  EXPECT_EQ(Printed("a > -5"), "(`a` > -(5))");
  EXPECT_EQ(Printed("price * 1.50 < 100"), "((`price` * 1.50) < 100)");
  EXPECT_EQ(Printed("LENGTH(CONCAT(a, 'x')) MOD 2 = 0"),
            "((length(concat(`a`,_utf8mb4'x')) % 2) = 0)");
  EXPECT_EQ(Printed("s <> 'it''s \\\\'"), "(`s` <> _utf8mb4'it\\'s \\\\')");
  EXPECT_EQ(Printed("d < DATE '2024-01-01'"), "(`d` < DATE'2024-01-01')");
  EXPECT_EQ(Printed("JSON_VALID(j)"), "json_valid(`j`)");
  EXPECT_EQ(Printed("flag IS TRUE"), "(`flag` is true)");
}

// The stored text parses back and prints the same: a check survives reloads unchanged.
TEST(MysqlExprTextTest, PrintedTextIsAFixedPoint) {
  for (const char* text :
       {"c1 <> c2", "a > 0 AND (b > 0 OR c IS NULL)", "s IN ('a', 'b') XOR n NOT IN (1, 2)",
        "n NOT BETWEEN -5 AND -1", "s LIKE 'a!%' ESCAPE '!'", "s REGEXP '^[a-z]+$'",
        "CASE n WHEN 1 THEN 'a' ELSE 'b' END = 'a'", "CAST(s AS SIGNED) > 0",
        "CAST(n AS DECIMAL(10,2)) < 5.5", "d + INTERVAL 1 DAY > '2024-01-01'",
        "EXTRACT(YEAR FROM d) > 2000", "~n & 3 = 1 << 1", "UPPER(s) = 'X' AND -n < +n",
        "j->'$.a' = 1", "TRUE", "NOT FALSE", "n DIV 2 >= 1e3", "s <> 'tab\\there'"}) {
    const std::string once = Printed(text);
    EXPECT_EQ(Printed(once), once) << text;
  }
}

}  // namespace
}  // namespace ordinal::engine::sql::testing
