// The multiple-table forms of UPDATE and DELETE and the single-table forms with an alias
// (docs/multi-table-dml.md).
#include <string>
#include <string_view>

#include "common/sql_error.h"
#include "engine/sql/parser.h"
#include "gtest/gtest.h"
#include "tests/unit/sql/parser_test_util.h"

namespace ordinal::engine::sql {
namespace {

using testing::ErrorOf;
using testing::ParseAs;
using testing::Sexpr;

int ErrnoOf(std::string_view sql) {
  absl::StatusOr<Statement> parsed = ParseStatement(sql);
  return parsed.ok() ? 0 : static_cast<int>(GetMysqlErrno(parsed.status()));
}

TEST(MultiTableUpdateParserTest, JoinWithAliasesAndQualifiedAssignments) {
  Update u = ParseAs<Update>(
      "UPDATE t1 AS a JOIN t2 b ON b.id = a.id SET a.c = b.d + 1, b.e = 0, f = 2 "
      "WHERE a.x > 1");
  ASSERT_TRUE(u.multi_table());
  EXPECT_EQ(u.table.table, "");
  ASSERT_EQ(u.from.size(), 1u);
  ASSERT_TRUE(u.from[0].is_join());
  EXPECT_EQ(u.from[0].left->name.table, "t1");
  EXPECT_EQ(u.from[0].left->alias, "a");
  EXPECT_EQ(u.from[0].right->alias, "b");
  EXPECT_EQ(Sexpr(*u.from[0].on), "(= b.id a.id)");
  ASSERT_EQ(u.assignments.size(), 3u);
  EXPECT_EQ(u.assignments[0].table, "a");
  EXPECT_EQ(u.assignments[0].column, "c");
  EXPECT_EQ(Sexpr(*u.assignments[0].value), "(+ b.d 1)");
  EXPECT_EQ(u.assignments[1].table, "b");
  EXPECT_EQ(u.assignments[2].table, "");
  EXPECT_EQ(Sexpr(*u.where), "(> a.x 1)");
}

TEST(MultiTableUpdateParserTest, CommaListAndJoinKinds) {
  EXPECT_EQ(ParseAs<Update>("UPDATE t1, t2 SET t1.a = t2.b WHERE t1.id = t2.id").from.size(),
            2u);
  EXPECT_TRUE(ParseAs<Update>("UPDATE t1 LEFT JOIN t2 USING (id) SET t1.a = 1").multi_table());
  EXPECT_TRUE(
      ParseAs<Update>("UPDATE t1 RIGHT OUTER JOIN t2 ON t1.id = t2.id SET t2.a = 1").multi_table());
  EXPECT_TRUE(ParseAs<Update>("UPDATE t1 STRAIGHT_JOIN t2 ON t1.id = t2.id SET t1.a = 1")
                  .multi_table());
  EXPECT_TRUE(ParseAs<Update>("UPDATE t1 JOIN (SELECT 1 AS id) d ON d.id = t1.id SET t1.a = 1")
                  .multi_table());
}

TEST(MultiTableUpdateParserTest, DatabaseQualifiedAssignment) {
  Update u = ParseAs<Update>("UPDATE db.t SET db.t.c = 1");
  EXPECT_FALSE(u.multi_table());
  EXPECT_EQ(u.assignments[0].database, "db");
  EXPECT_EQ(u.assignments[0].table, "t");
  EXPECT_EQ(u.assignments[0].column, "c");
}

TEST(MultiTableUpdateParserTest, AnAliasedTableIsTheSingleTableForm) {
  Update u = ParseAs<Update>("UPDATE t AS a SET a.c = 1 WHERE a.id = 2 ORDER BY a.id LIMIT 1");
  EXPECT_FALSE(u.multi_table());
  EXPECT_EQ(u.table.table, "t");
  EXPECT_EQ(u.alias, "a");
  EXPECT_EQ(u.limit, 1);
  EXPECT_EQ(ParseAs<Update>("UPDATE t a SET a.c = 1").alias, "a");
}

TEST(MultiTableUpdateParserTest, OrderByAndLimitAreWrongUsage) {
  EXPECT_EQ(ErrnoOf("UPDATE t1, t2 SET t1.a = 1 ORDER BY t1.a"), 1221);
  EXPECT_EQ(ErrorOf("UPDATE t1, t2 SET t1.a = 1 ORDER BY t1.a"),
            "Incorrect usage of UPDATE and ORDER BY");
  EXPECT_EQ(ErrorOf("UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.a = 1 LIMIT 2"),
            "Incorrect usage of UPDATE and LIMIT");
}

TEST(MultiTableUpdateParserTest, SyntaxErrors) {
  EXPECT_EQ(ErrnoOf("UPDATE t1 JOIN t2 SET"), 1064);
  EXPECT_EQ(ErrnoOf("UPDATE t1, SET a = 1"), 1064);
  EXPECT_EQ(ErrnoOf("UPDATE t1 JOIN t2 ON SET t1.a = 1"), 1064);
  EXPECT_EQ(ErrnoOf("UPDATE t1 LEFT JOIN t2 SET t1.a = 1"), 1064);
  EXPECT_EQ(ErrnoOf("UPDATE t1, t2 SET a.b.c.d = 1"), 1064);
  EXPECT_EQ(ErrnoOf("UPDATE (t1, t2 SET a = 1"), 1064);
}

TEST(MultiTableDeleteParserTest, TargetsBeforeFrom) {
  Delete d = ParseAs<Delete>("DELETE a, db.t2.* FROM t1 AS a JOIN db.t2 ON t2.id = a.id WHERE a.x = 1");
  ASSERT_TRUE(d.multi_table());
  ASSERT_EQ(d.targets.size(), 2u);
  EXPECT_EQ(d.targets[0].table, "a");
  EXPECT_EQ(d.targets[1].database, "db");
  EXPECT_EQ(d.targets[1].table, "t2");
  ASSERT_EQ(d.from.size(), 1u);
  EXPECT_TRUE(d.from[0].is_join());
  EXPECT_EQ(Sexpr(*d.where), "(= a.x 1)");
}

TEST(MultiTableDeleteParserTest, FromUsing) {
  Delete d = ParseAs<Delete>("DELETE FROM t1.*, t2 USING t1, t2 WHERE t1.id = t2.id");
  ASSERT_EQ(d.targets.size(), 2u);
  EXPECT_EQ(d.targets[0].table, "t1");
  EXPECT_EQ(d.targets[1].table, "t2");
  EXPECT_EQ(d.from.size(), 2u);
  EXPECT_TRUE(ParseAs<Delete>("DELETE FROM t1 USING t1 JOIN t2 ON t1.id = t2.id").multi_table());
}

TEST(MultiTableDeleteParserTest, AnAliasedTableIsTheSingleTableForm) {
  Delete d = ParseAs<Delete>("DELETE FROM t AS a WHERE a.id = 1 ORDER BY a.id LIMIT 2");
  EXPECT_FALSE(d.multi_table());
  EXPECT_EQ(d.table.table, "t");
  EXPECT_EQ(d.alias, "a");
  EXPECT_EQ(d.limit, 2);
  EXPECT_EQ(ParseAs<Delete>("DELETE FROM t a").alias, "a");
  EXPECT_EQ(ParseAs<Delete>("DELETE FROM t").alias, "");
}

TEST(MultiTableDeleteParserTest, OrderByAndLimitAreSyntaxErrors) {
  EXPECT_EQ(ErrnoOf("DELETE t1 FROM t1, t2 WHERE t1.id = t2.id ORDER BY t1.id"), 1064);
  EXPECT_EQ(ErrnoOf("DELETE FROM t1 USING t1, t2 LIMIT 1"), 1064);
}

TEST(MultiTableDeleteParserTest, SyntaxErrors) {
  EXPECT_EQ(ErrnoOf("DELETE t1"), 1064);
  EXPECT_EQ(ErrnoOf("DELETE t1 FROM"), 1064);
  EXPECT_EQ(ErrnoOf("DELETE t1, FROM t1"), 1064);
  EXPECT_EQ(ErrnoOf("DELETE FROM t1, t2 WHERE 1"), 1064);
  EXPECT_EQ(ErrnoOf("DELETE t1.* t2 FROM t1"), 1064);
  EXPECT_EQ(ErrnoOf("DELETE FROM t1 USING"), 1064);
  EXPECT_EQ(ErrnoOf("DELETE * FROM t1"), 1064);
}

}  // namespace
}  // namespace ordinal::engine::sql
