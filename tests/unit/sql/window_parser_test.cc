// Window function syntax: OVER clauses, frames, the WINDOW clause, and GROUP BY ... WITH
// ROLLUP.
#include <string>

#include "engine/sql/parser.h"
#include "gtest/gtest.h"
#include "tests/unit/sql/parser_test_util.h"

namespace ordinal::engine::sql {
namespace {

using testing::ParseAs;

MysqlErrno ErrnoOf(std::string_view sql) {
  absl::StatusOr<Statement> parsed = ParseStatement(sql);
  return parsed.ok() ? MysqlErrno::kUnknown : GetMysqlErrno(parsed.status());
}

TEST(WindowParserTest, OverHoldsPartitionOrderAndFrame) {
  Select s = ParseAs<Select>(
      "SELECT SUM(x) OVER (PARTITION BY a, b ORDER BY c DESC ROWS BETWEEN 2 PRECEDING AND "
      "UNBOUNDED FOLLOWING) FROM t");
  const Expr& call = *s.items[0].expr;
  ASSERT_TRUE(call.IsWindowCall());
  EXPECT_FALSE(call.IsAggregate());
  EXPECT_EQ(call.over->partition_by.size(), 2u);
  ASSERT_EQ(call.over->order_by.size(), 1u);
  EXPECT_TRUE(call.over->order_by[0].descending);
  ASSERT_NE(call.over->frame, nullptr);
  EXPECT_EQ(call.over->frame->unit, FrameUnit::kRows);
  EXPECT_EQ(call.over->frame->start.kind, FrameBoundKind::kPreceding);
  EXPECT_EQ(call.over->frame->end.kind, FrameBoundKind::kUnboundedFollowing);
}

TEST(WindowParserTest, FrameWithoutBetweenEndsAtTheCurrentRow) {
  Select s = ParseAs<Select>("SELECT COUNT(*) OVER (ORDER BY k RANGE 5 PRECEDING) FROM t");
  const auto& frame = s.items[0].expr->over->frame;
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(frame->unit, FrameUnit::kRange);
  EXPECT_EQ(frame->end.kind, FrameBoundKind::kCurrentRow);
}

TEST(WindowParserTest, NamedWindowsAndReferences) {
  Select s = ParseAs<Select>(
      "SELECT RANK() OVER w, ROW_NUMBER() OVER (w ORDER BY a) FROM t "
      "WINDOW w AS (PARTITION BY b), v AS (w) ORDER BY a");
  ASSERT_EQ(s.windows.size(), 2u);
  EXPECT_EQ(s.windows[1].spec->base_name, "w");
  EXPECT_EQ(s.items[0].expr->over->base_name, "w");
  EXPECT_EQ(s.items[1].expr->over->base_name, "w");
  EXPECT_EQ(s.items[1].expr->over->order_by.size(), 1u);
  EXPECT_EQ(s.order_by.size(), 1u);
}

TEST(WindowParserTest, ColumnNameShowsTheWholeCall) {
  Select s = ParseAs<Select>("SELECT ROW_NUMBER() OVER (ORDER BY a) FROM t");
  EXPECT_EQ(s.items[0].expr->text, "ROW_NUMBER() OVER (ORDER BY a)");
}

TEST(WindowParserTest, WindowOnlyFunctionsNeedOver) {
  EXPECT_EQ(ErrnoOf("SELECT RANK() FROM t"), MysqlErrno::kParse);
  EXPECT_EQ(ErrnoOf("SELECT LAG(a, 1, 2, 3) OVER () FROM t"), MysqlErrno::kParse);
  EXPECT_EQ(ErrnoOf("SELECT UPPER(a) OVER () FROM t"), MysqlErrno::kParse);
  EXPECT_EQ(ErrnoOf("SELECT SUM(a) OVER (ORDER BY a ROWS a PRECEDING) FROM t"), MysqlErrno::kParse);
}

TEST(WindowParserTest, UnsupportedFormsAreNotSupportedYet) {
  EXPECT_EQ(ErrnoOf("SELECT FIRST_VALUE(a) IGNORE NULLS OVER () FROM t"),
            MysqlErrno::kNotSupported);
  EXPECT_EQ(ErrnoOf("SELECT NTH_VALUE(a, 2) FROM LAST OVER () FROM t"), MysqlErrno::kNotSupported);
  EXPECT_EQ(ErrnoOf("SELECT SUM(DISTINCT a) OVER () FROM t"), MysqlErrno::kNotSupported);
  EXPECT_EQ(ErrnoOf("SELECT SUM(a) OVER (GROUPS 1 PRECEDING) FROM t"), MysqlErrno::kNotSupported);
}

TEST(WindowParserTest, PlainAggregatesStayAggregates) {
  Select s = ParseAs<Select>("SELECT SUM(a) FROM t");
  EXPECT_TRUE(s.items[0].expr->IsAggregate());
  EXPECT_FALSE(s.items[0].expr->IsWindowCall());
}

TEST(RollupParserTest, WithRollupAfterGroupBy) {
  Select s = ParseAs<Select>("SELECT a, b, SUM(c) FROM t GROUP BY a, b WITH ROLLUP HAVING a > 1");
  EXPECT_TRUE(s.rollup);
  EXPECT_EQ(s.group_by.size(), 2u);
  EXPECT_NE(s.having, nullptr);
  EXPECT_FALSE(ParseAs<Select>("SELECT a FROM t GROUP BY a").rollup);
}

}  // namespace
}  // namespace ordinal::engine::sql
