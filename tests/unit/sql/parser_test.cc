// Statements: SELECT, INSERT, REPLACE, UPDATE, DELETE, transactions, EXPLAIN, CHECKSUM; the
// error format, limits and statement framing.
#include <string>

#include "common/sql_error.h"
#include "engine/sql/parser.h"
#include "gtest/gtest.h"
#include "tests/unit/sql/parser_test_util.h"

namespace ordinal::engine::sql {
namespace {

using testing::ErrorOf;
using testing::ParseAs;
using testing::Sexpr;

TEST(SelectParserTest, PointSelect) {
  Select s = ParseAs<Select>("SELECT c FROM sbtest1 WHERE id=123");
  ASSERT_EQ(s.items.size(), 1u);
  EXPECT_EQ(s.items[0].expr->text, "c");
  ASSERT_EQ(s.from.size(), 1u);
  EXPECT_EQ(s.from[0].name.table, "sbtest1");
  EXPECT_EQ(s.from[0].name.database, "");
  EXPECT_EQ(Sexpr(*s.where), "(= id 123)");
  EXPECT_EQ(s.where->text, "id=123");
}

TEST(SelectParserTest, StarAndQualifiedStar) {
  Select s = ParseAs<Select>("SELECT *, T.* FROM Db.T");
  ASSERT_EQ(s.items.size(), 2u);
  EXPECT_TRUE(s.items[0].star);
  EXPECT_TRUE(s.items[1].star);
  EXPECT_EQ(s.items[1].star_table, "t");
  EXPECT_EQ(s.from[0].name.database, "db");
  EXPECT_EQ(s.from[0].name.table, "t");
}

TEST(SelectParserTest, AliasesWithAndWithoutAsKeepTheirSpelling) {
  Select s = ParseAs<Select>("SELECT a AS First, b Second, c 'Third', d AS `Fourth` FROM t");
  EXPECT_EQ(s.items[0].alias, "First");
  EXPECT_EQ(s.items[1].alias, "Second");
  EXPECT_EQ(s.items[2].alias, "Third");
  EXPECT_EQ(s.items[3].alias, "Fourth");
}

TEST(SelectParserTest, MisspelledKeywordIsNotTakenForAnAlias) {
  EXPECT_EQ(ErrorOf("SELECT a FROM t WHRE a = 1"),
            "You have an error in your SQL syntax near 'WHRE a = 1' at line 1, column 17");
}

TEST(SelectParserTest, TableAliasIsLowercased) {
  EXPECT_EQ(ParseAs<Select>("SELECT x.a FROM t AS X").from[0].alias, "x");
  EXPECT_EQ(ParseAs<Select>("SELECT x.a FROM t X WHERE x.a = 1").from[0].alias, "x");
}

TEST(SelectParserTest, AllClauses) {
  Select s = ParseAs<Select>(
      "SELECT DISTINCT k, COUNT(*) FROM t WHERE a > 1 GROUP BY k, b HAVING COUNT(*) > 2 "
      "ORDER BY k DESC, b ASC, c LIMIT 10 OFFSET 5 FOR UPDATE");
  EXPECT_TRUE(s.distinct);
  EXPECT_EQ(s.group_by.size(), 2u);
  EXPECT_EQ(Sexpr(*s.having), "(> COUNT(*) 2)");
  ASSERT_EQ(s.order_by.size(), 3u);
  EXPECT_TRUE(s.order_by[0].descending);
  EXPECT_FALSE(s.order_by[1].descending);
  EXPECT_FALSE(s.order_by[2].descending);
  EXPECT_EQ(s.limit, 10);
  EXPECT_EQ(s.offset, 5);
  EXPECT_TRUE(s.for_update);
}

TEST(SelectParserTest, LimitWithCommaPutsOffsetFirst) {
  Select s = ParseAs<Select>("SELECT a FROM t LIMIT 5, 10");
  EXPECT_EQ(s.offset, 5);
  EXPECT_EQ(s.limit, 10);
}

TEST(SelectParserTest, LimitMustBeANonNegativeInteger) {
  EXPECT_EQ(ErrorOf("SELECT a FROM t LIMIT -1"),
            "You have an error in your SQL syntax near '-1' at line 1, column 23");
  EXPECT_NE(ErrorOf("SELECT a FROM t LIMIT 99999999999999999999"), "OK");
}

TEST(SelectParserTest, SelectWithoutFrom) {
  Select s = ParseAs<Select>("SELECT 1 + 1, 'x'");
  EXPECT_TRUE(s.from.empty());
  EXPECT_EQ(s.items.size(), 2u);
  EXPECT_TRUE(ParseAs<Select>("SELECT 1 FROM DUAL").from.empty());
}

TEST(SelectParserTest, ExplainWrapsASelect) {
  Explain e = ParseAs<Explain>("EXPLAIN SELECT a FROM t WHERE id = 1");
  EXPECT_EQ(e.select.from[0].name.table, "t");
}

TEST(InsertParserTest, ColumnsAndSeveralRows) {
  Insert i = ParseAs<Insert>("INSERT INTO T (A, b) VALUES (1, 'x'), (2, NULL)");
  EXPECT_EQ(i.table.table, "t");
  EXPECT_EQ(i.columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(i.rows.size(), 2u);
  EXPECT_EQ(Sexpr(*i.rows[1][1]), "NULL");
  EXPECT_FALSE(i.replace);
  EXPECT_FALSE(i.ignore);
}

TEST(InsertParserTest, WithoutColumnsIntoOrValuesKeyword) {
  Insert i = ParseAs<Insert>("INSERT t VALUE (1)");
  EXPECT_TRUE(i.columns.empty());
  EXPECT_EQ(i.rows.size(), 1u);
}

TEST(InsertParserTest, EmptyColumnListAndEmptyRow) {
  Insert i = ParseAs<Insert>("INSERT INTO t () VALUES ()");
  EXPECT_TRUE(i.columns.empty());
  ASSERT_EQ(i.rows.size(), 1u);
  EXPECT_TRUE(i.rows[0].empty());
}

TEST(InsertParserTest, SetFormIsOneRow) {
  Insert i = ParseAs<Insert>("INSERT INTO t SET a = 1, b = 'x'");
  EXPECT_EQ(i.columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(i.rows.size(), 1u);
  EXPECT_EQ(i.rows[0].size(), 2u);
}

TEST(InsertParserTest, IgnoreAndReplace) {
  EXPECT_TRUE(ParseAs<Insert>("INSERT IGNORE INTO t VALUES (1)").ignore);
  EXPECT_TRUE(ParseAs<Insert>("REPLACE INTO t VALUES (1)").replace);
}

TEST(InsertParserTest, OnDuplicateKeyUpdate) {
  Insert i = ParseAs<Insert>(
      "INSERT INTO t (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE n = n + 1, m = 0");
  ASSERT_EQ(i.on_duplicate_update.size(), 2u);
  EXPECT_EQ(i.on_duplicate_update[0].column, "n");
  EXPECT_EQ(Sexpr(*i.on_duplicate_update[0].value), "(+ n 1)");
  EXPECT_EQ(i.on_duplicate_update[1].loc.column, 72);
}

TEST(InsertParserTest, ReplaceHasNoOnDuplicateKey) {
  EXPECT_NE(ErrorOf("REPLACE INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 1"), "OK");
}

TEST(UpdateParserTest, AllClauses) {
  Update u = ParseAs<Update>(
      "UPDATE sbtest1 SET k = k + 1, c = 'x' WHERE id = 5 ORDER BY id DESC LIMIT 3");
  EXPECT_EQ(u.table.table, "sbtest1");
  ASSERT_EQ(u.assignments.size(), 2u);
  EXPECT_EQ(u.assignments[0].column, "k");
  EXPECT_EQ(Sexpr(*u.assignments[0].value), "(+ k 1)");
  EXPECT_EQ(Sexpr(*u.where), "(= id 5)");
  ASSERT_EQ(u.order_by.size(), 1u);
  EXPECT_TRUE(u.order_by[0].descending);
  EXPECT_EQ(u.limit, 3);
}

TEST(UpdateParserTest, WithoutWhereUpdatesAllRows) {
  EXPECT_EQ(ParseAs<Update>("UPDATE t SET a = 1").where, nullptr);
}

TEST(DeleteParserTest, AllClauses) {
  Delete d = ParseAs<Delete>("DELETE FROM db.t WHERE a < 3 ORDER BY a LIMIT 1");
  EXPECT_EQ(d.table.database, "db");
  EXPECT_EQ(Sexpr(*d.where), "(< a 3)");
  EXPECT_EQ(d.order_by.size(), 1u);
  EXPECT_EQ(d.limit, 1);
}

TEST(TransactionParserTest, BeginCommitRollback) {
  ParseAs<Begin>("BEGIN");
  ParseAs<Begin>("begin work");
  ParseAs<Begin>("START TRANSACTION");
  ParseAs<Commit>("COMMIT");
  ParseAs<Commit>("COMMIT WORK;");
  EXPECT_EQ(ParseAs<Rollback>("ROLLBACK").savepoint, "");
  EXPECT_EQ(ParseAs<Rollback>("ROLLBACK WORK").savepoint, "");
}

TEST(TransactionParserTest, Savepoints) {
  EXPECT_EQ(ParseAs<Savepoint>("SAVEPOINT Before_Update").name, "before_update");
  EXPECT_FALSE(ParseAs<Savepoint>("SAVEPOINT a").release);
  Savepoint release = ParseAs<Savepoint>("RELEASE SAVEPOINT `a`");
  EXPECT_TRUE(release.release);
  EXPECT_EQ(release.name, "a");
  EXPECT_EQ(ParseAs<Rollback>("ROLLBACK TO SAVEPOINT a").savepoint, "a");
  EXPECT_EQ(ParseAs<Rollback>("rollback work to A").savepoint, "a");
  EXPECT_FALSE(ParseStatement("SAVEPOINT").ok());
  EXPECT_FALSE(ParseStatement("RELEASE a").ok());
  EXPECT_FALSE(ParseStatement("ROLLBACK TO").ok());
}

TEST(StoredProgramParserTest, CreateIsNotSupportedDropAndCallParse) {
  for (const char* sql : {"CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1",
                          "CREATE DEFINER = 'u'@'%' PROCEDURE p() SELECT 1",
                          "CREATE FUNCTION f() RETURNS INT RETURN 1",
                          "CREATE AGGREGATE FUNCTION f RETURNS STRING SONAME 'x.so'",
                          "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1"}) {
    absl::StatusOr<Statement> parsed = ParseStatement(sql);
    ASSERT_FALSE(parsed.ok()) << sql;
    EXPECT_EQ(GetMysqlErrno(parsed.status()), MysqlErrno::kNotSupported) << sql;
  }
  // A view's DEFINER takes the same account forms.
  ParseAs<CreateView>("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY "
                      "DEFINER VIEW v AS SELECT 1");
  ParseAs<CreateView>("CREATE DEFINER = 'u'@'%' VIEW v AS SELECT 1");
  StoredProgramStatement drop = ParseAs<StoredProgramStatement>("DROP PROCEDURE IF EXISTS db.P");
  EXPECT_EQ(drop.action, StoredProgramAction::kDropProcedure);
  EXPECT_TRUE(drop.if_exists);
  EXPECT_EQ(drop.name.database, "db");
  EXPECT_EQ(drop.name.table, "p");
  EXPECT_EQ(ParseAs<StoredProgramStatement>("DROP TRIGGER t").action,
            StoredProgramAction::kDropTrigger);
  EXPECT_EQ(ParseAs<StoredProgramStatement>("CALL p(1, 'x', NULL)").action,
            StoredProgramAction::kCall);
  ParseAs<StoredProgramStatement>("CALL p");
  EXPECT_FALSE(ParseStatement("CALL p(1,").ok());
  EXPECT_FALSE(ParseStatement("DROP EVENT").ok());
}

TEST(ChecksumParserTest, SeveralTables) {
  ChecksumTable c = ParseAs<ChecksumTable>("CHECKSUM TABLE a, db.b");
  ASSERT_EQ(c.tables.size(), 2u);
  EXPECT_EQ(c.tables[1].database, "db");
}

TEST(StatementTest, KindNamesAndWrites) {
  const auto kind = [](std::string_view sql) {
    absl::StatusOr<Statement> s = ParseStatement(sql);
    return s.ok() ? std::string(StatementKindName(*s)) + (IsWrite(*s) ? "+w" : "") : "error";
  };
  EXPECT_EQ(kind("SELECT 1"), "select");
  EXPECT_EQ(kind("INSERT INTO t VALUES (1)"), "insert+w");
  EXPECT_EQ(kind("REPLACE INTO t VALUES (1)"), "replace+w");
  EXPECT_EQ(kind("UPDATE t SET a = 1"), "update+w");
  EXPECT_EQ(kind("DELETE FROM t"), "delete+w");
  EXPECT_EQ(kind("CREATE TABLE t (a INT)"), "create_table+w");
  EXPECT_EQ(kind("CREATE INDEX i ON t (a)"), "create_index+w");
  EXPECT_EQ(kind("DROP TABLE t"), "drop_table+w");
  EXPECT_EQ(kind("CREATE DATABASE d"), "create_database+w");
  EXPECT_EQ(kind("DROP DATABASE d"), "drop_database+w");
  EXPECT_EQ(kind("SHOW TABLES"), "show_tables");
  EXPECT_EQ(kind("BEGIN"), "begin");
  EXPECT_EQ(kind("EXPLAIN SELECT 1"), "explain");
  EXPECT_EQ(kind("CHECKSUM TABLE t"), "checksum_table");
}

TEST(StatementTest, LocationIsTheFirstToken) {
  absl::StatusOr<Statement> s = ParseStatement("\n\n   SELECT 1");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->loc.line, 3);
  EXPECT_EQ(s->loc.column, 4);
}

TEST(StatementTest, TrailingSemicolonAndCommentsAreAllowed) {
  EXPECT_EQ(ErrorOf("SELECT 1 ; -- done\n"), "OK");
  EXPECT_EQ(ErrorOf("/* hi */ SELECT 1 # end"), "OK");
}

TEST(StatementTest, SecondStatementIsRejected) {
  EXPECT_EQ(ErrorOf("SELECT 1; SELECT 2"),
            "You have an error in your SQL syntax near 'SELECT 2' at line 1, column 11");
}

TEST(StatementTest, EmptyStatementIsAnErrorAtTheEnd) {
  EXPECT_EQ(ErrorOf(""), "You have an error in your SQL syntax near '' at line 1, column 1");
  EXPECT_EQ(ErrorOf("  -- nothing\n ;"),
            "You have an error in your SQL syntax near ';' at line 2, column 2");
}

TEST(ErrorTest, NamesTokenLineAndColumn) {
  EXPECT_EQ(ErrorOf("SELECT a FORM t"),
            "You have an error in your SQL syntax near 'FORM t' at line 1, column 10");
  EXPECT_EQ(ErrorOf("SELECT a\nFROM t\nWHERE a = = 1"),
            "You have an error in your SQL syntax near '= 1' at line 3, column 11");
}

TEST(ErrorTest, EndOfInputIsNamedAsAnEmptyToken) {
  EXPECT_EQ(ErrorOf("SELECT a FROM"),
            "You have an error in your SQL syntax near '' at line 1, column 14");
}

TEST(ErrorTest, IsInvalidArgumentWithMysqlParseErrno) {
  absl::StatusOr<Statement> s = ParseStatement("SELEC 1");
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetMysqlErrno(s.status()), MysqlErrno::kParse);
}

TEST(ErrorTest, UnterminatedStringPointsAtItsQuote) {
  EXPECT_EQ(ErrorOf("SELECT 'abc"),
            "You have an error in your SQL syntax near ''abc' at line 1, column 8");
}

TEST(ErrorTest, UnknownOperatorIsASyntaxError) {
  EXPECT_EQ(ErrorOf("SELECT a <=> b <=>"),
            "You have an error in your SQL syntax near '' at line 1, column 19");
}

TEST(ErrorTest, SnippetIsCutAtFortyBytes) {
  const std::string tail(100, 'x');
  EXPECT_EQ(ErrorOf("SELECT (1 " + tail),
            "You have an error in your SQL syntax near '" + std::string(40, 'x') +
                "' at line 1, column 11");
}

TEST(LimitTest, StatementLargerThanTheLimitIsResourceExhausted) {
  const std::string sql = "SELECT '" + std::string(kMaxStatementBytes, 'x') + "'";
  absl::StatusOr<Statement> s = ParseStatement(sql);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(GetMysqlErrno(s.status()), MysqlErrno::kNetPacketTooLarge);
}

TEST(LimitTest, IdentifierLongerThan64CharactersIsTooLong) {
  absl::StatusOr<Statement> s = ParseStatement("SELECT a FROM " + std::string(65, 't'));
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetMysqlErrno(s.status()), MysqlErrno::kTooLongIdent);
  EXPECT_TRUE(ParseStatement("SELECT a FROM " + std::string(64, 't')).ok());
}

TEST(RobustnessTest, ArbitraryBytesNeverCrash) {
  const std::string inputs[] = {
      std::string("SELECT \0 1", 10), "SELECT '\xff\xfe'", "SELECT `\xc3`", "/*", "'", "\"",
      "`", "SELECT (((", "))))", "SELECT 1e", "INSERT INTO", "CREATE TABLE t (", "\\",
      "SELECT a.", "SELECT COUNT(", std::string(1, '\0'), "\xf4\x90\x80\x80",
  };
  for (const std::string& input : inputs) {
    absl::StatusOr<Statement> s = ParseStatement(input);
    EXPECT_FALSE(s.ok()) << input;
  }
}

}  // namespace
}  // namespace ordinal::engine::sql
