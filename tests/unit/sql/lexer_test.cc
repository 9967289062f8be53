#include "engine/sql/lexer.h"

#include <string>
#include <string_view>
#include <vector>

#include "common/sql_error.h"
#include "gtest/gtest.h"

namespace ordinal::engine::sql {
namespace {

std::vector<TokenKind> Kinds(const std::vector<Token>& tokens) {
  std::vector<TokenKind> kinds;
  for (const Token& t : tokens) kinds.push_back(t.kind);
  return kinds;
}

std::vector<std::string> Texts(const std::vector<Token>& tokens) {
  std::vector<std::string> texts;
  for (const Token& t : tokens) texts.emplace_back(t.text);
  return texts;
}

TEST(LexerTest, PointSelectSplitsIntoWordsOperatorsAndNumbers) {
  const auto tokens = Tokenize("SELECT c FROM sbtest1 WHERE id=123");
  EXPECT_EQ(Texts(tokens), (std::vector<std::string>{"SELECT", "c", "FROM", "sbtest1", "WHERE",
                                                      "id", "=", "123", ""}));
  EXPECT_EQ(tokens.back().kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[7].kind, TokenKind::kInteger);
}

TEST(LexerTest, ReservedWordsAreMarkedCaseInsensitively) {
  const auto tokens = Tokenize("select Sbtest1 wHeRe");
  EXPECT_TRUE(tokens[0].reserved);
  EXPECT_FALSE(tokens[1].reserved);
  EXPECT_TRUE(tokens[2].reserved);
}

TEST(LexerTest, TracksLineAndColumnAcrossNewlines) {
  const auto tokens = Tokenize("SELECT\n  a,\n\tb");
  EXPECT_EQ(tokens[1].loc.line, 2);
  EXPECT_EQ(tokens[1].loc.column, 3);
  EXPECT_EQ(tokens[3].loc.line, 3);
  EXPECT_EQ(tokens[3].loc.column, 2);
}

TEST(LexerTest, SkipsAllThreeCommentStyles) {
  const auto tokens = Tokenize("a -- dash\n# hash\n/* block\n */ b");
  EXPECT_EQ(Texts(tokens), (std::vector<std::string>{"a", "b", ""}));
  EXPECT_EQ(tokens[1].loc.line, 4);
}

TEST(LexerTest, DoubleDashWithoutSpaceIsTwoMinuses) {
  EXPECT_EQ(Texts(Tokenize("1--2")), (std::vector<std::string>{"1", "-", "-", "2", ""}));
}

TEST(LexerTest, DecodesStringEscapesAndDoubledQuotes) {
  const auto tokens = Tokenize(R"('it''s' "say ""hi""" 'a\nb\t\0\\\'\"' 'x\%')");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].value, "it's");
  EXPECT_EQ(tokens[1].value, "say \"hi\"");
  EXPECT_EQ(tokens[2].value, std::string("a\nb\t\0\\'\"", 8));
  EXPECT_EQ(tokens[3].value, "x\\%");  // kept for LIKE, as MySQL does
}

TEST(LexerTest, BackquotedIdentifierIsNeverReserved) {
  const auto tokens = Tokenize("`select` `a``b`");
  EXPECT_EQ(tokens[0].kind, TokenKind::kQuotedIdent);
  EXPECT_EQ(tokens[0].value, "select");
  EXPECT_FALSE(tokens[0].reserved);
  EXPECT_EQ(tokens[1].value, "a`b");
}

TEST(LexerTest, ClassifiesNumbers) {
  const auto tokens = Tokenize("42 4.5 .5 1e3 2E-2");
  EXPECT_EQ(Kinds(tokens),
            (std::vector<TokenKind>{TokenKind::kInteger, TokenKind::kDecimal,
                                    TokenKind::kDecimal, TokenKind::kDecimal,
                                    TokenKind::kDecimal, TokenKind::kEnd}));
}

TEST(LexerTest, DotAfterNameIsAQualifierNotANumber) {
  EXPECT_EQ(Texts(Tokenize("t.5")), (std::vector<std::string>{"t", ".", "5", ""}));
}

TEST(LexerTest, MultiCharacterOperators) {
  EXPECT_EQ(Texts(Tokenize("<= >= <> != || && <=>")),
            (std::vector<std::string>{"<=", ">=", "<>", "!=", "||", "&&", "<=>", ""}));
}

TEST(LexerTest, UnterminatedStringEndsWithErrorAtItsQuote) {
  const auto tokens = Tokenize("SELECT 'abc");
  EXPECT_EQ(tokens.back().kind, TokenKind::kError);
  EXPECT_EQ(tokens.back().offset, 7u);
}

TEST(LexerTest, UnterminatedCommentIsAnError) {
  EXPECT_EQ(Tokenize("a /* b").back().kind, TokenKind::kError);
}

TEST(LexerTest, InvalidUtf8InStringIsAnError) {
  const auto tokens = Tokenize("'a\xff'");
  EXPECT_EQ(tokens.back().kind, TokenKind::kError);
  EXPECT_EQ(tokens.back().offset, 2u);
}

TEST(LexerTest, ValidUtf8IsAcceptedInStringsAndNames) {
  const auto tokens = Tokenize("caf\xc3\xa9 '\xe2\x82\xac'");
  EXPECT_EQ(tokens[0].kind, TokenKind::kIdent);
  EXPECT_EQ(tokens[1].value, "\xe2\x82\xac");
}

TEST(LexerTest, NulByteOutsideStringIsAnError) {
  EXPECT_EQ(Tokenize(std::string_view("a \0 b", 5)).back().kind, TokenKind::kError);
}

TEST(LexerTest, NumberRunningIntoLettersIsAnError) {
  EXPECT_EQ(Tokenize("0x1G").back().kind, TokenKind::kError);
  EXPECT_EQ(Tokenize("12abc").back().kind, TokenKind::kError);
}

TEST(LexerTest, HexAndBitLiteralsAreByteStrings) {
  EXPECT_EQ(Tokenize("0x4142")[0].value, "AB");
  EXPECT_EQ(Tokenize("X'4142'")[0].value, "AB");
  EXPECT_EQ(Tokenize("0x141")[0].value, std::string("\x01" "A"));
  EXPECT_EQ(Tokenize("b'1000001'")[0].value, "A");
  EXPECT_EQ(Tokenize("0b1000001")[0].value, "A");
  EXPECT_EQ(Tokenize("x'414'").back().kind, TokenKind::kError);
}

TEST(LexerTest, SyntaxErrorMessageQuotesFortyBytesWithoutControlBytes) {
  const std::string sql = std::string("SELECT \x01") + std::string(60, 'x');
  const absl::Status status = SyntaxErrorAt(sql, 7, Location{1, 8});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kParse);
  EXPECT_EQ(status.message(), "You have an error in your SQL syntax near '?" +
                                  std::string(39, 'x') + "' at line 1, column 8");
}

}  // namespace
}  // namespace ordinal::engine::sql
