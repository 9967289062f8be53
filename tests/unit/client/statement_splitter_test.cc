#include "client/cli/statement_splitter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ordinal::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Statement Normal(std::string text) { return Statement{std::move(text), false}; }
Statement Vertical(std::string text) { return Statement{std::move(text), true}; }

class StatementSplitterTest : public ::testing::Test {
 protected:
  std::vector<Statement> Feed(std::string_view line) { return splitter_.AddLine(line); }
  StatementSplitter splitter_;
};

TEST_F(StatementSplitterTest, SemicolonEndsStatement) {
  EXPECT_THAT(Feed("SELECT 1;"), ElementsAre(Normal("SELECT 1")));
  EXPECT_FALSE(splitter_.has_pending());
}

TEST_F(StatementSplitterTest, SeveralStatementsOnOneLine) {
  EXPECT_THAT(Feed("SELECT 1; SELECT 2;"), ElementsAre(Normal("SELECT 1"), Normal("SELECT 2")));
}

TEST_F(StatementSplitterTest, MultiLineStatementStaysTogether) {
  EXPECT_THAT(Feed("SELECT a"), IsEmpty());
  EXPECT_TRUE(splitter_.has_pending());
  EXPECT_THAT(Feed("  FROM t"), IsEmpty());
  EXPECT_THAT(Feed("  WHERE a = 1;"), ElementsAre(Normal("SELECT a\n  FROM t\n  WHERE a = 1")));
}

TEST_F(StatementSplitterTest, SemicolonInsideQuotesDoesNotEnd) {
  EXPECT_THAT(Feed("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`);"),
              ElementsAre(Normal("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`)")));
}

TEST_F(StatementSplitterTest, EscapedQuoteStaysInsideString) {
  EXPECT_THAT(Feed(R"(SELECT 'it\'s;' ;)"), ElementsAre(Normal(R"(SELECT 'it\'s;')")));
}

TEST_F(StatementSplitterTest, DoubledQuoteStaysInsideString) {
  EXPECT_THAT(Feed("SELECT 'it''s;';"), ElementsAre(Normal("SELECT 'it''s;'")));
}

TEST_F(StatementSplitterTest, StringSpansLines) {
  EXPECT_THAT(Feed("SELECT 'a;"), IsEmpty());
  EXPECT_EQ(splitter_.open_delimiter(), '\'');
  EXPECT_THAT(Feed("b';"), ElementsAre(Normal("SELECT 'a;\nb'")));
}

TEST_F(StatementSplitterTest, VerticalTerminator) {
  EXPECT_THAT(Feed("SELECT 1\\G"), ElementsAre(Vertical("SELECT 1")));
}

TEST_F(StatementSplitterTest, GoTerminator) {
  EXPECT_THAT(Feed("SELECT 1\\g SELECT 2;"), ElementsAre(Normal("SELECT 1"), Normal("SELECT 2")));
}

TEST_F(StatementSplitterTest, BackslashGInsideStringIsText) {
  EXPECT_THAT(Feed("SELECT '\\G';"), ElementsAre(Normal("SELECT '\\G'")));
}

TEST_F(StatementSplitterTest, DashCommentIsDropped) {
  EXPECT_THAT(Feed("SELECT 1; -- done; really"), ElementsAre(Normal("SELECT 1")));
  EXPECT_FALSE(splitter_.has_pending());
}

TEST_F(StatementSplitterTest, DashWithoutSpaceIsMinus) {
  EXPECT_THAT(Feed("SELECT 1--1;"), ElementsAre(Normal("SELECT 1--1")));
}

TEST_F(StatementSplitterTest, HashCommentIsDropped) {
  EXPECT_THAT(Feed("SELECT 1 # ; not an end"), IsEmpty());
  EXPECT_THAT(Feed(";"), ElementsAre(Normal("SELECT 1")));
}

TEST_F(StatementSplitterTest, BlockCommentSpansLines) {
  EXPECT_THAT(Feed("SELECT /* a;"), IsEmpty());
  EXPECT_EQ(splitter_.open_delimiter(), '*');
  EXPECT_THAT(Feed("b; */ 1;"), ElementsAre(Normal("SELECT \n  1")));
}

TEST_F(StatementSplitterTest, CommentOnlyLineLeavesNothingPending) {
  EXPECT_THAT(Feed("-- just a comment"), IsEmpty());
  EXPECT_FALSE(splitter_.has_pending());
}

TEST_F(StatementSplitterTest, EmptyStatementsAreSkipped) { EXPECT_THAT(Feed(";;  ;"), IsEmpty()); }

TEST_F(StatementSplitterTest, ClearCommandForgetsStatement) {
  EXPECT_THAT(Feed("SELECT oops"), IsEmpty());
  EXPECT_THAT(Feed("\\c"), IsEmpty());
  EXPECT_FALSE(splitter_.has_pending());
}

TEST_F(StatementSplitterTest, FinishReturnsUnterminatedStatement) {
  EXPECT_THAT(Feed("SELECT 1"), IsEmpty());
  EXPECT_EQ(splitter_.Finish(), Normal("SELECT 1"));
  EXPECT_FALSE(splitter_.has_pending());
}

TEST_F(StatementSplitterTest, FinishWithNothingPendingIsEmpty) {
  EXPECT_EQ(splitter_.Finish().text, "");
}

}  // namespace
}  // namespace ordinal::cli
