// Statements built on other tables and queries: INSERT/REPLACE ... SELECT, CREATE TABLE ...
// SELECT | LIKE, TRUNCATE, RENAME TABLE, and index column options.
#include <string>

#include "engine/sql/parser.h"
#include "gtest/gtest.h"
#include "tests/unit/sql/parser_test_util.h"

namespace ordinal::engine::sql {
namespace {

using testing::ErrorOf;
using testing::ParseAs;

TEST(SelectOptionsParserTest, CalcFoundRowsAndOtherOptionsInAnyOrder) {
  Select plain = ParseAs<Select>("SELECT a FROM t LIMIT 1");
  EXPECT_FALSE(plain.calc_found_rows);
  Select calc = ParseAs<Select>("SELECT SQL_CALC_FOUND_ROWS a FROM t LIMIT 1");
  EXPECT_TRUE(calc.calc_found_rows);
  Select mixed = ParseAs<Select>("SELECT SQL_NO_CACHE DISTINCT SQL_CALC_FOUND_ROWS a FROM t");
  EXPECT_TRUE(mixed.calc_found_rows);
  EXPECT_TRUE(mixed.distinct);
  Select all = ParseAs<Select>("SELECT ALL SQL_CALC_FOUND_ROWS a FROM t");
  EXPECT_TRUE(all.calc_found_rows);
  EXPECT_FALSE(all.distinct);
  EXPECT_NE(ErrorOf("SELECT ALL DISTINCT a FROM t"), "OK");
  EXPECT_NE(ErrorOf("SELECT DISTINCT ALL a FROM t"), "OK");
  EXPECT_NE(ErrorOf("SELECT SQL_CALC_FOUND_ROWS FROM t"), "OK");
}

TEST(InsertSelectParserTest, QueryReplacesTheValues) {
  Insert insert = ParseAs<Insert>("INSERT INTO t (a, b) SELECT x, y FROM u");
  ASSERT_NE(insert.select, nullptr);
  EXPECT_TRUE(insert.rows.empty());
  EXPECT_EQ(insert.columns.size(), 2u);
  EXPECT_EQ(insert.select->items.size(), 2u);
}

TEST(InsertSelectParserTest, ParenthesizedQueryIsNotAColumnList) {
  Insert insert = ParseAs<Insert>("REPLACE INTO t (SELECT * FROM u)");
  ASSERT_NE(insert.select, nullptr);
  EXPECT_TRUE(insert.columns.empty());
  EXPECT_TRUE(insert.replace);
}

TEST(InsertSelectParserTest, IgnoreAndOnDuplicateKeyCombine) {
  Insert insert =
      ParseAs<Insert>("INSERT IGNORE INTO t SELECT * FROM u ON DUPLICATE KEY UPDATE a = 1");
  EXPECT_TRUE(insert.ignore);
  EXPECT_EQ(insert.on_duplicate_update.size(), 1u);
}

TEST(CreateTableParserTest, AsSelectWithAndWithoutDeclaredColumns) {
  CreateTable bare = ParseAs<CreateTable>("CREATE TABLE t AS SELECT 1 AS x");
  ASSERT_NE(bare.as_select, nullptr);
  EXPECT_TRUE(bare.columns.empty());
  CreateTable declared =
      ParseAs<CreateTable>("CREATE TABLE t (k INT PRIMARY KEY) REPLACE SELECT 1 AS k");
  ASSERT_NE(declared.as_select, nullptr);
  EXPECT_EQ(declared.columns.size(), 1u);
  EXPECT_TRUE(declared.as_select_replace);
  CreateTable plain = ParseAs<CreateTable>("CREATE TABLE t (k INT)");
  EXPECT_EQ(plain.as_select, nullptr);
}

TEST(CreateTableParserTest, LikeInBothForms) {
  EXPECT_EQ(ParseAs<CreateTable>("CREATE TABLE t LIKE d.u").like->database, "d");
  EXPECT_EQ(ParseAs<CreateTable>("CREATE TABLE t (LIKE u)").like->table, "u");
}

TEST(CreateTableParserTest, TableWithoutColumnsOrQueryIsASyntaxError) {
  EXPECT_NE(ErrorOf("CREATE TABLE t"), "OK");
}

TEST(TruncateRenameParserTest, Forms) {
  EXPECT_EQ(ParseAs<TruncateTable>("TRUNCATE t").table.table, "t");
  EXPECT_EQ(ParseAs<TruncateTable>("TRUNCATE TABLE d.t").table.database, "d");
  RenameTable rename = ParseAs<RenameTable>("RENAME TABLE a TO b, c TO d.e");
  ASSERT_EQ(rename.renames.size(), 2u);
  EXPECT_EQ(rename.renames[1].second.database, "d");
  EXPECT_NE(ErrorOf("RENAME TABLE a b"), "OK");
}

TEST(IndexColumnsParserTest, DirectionsAndPrefixLengths) {
  CreateIndex create = ParseAs<CreateIndex>("CREATE INDEX i ON t (a DESC, b(10), c ASC)");
  ASSERT_EQ(create.index.columns.size(), 3u);
  EXPECT_EQ(create.index.descending, (std::vector<bool>{true, false, false}));
  CreateTable table = ParseAs<CreateTable>("CREATE TABLE t (a INT, KEY k (a DESC))");
  EXPECT_EQ(table.indexes[0].descending, std::vector<bool>{true});
}

}  // namespace
}  // namespace ordinal::engine::sql

namespace ordinal::engine::sql {
namespace {

TEST(CompoundParserTest, UnionExceptIntersect) {
  Select s = testing::ParseAs<Select>("SELECT 2 UNION SELECT 1");
  EXPECT_EQ(s.compound.size(), 2u);
  Select t = testing::ParseAs<Select>(
      "SELECT a FROM t UNION ALL SELECT b FROM u INTERSECT SELECT c FROM v ORDER BY 1 LIMIT 2");
  ASSERT_EQ(t.compound.size(), 2u);
  EXPECT_TRUE(t.compound[1].all);
  EXPECT_EQ(t.compound[1].query->compound.size(), 2u);
  EXPECT_EQ(t.order_by.size(), 1u);
  EXPECT_EQ(t.limit, 2);
}

TEST(CompoundParserTest, WithClause) {
  Select s = testing::ParseAs<Select>("WITH a (n) AS (SELECT 1) SELECT n FROM a");
  ASSERT_EQ(s.with.size(), 1u);
  EXPECT_EQ(s.with[0].columns.size(), 1u);
}

TEST(ViewParserTest, CreateDropShow) {
  CreateView v = testing::ParseAs<CreateView>(
      "CREATE OR REPLACE ALGORITHM=MERGE VIEW v (a) AS SELECT x FROM t WITH CHECK OPTION");
  EXPECT_TRUE(v.or_replace);
  EXPECT_EQ(v.definition, "SELECT x FROM t");
  EXPECT_EQ(testing::ParseAs<DropView>("DROP VIEW IF EXISTS v, w").views.size(), 2u);
  EXPECT_EQ(testing::ParseAs<ShowCreateView>("SHOW CREATE VIEW v").view.table, "v");
}

}  // namespace
}  // namespace ordinal::engine::sql
