// SET, SHOW VARIABLES|STATUS|WARNINGS|ERRORS, variables in expressions, and MySQL's
// version comments.
#include "gtest/gtest.h"
#include "tests/unit/sql/parser_test_util.h"

namespace ordinal::engine::sql {
namespace {

using testing::ErrorOf;
using testing::ExprOf;
using testing::ParseAs;
using testing::Sexpr;

TEST(SessionParserTest, VariablesInExpressions) {
  EXPECT_EQ(ExprOf("@@version_comment"), "@@version_comment");
  EXPECT_EQ(ExprOf("@@SESSION.AutoCommit"), "@@session.autocommit");
  EXPECT_EQ(ExprOf("@@local.autocommit"), "@@session.autocommit");
  EXPECT_EQ(ExprOf("@@global.max_connections"), "@@global.max_connections");
  EXPECT_EQ(ExprOf("@X"), "@x");
  EXPECT_EQ(ExprOf("@'my var'"), "@my var");
  EXPECT_EQ(ExprOf("@`v`"), "@v");
  EXPECT_EQ(ExprOf("@a := @b + 1"), "(:= @a (+ @b 1))");
  EXPECT_NE(ErrorOf("SELECT @@nosuchscope.x"), "OK");
  EXPECT_NE(ErrorOf("SELECT @"), "OK");
}

TEST(SessionParserTest, SetTakesSeveralItemsAndScopeCarriesOver) {
  SetStatement set = ParseAs<SetStatement>(
      "SET GLOBAL a = 1, b = 2, SESSION c = 3, @@global.d = 4, @u := 5, e = DEFAULT, f = ON, "
      "g = ansi");
  ASSERT_EQ(set.assignments.size(), 8u);
  EXPECT_EQ(set.assignments[0].target.scope, VariableScope::kGlobal);
  EXPECT_EQ(set.assignments[1].target.scope, VariableScope::kGlobal);
  EXPECT_EQ(set.assignments[2].target.scope, VariableScope::kSession);
  EXPECT_EQ(set.assignments[3].target.scope, VariableScope::kGlobal);
  EXPECT_EQ(set.assignments[4].target.scope, VariableScope::kUser);
  EXPECT_EQ(set.assignments[5].value, nullptr);
  EXPECT_TRUE(set.assignments[5].word.empty());
  EXPECT_EQ(set.assignments[6].word, "ON");
  EXPECT_EQ(set.assignments[7].word, "ANSI");
}

TEST(SessionParserTest, SetNamesAndCharacterSet) {
  SetStatement names = ParseAs<SetStatement>("SET NAMES 'UTF8MB4' COLLATE utf8mb4_bin");
  ASSERT_EQ(names.assignments.size(), 1u);
  EXPECT_EQ(names.assignments[0].kind, SetAssignment::Kind::kNames);
  EXPECT_EQ(names.assignments[0].charset, "utf8mb4");
  EXPECT_EQ(names.assignments[0].collation, "utf8mb4_bin");
  SetStatement charset = ParseAs<SetStatement>("SET CHARACTER SET latin1, @x = 1");
  ASSERT_EQ(charset.assignments.size(), 2u);
  EXPECT_EQ(charset.assignments[0].kind, SetAssignment::Kind::kCharacterSet);
  EXPECT_EQ(ParseAs<SetStatement>("SET CHARSET DEFAULT").assignments[0].charset, "");
}

TEST(SessionParserTest, SetTransaction) {
  SetTransaction t =
      ParseAs<SetTransaction>("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY");
  EXPECT_EQ(t.scope, VariableScope::kSession);
  EXPECT_EQ(t.isolation, "READ-COMMITTED");
  EXPECT_EQ(t.read_only, 1);
  EXPECT_EQ(ParseAs<SetTransaction>("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").scope,
            VariableScope::kDefault);
  EXPECT_NE(ErrorOf("SET TRANSACTION ISOLATION LEVEL SOMETIMES"), "OK");
}

TEST(SessionParserTest, ShowVariablesStatusWarnings) {
  ShowVariables v = ParseAs<ShowVariables>("SHOW GLOBAL VARIABLES LIKE 'char%'");
  EXPECT_TRUE(v.global);
  EXPECT_FALSE(v.status);
  EXPECT_EQ(v.like.value_or(""), "char%");
  EXPECT_NE(ParseAs<ShowVariables>("SHOW STATUS WHERE value = 1").where, nullptr);
  ShowWarnings w = ParseAs<ShowWarnings>("SHOW WARNINGS LIMIT 1, 2");
  EXPECT_EQ(w.offset.value_or(-1), 1);
  EXPECT_EQ(w.limit.value_or(-1), 2);
  EXPECT_TRUE(ParseAs<ShowWarnings>("SHOW COUNT(*) ERRORS").count_only);
  EXPECT_TRUE(ParseAs<ShowWarnings>("SHOW ERRORS").errors);
}

TEST(SessionParserTest, VersionCommentsAreSqlUpToOurVersion) {
  EXPECT_EQ(ExprOf("1 /*! + 2 */"), "(+ 1 2)");
  EXPECT_EQ(ExprOf("1 /*!50503 + 2 */"), "(+ 1 2)");
  EXPECT_EQ(ExprOf("1 /*!99999 + 2 */"), "1");
  EXPECT_EQ(ExprOf("1 /*M!100100 + 2 */"), "1");
  EXPECT_NE(ErrorOf("SELECT 1 /*! + 2"), "OK");
  ParseAs<SetStatement>("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;");
  ParseAs<Select>("/*M!999999\\- enable the sandbox mode */ SELECT 1");
}

TEST(SessionParserTest, NiladicFunctionsNeedNoParentheses) {
  EXPECT_EQ(ExprOf("CURRENT_USER"), "CURRENT_USER()");
  EXPECT_EQ(ExprOf("SCHEMA()"), "SCHEMA()");
}

TEST(SessionParserTest, KillNamesAConnectionOrItsQuery) {
  Kill kill = ParseAs<Kill>("KILL 12");
  EXPECT_FALSE(kill.query_only);
  ASSERT_NE(kill.id, nullptr);
  EXPECT_EQ(Sexpr(*kill.id), "12");
  EXPECT_FALSE(ParseAs<Kill>("kill connection 12").query_only);
  EXPECT_TRUE(ParseAs<Kill>("KILL QUERY 12;").query_only);
  EXPECT_EQ(Sexpr(*ParseAs<Kill>("KILL CONNECTION_ID()").id), "CONNECTION_ID()");
  EXPECT_NE(ErrorOf("KILL"), "OK");
  EXPECT_NE(ErrorOf("KILL QUERY"), "OK");
  EXPECT_NE(ErrorOf("KILL 1 2"), "OK");
}

TEST(SessionParserTest, ParameterMarkersOnlyInPreparedStatements) {
  EXPECT_NE(ErrorOf("SELECT ?"), "OK");
  absl::StatusOr<ParameterizedStatement> p =
      ParseWithParameters("SELECT ? + 1, '?' FROM t WHERE a = ? /* ? */ AND b IN (?)");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->parameters.size(), 3u);
  for (Expr* marker : p->parameters) {
    EXPECT_EQ(marker->kind, ExprKind::kLiteral);
    EXPECT_TRUE(marker->literal.is_null());
    EXPECT_EQ(marker->text, "?");
  }
  // A marker's node is the one the statement holds: binding it changes the statement.
  p->parameters[0]->literal = Value::Int(41);
  const Select& select = std::get<Select>(p->statement.body);
  EXPECT_EQ(Sexpr(*select.items[0].expr), "(+ 41 1)");
  EXPECT_FALSE(ParseWithParameters("SELECT ?? FROM t").ok());
}

}  // namespace
}  // namespace ordinal::engine::sql
