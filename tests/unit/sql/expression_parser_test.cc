// Expressions: precedence, associativity, literals, names, calls, text and locations.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/sql/parser.h"
#include "gtest/gtest.h"
#include "tests/unit/sql/parser_test_util.h"

namespace ordinal::engine::sql {
namespace {

using testing::ExprOf;
using testing::ParseAs;

TEST(ExpressionParserTest, MultiplicationBindsTighterThanAddition) {
  EXPECT_EQ(ExprOf("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(ExprOf("1 * 2 + 3"), "(+ (* 1 2) 3)");
}

TEST(ExpressionParserTest, SameLevelOperatorsAssociateLeft) {
  EXPECT_EQ(ExprOf("1 - 2 - 3"), "(- (- 1 2) 3)");
  EXPECT_EQ(ExprOf("8 / 4 % 3"), "(% (/ 8 4) 3)");
}

TEST(ExpressionParserTest, AndBindsTighterThanOr) {
  EXPECT_EQ(ExprOf("a OR b AND c"), "(or a (and b c))");
  EXPECT_EQ(ExprOf("a || b && c"), "(or a (and b c))");
}

TEST(ExpressionParserTest, NotIsBelowComparisonButAboveAnd) {
  EXPECT_EQ(ExprOf("NOT a = 1 AND b"), "(and (not (= a 1)) b)");
}

TEST(ExpressionParserTest, BangIsAUnaryOperatorAboveComparison) {
  EXPECT_EQ(ExprOf("!a = 1"), "(= (not a) 1)");
}

TEST(ExpressionParserTest, ComparisonIsBelowArithmetic) {
  EXPECT_EQ(ExprOf("a + 1 >= b * 2"), "(>= (+ a 1) (* b 2))");
  EXPECT_EQ(ExprOf("a <> 1"), "(<> a 1)");
  EXPECT_EQ(ExprOf("a != 1"), "(<> a 1)");
}

TEST(ExpressionParserTest, ParenthesesOverridePrecedence) {
  EXPECT_EQ(ExprOf("(1 + 2) * 3"), "(* (+ 1 2) 3)");
}

TEST(ExpressionParserTest, UnaryMinusAppliesToTheOperand) {
  EXPECT_EQ(ExprOf("-a * 2"), "(* (neg a) 2)");
  EXPECT_EQ(ExprOf("- -1"), "(neg (neg 1))");
  EXPECT_EQ(ExprOf("+1"), "(plus 1)");
}

TEST(ExpressionParserTest, CollateBindsTighterThanUnaryAndComparison) {
  EXPECT_EQ(ExprOf("a COLLATE utf8mb4_bin = 'x'"), "(= #COLLATE(a 'utf8mb4_bin') 'x')");
  EXPECT_EQ(ExprOf("-a COLLATE 'UTF8MB4_BIN'"), "(neg #COLLATE(a 'utf8mb4_bin'))");
  EXPECT_EQ(ExprOf("_utf8mb4'x' COLLATE utf8mb4_general_ci COLLATE binary"),
            "#COLLATE(#COLLATE('x' 'utf8mb4_general_ci') 'binary')");
  EXPECT_NE(ParseStatement("SELECT a COLLATE no_such_collation").status().ok(), true);
  EXPECT_NE(ParseStatement("SELECT _klingon'x'").status().ok(), true);
}

TEST(ExpressionParserTest, ModKeywordIsModulo) {
  EXPECT_EQ(ExprOf("7 MOD 3"), "(% 7 3)");
  EXPECT_EQ(ExprOf("MOD(7, 3)"), "(% 7 3)");
}

TEST(ExpressionParserTest, MysqlPrecedenceOfBitAndLogicalOperators) {
  EXPECT_EQ(ExprOf("7 DIV 2 + 1"), "(+ (div 7 2) 1)");
  EXPECT_EQ(ExprOf("1 | 2 & 3 << 1 + 1"), "(| 1 (& 2 (<< 3 (+ 1 1))))");
  EXPECT_EQ(ExprOf("2 * 3 ^ 4"), "(* 2 (^ 3 4))");
  EXPECT_EQ(ExprOf("a OR b XOR c AND d"), "(or a (xor b (and c d)))");
  EXPECT_EQ(ExprOf("a <=> b = c"), "(= (<=> a b) c)");
  EXPECT_EQ(ExprOf("~a - 1"), "(- (bitnot a) 1)");
  EXPECT_EQ(ExprOf("a IS NOT TRUE"), "(is-not-true a)");
  EXPECT_EQ(ExprOf("a IS UNKNOWN"), "(is-null a)");
  EXPECT_EQ(ExprOf("a NOT REGEXP 'x'"), "(not-regexp a 'x')");
  EXPECT_EQ(ExprOf("a LIKE 'x' ESCAPE '|'"), "(like a 'x' '|')");
  EXPECT_EQ(ExprOf("CASE a WHEN 1 THEN 2 ELSE 3 END"), "(case-op-else a 1 2 3)");
  EXPECT_EQ(ExprOf("CAST(a AS SIGNED)"), "(cast0 a)");
  EXPECT_EQ(ExprOf("COUNT(ALL a)"), "COUNT(a)");
  EXPECT_EQ(ExprOf("x'4142'"), "'AB'");
  EXPECT_EQ(ExprOf("_utf8mb4'a'"), "'a'");
}

TEST(ExpressionParserTest, InListAndNegation) {
  EXPECT_EQ(ExprOf("a IN (1, 2, 3)"), "(in a 1 2 3)");
  EXPECT_EQ(ExprOf("a NOT IN ('x')"), "(not-in a 'x')");
}

TEST(ExpressionParserTest, BetweenTakesArithmeticBoundsAndLeavesOuterAnd) {
  EXPECT_EQ(ExprOf("a BETWEEN 1 AND b + 1 AND c"), "(and (between a 1 (+ b 1)) c)");
  EXPECT_EQ(ExprOf("a NOT BETWEEN 1 AND 2"), "(not-between a 1 2)");
}

TEST(ExpressionParserTest, LikeAndIsNull) {
  EXPECT_EQ(ExprOf("name LIKE 'a%'"), "(like name 'a%')");
  EXPECT_EQ(ExprOf("name NOT LIKE 'a%'"), "(not-like name 'a%')");
  EXPECT_EQ(ExprOf("a IS NULL"), "(is-null a)");
  EXPECT_EQ(ExprOf("a IS NOT NULL OR b"), "(or (is-not-null a) b)");
}

TEST(ExpressionParserTest, Literals) {
  EXPECT_EQ(ExprOf("NULL"), "NULL");
  EXPECT_EQ(ExprOf("TRUE"), "1");
  EXPECT_EQ(ExprOf("false"), "0");
  EXPECT_EQ(ExprOf("'it''s'"), "'it's'");
  EXPECT_EQ(ExprOf("'a' 'b'"), "'ab'");
  EXPECT_EQ(ExprOf("2.5"), "m2.5");  // exact DECIMAL, as in MySQL
  EXPECT_EQ(ExprOf("0.10"), "m0.10");
  EXPECT_EQ(ExprOf("1e3"), "d1000.000000");
}

TEST(ExpressionParserTest, IntegersBeyondInt64AreUnsignedThenDecimal) {
  EXPECT_EQ(ExprOf("9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(ExprOf("18446744073709551615"), "u18446744073709551615");
  EXPECT_EQ(ExprOf("18446744073709551616"), "m18446744073709551616");
  // Beyond 65 digits MySQL reads a DOUBLE.
  Select select = ParseAs<Select>(absl::StrCat("SELECT 1", std::string(65, '0')));
  ASSERT_EQ(select.items.size(), 1u);
  EXPECT_TRUE(select.items[0].expr->literal.is_double());
}

TEST(ExpressionParserTest, DoubleOutOfRangeIsAnError) {
  EXPECT_EQ(testing::ErrorOf("SELECT 1e999"),
            "You have an error in your SQL syntax near '1e999' at line 1, column 8");
}

TEST(ExpressionParserTest, ColumnReferencesKeepOnlyTheTableQualifier) {
  EXPECT_EQ(ExprOf("Col"), "col");
  EXPECT_EQ(ExprOf("T.Col"), "t.col");
  EXPECT_EQ(ExprOf("db.t.c"), "t.c");
  EXPECT_EQ(ExprOf("`My Col`"), "my col");
  EXPECT_EQ(ExprOf("t.`select`"), "t.select");
}

TEST(ExpressionParserTest, ReservedWordIsNotAColumn) {
  EXPECT_EQ(testing::ErrorOf("SELECT select"),
            "You have an error in your SQL syntax near 'select' at line 1, column 8");
}

TEST(ExpressionParserTest, AggregatesAndGenericFunctions) {
  EXPECT_EQ(ExprOf("COUNT(*)"), "COUNT(*)");
  EXPECT_EQ(ExprOf("count(DISTINCT a)"), "COUNT(distinct a)");
  EXPECT_EQ(ExprOf("sum(a + 1)"), "SUM((+ a 1))");
  EXPECT_EQ(ExprOf("concat(a, 'x', 1)"), "CONCAT(a 'x' 1)");
  EXPECT_EQ(ExprOf("now()"), "NOW()");
}

TEST(ExpressionParserTest, IsAggregateNamesTheFiveAggregates) {
  for (const char* name : {"COUNT(a)", "SUM(a)", "MIN(a)", "MAX(a)", "AVG(a)"}) {
    Select select = ParseAs<Select>(std::string("SELECT ") + name);
    EXPECT_TRUE(select.items[0].expr->IsAggregate()) << name;
  }
  EXPECT_FALSE(ParseAs<Select>("SELECT LENGTH(a)").items[0].expr->IsAggregate());
}

TEST(ExpressionParserTest, IsAggregateNamesBitAndStatisticsAggregates) {
  for (const char* name : {"GROUP_CONCAT(a)", "BIT_AND(a)", "BIT_OR(a)", "BIT_XOR(a)", "STD(a)",
                           "STDDEV(a)", "STDDEV_POP(a)", "STDDEV_SAMP(a)", "VARIANCE(a)",
                           "VAR_POP(a)", "VAR_SAMP(a)"}) {
    Select select = ParseAs<Select>(std::string("SELECT ") + name);
    EXPECT_TRUE(select.items[0].expr->IsAggregate()) << name;
  }
  EXPECT_FALSE(ParseAs<Select>("SELECT ANY_VALUE(a)").items[0].expr->IsAggregate());
}

TEST(ExpressionParserTest, GroupConcatKeepsItsOrderKeysAfterItsValues) {
  Select select =
      ParseAs<Select>("SELECT GROUP_CONCAT(DISTINCT a, b ORDER BY c DESC, 1 SEPARATOR '|') FROM t");
  const Expr& call = *select.items[0].expr;
  EXPECT_TRUE(call.distinct);
  EXPECT_EQ(call.argument_count(), 2u);
  ASSERT_EQ(call.children.size(), 4u);
  EXPECT_EQ(call.children[2]->column_name, "c");
  EXPECT_EQ(call.order_descending, (std::vector<bool>{true, false}));
  EXPECT_EQ(call.separator, "|");
  EXPECT_EQ(ParseAs<Select>("SELECT GROUP_CONCAT(a)").items[0].expr->separator, ",");
}

TEST(ExpressionParserTest, GroupConcatSeparatorIsAStringAndOrderByIsItsOwn) {
  EXPECT_NE(testing::ErrorOf("SELECT GROUP_CONCAT(a SEPARATOR b) FROM t"), "OK");
  EXPECT_NE(testing::ErrorOf("SELECT SUM(a ORDER BY a) FROM t"), "OK");
  EXPECT_NE(testing::ErrorOf("SELECT GROUP_CONCAT(a) OVER () FROM t"), "OK");
}

TEST(ExpressionParserTest, StarIsOnlyAnArgumentOfCount) {
  EXPECT_NE(testing::ErrorOf("SELECT SUM(*)"), "OK");
}

TEST(ExpressionParserTest, TextIsTheSourceSliceWithWhitespaceNormalised) {
  Select select = ParseAs<Select>("SELECT k+1, COUNT( * ), a  +\n  b, (a+b)*2, 'x'  'y' FROM t");
  ASSERT_EQ(select.items.size(), 5u);
  EXPECT_EQ(select.items[0].expr->text, "k+1");
  EXPECT_EQ(select.items[1].expr->text, "COUNT( * )");
  EXPECT_EQ(select.items[2].expr->text, "a + b");
  EXPECT_EQ(select.items[3].expr->text, "(a+b)*2");
  EXPECT_EQ(select.items[3].expr->children[0]->text, "(a+b)");
  EXPECT_EQ(select.items[4].expr->text, "'x' 'y'");
}

TEST(ExpressionParserTest, EveryNodeHasTheLocationOfItsFirstToken) {
  Select select = ParseAs<Select>("SELECT\n  a + \n  b");
  const Expr& sum = *select.items[0].expr;
  EXPECT_EQ(sum.loc.line, 2);
  EXPECT_EQ(sum.loc.column, 3);
  EXPECT_EQ(sum.children[1]->loc.line, 3);
  EXPECT_EQ(sum.children[1]->loc.column, 3);
}

TEST(ExpressionParserTest, ValuesFunctionTakesOneColumn) {
  Insert insert = ParseAs<Insert>(
      "INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b) + 1");
  ASSERT_EQ(insert.on_duplicate_update.size(), 1u);
  EXPECT_EQ(testing::Sexpr(*insert.on_duplicate_update[0].value), "(+ VALUES(b) 1)");
  EXPECT_NE(testing::ErrorOf("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE b = VALUES(1)"),
            "OK");
}

TEST(ExpressionParserTest, NestingUpToTheLimitParses) {
  const std::string sql = "SELECT " + std::string(kMaxExprDepth - 1, '(') + "1" +
                          std::string(kMaxExprDepth - 1, ')');
  EXPECT_EQ(testing::ErrorOf(sql), "OK");
}

TEST(ExpressionParserTest, NestingBeyondTheLimitIsASyntaxError) {
  const std::string sql = "SELECT " + std::string(100000, '(') + "1" +
                          std::string(100000, ')');
  absl::StatusOr<Statement> parsed = ParseStatement(sql);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetMysqlErrno(parsed.status()), MysqlErrno::kParse);
}

TEST(ExpressionParserTest, DeepUnaryChainsAreBounded) {
  EXPECT_NE(testing::ErrorOf("SELECT " + std::string(100000, '-') + "1"), "OK");
  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "NOT ";
  EXPECT_NE(testing::ErrorOf("SELECT " + nots + "1"), "OK");
}

TEST(ExpressionParserTest, LongOperatorChainsParseUpToATreeHeightLimit) {
  std::string chain = "a = 0";
  for (int i = 1; i < 300; ++i) chain += " OR a = " + std::to_string(i);
  EXPECT_EQ(testing::ErrorOf("SELECT * FROM t WHERE " + chain), "OK");
  std::string huge = "1";
  for (int i = 0; i < 100000; ++i) huge += "+1";
  EXPECT_NE(testing::ErrorOf("SELECT " + huge), "OK");
}

}  // namespace
}  // namespace ordinal::engine::sql
