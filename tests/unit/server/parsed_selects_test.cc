// ParsedSelects: a SELECT text is parsed once and found again, the least recently used one
// makes room, and other statements, long texts and syntax errors are never kept.
#include "server/parsed_selects.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::server {
namespace {

using Parsed = std::shared_ptr<const engine::sql::Statement>;

std::string Text(int i) { return absl::StrCat("SELECT c FROM t WHERE id = ", i); }

Parsed Parse(ParsedSelects& selects, const std::string& sql) {
  absl::StatusOr<Parsed> parsed = selects.Parse(sql);
  EXPECT_TRUE(parsed.ok()) << sql << ": " << parsed.status();
  return parsed.ok() ? *parsed : nullptr;
}

TEST(ParsedSelectsTest, TheSameSelectTextFindsTheSameParse) {
  ParsedSelects selects;
  const Parsed first = Parse(selects, Text(1));
  EXPECT_EQ(Parse(selects, Text(1)), first);
  EXPECT_NE(Parse(selects, Text(2)), first);
  EXPECT_EQ(first->text, Text(1));
  EXPECT_EQ(selects.size(), 2u);
}

TEST(ParsedSelectsTest, LeastRecentlyUsedMakesRoom) {
  ParsedSelects selects;
  for (int i = 0; i < static_cast<int>(ParsedSelects::kCapacity); ++i) Parse(selects, Text(i));
  const Parsed zero = Parse(selects, Text(0));  // now the most recently used
  Parse(selects, Text(1000));                   // forgets Text(1), the least recently used
  EXPECT_EQ(selects.size(), ParsedSelects::kCapacity);
  EXPECT_EQ(Parse(selects, Text(0)), zero);
  const Parsed one = Parse(selects, Text(1));
  EXPECT_EQ(Parse(selects, Text(1)), one);
}

TEST(ParsedSelectsTest, OtherStatementsLongTextsAndErrorsAreNotKept) {
  ParsedSelects selects;
  const std::string insert = "INSERT INTO t VALUES (1)";
  EXPECT_NE(Parse(selects, insert), Parse(selects, insert));
  const std::string set = "SET @v = 1";
  EXPECT_NE(Parse(selects, set), Parse(selects, set));
  const std::string long_select =
      absl::StrCat("SELECT '", std::string(ParsedSelects::kMaxText, 'x'), "'");
  EXPECT_NE(Parse(selects, long_select), Parse(selects, long_select));
  absl::StatusOr<Parsed> error = selects.Parse("SELECT FROM WHERE");
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(error.status())), 1064);
  EXPECT_EQ(selects.size(), 0u);
}

}  // namespace
}  // namespace ordinal::server
