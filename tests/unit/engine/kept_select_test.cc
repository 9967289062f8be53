// A SELECT without markers run again with the same text runs the plan its session kept
// (engine/plan/kept_select.h) and gives what binding it anew gives: across DDL of this
// session and of others, new statistics, USE, setting changes, user variables, privileges
// and what binding cannot keep (functions, subqueries, views).
//
// "Bound anew" is observed by the session's Ordinal_plan_reuses counter; "what binding anew
// gives" by the same statement with a comment appended (another text, so never a kept plan).
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/auth/accounts.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

constexpr char kJoin[] =
    "SELECT a.id, a.c, b.v FROM a JOIN b ON b.a_id = a.id WHERE a.k = 1 ORDER BY a.id, b.v";

// A result (or error) as text: the error number, else the columns' names and the rows.
std::string Render(const absl::StatusOr<ResultSet>& result) {
  if (!result.ok()) return absl::StrCat("error ", GetMysqlErrno(result.status()));
  std::string out;
  for (const ResultColumn& column : result->columns) absl::StrAppend(&out, column.name, " ");
  out += "|";
  for (const std::vector<Value>& row : result->rows) {
    for (const Value& value : row) absl::StrAppend(&out, " ", value.ToString());
    out += ";";
  }
  return out;
}

class KeptSelectTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE d");
    Run("USE d");
    Run("CREATE TABLE a (id INT PRIMARY KEY, k INT, c VARCHAR(10), ts TIMESTAMP NULL, "
        "KEY k_idx (k))");
    Run("CREATE TABLE b (id INT PRIMARY KEY, a_id INT, v INT)");
    Run("SET time_zone = '+00:00'");
    for (int i = 1; i <= 20; ++i) {
      Run(absl::StrCat("INSERT INTO a VALUES (", i, ", ", i % 3, ", 'c", i, "', '2020-01-01 ",
                       i, ":00:00')"));
      Run(absl::StrCat("INSERT INTO b VALUES (", i, ", ", 21 - i, ", ", i * 10, ")"));
    }
  }

  // Plans this session ran without binding them anew, so far.
  int Reuses(Session& session) {
    Rows rows = Query(session, "SHOW SESSION STATUS LIKE 'Ordinal_plan_reuses'");
    return rows.size() == 1 ? std::stoi(rows[0][1]) : -1;
  }
  int Reuses() { return Reuses(*session_); }

  // Runs `sql` and expects the answer of a fresh binding of it; returns that answer.
  std::string ExpectFresh(Session& session, const std::string& sql) {
    const std::string answer = Render(session.Execute(sql));
    EXPECT_EQ(answer, Render(session.Execute(sql + " /* bound anew */"))) << sql;
    return answer;
  }
  std::string ExpectFresh(const std::string& sql) { return ExpectFresh(*session_, sql); }
};

TEST_F(KeptSelectTest, AJoinRunAgainRunsItsKeptPlanWithTheSameAnswer) {
  const std::string first = Render(session_->Execute(kJoin));
  EXPECT_NE(first.find("| 1 c1 200;"), std::string::npos) << first;
  const int before = Reuses();
  EXPECT_EQ(Render(session_->Execute(kJoin)), first);
  EXPECT_EQ(Render(session_->Execute(kJoin)), first);
  EXPECT_EQ(Reuses(), before + 2);
  ExpectFresh(kJoin);
}

TEST_F(KeptSelectTest, DdlOfThisSessionOrOfAnotherBindsAgain) {
  const std::string star = "SELECT * FROM a JOIN b ON b.a_id = a.id WHERE a.id < 3";
  ExpectFresh(star);
  Run("ALTER TABLE a ADD COLUMN z VARCHAR(3) DEFAULT 'zz' FIRST");
  int before = Reuses();
  EXPECT_NE(ExpectFresh(star).find("zz"), std::string::npos);
  EXPECT_EQ(Reuses(), before);
  std::unique_ptr<Session> other = NewSession();
  Run(*other, "USE d");
  Run(*other, "ALTER TABLE b DROP COLUMN v");
  before = Reuses();
  EXPECT_EQ(ExpectFresh(star).find(" v "), std::string::npos);
  EXPECT_EQ(Reuses(), before);
  Run(*other, "DROP TABLE b");
  EXPECT_EQ(Render(session_->Execute(star)), "error 1146");
}

TEST_F(KeptSelectTest, NewStatisticsFromAnalyzeOrNewRowsBindAgain) {
  std::unique_ptr<Session> other = NewSession();
  Run(*other, "USE d");
  ExpectFresh(kJoin);
  int before = Reuses();
  Render(session_->Execute(kJoin));
  EXPECT_EQ(Reuses(), before + 1);
  Run(*other, "ANALYZE TABLE a");
  before = Reuses();
  ExpectFresh(kJoin);
  EXPECT_EQ(Reuses(), before);
  Run(*other, "INSERT INTO b VALUES (100, 1, 7)");
  before = Reuses();
  EXPECT_NE(ExpectFresh(kJoin).find(" 1 c1 7;"), std::string::npos);
  EXPECT_EQ(Reuses(), before);
}

TEST_F(KeptSelectTest, UseOfAnotherDatabaseReadsItsTables) {
  Run("CREATE DATABASE e");
  Run("CREATE TABLE e.a (id INT PRIMARY KEY, k INT, c VARCHAR(10), ts TIMESTAMP NULL)");
  Run("CREATE TABLE e.b (id INT PRIMARY KEY, a_id INT, v INT)");
  Run("INSERT INTO e.a VALUES (1, 1, 'other', NULL)");
  Run("INSERT INTO e.b VALUES (1, 1, 5)");
  ExpectFresh(kJoin);
  Run("USE e");
  EXPECT_EQ(ExpectFresh(kJoin), "id c v | 1 other 5;");
}

TEST_F(KeptSelectTest, SqlModeAndTimeZoneChangesBindAgain) {
  const std::string at = "SELECT a.id FROM a JOIN b ON b.a_id = a.id WHERE a.ts = '2020-01-01 07:00:00'";
  EXPECT_EQ(ExpectFresh(at), "id | 7;");
  Run("SET time_zone = '+05:00'");  // the literal is 02:00 UTC now
  EXPECT_EQ(ExpectFresh(at), "id | 2;");
  const std::string grouped = "SELECT a.c, SUM(b.v) FROM a JOIN b ON b.a_id = a.id";
  Run("SET sql_mode = ''");
  ExpectFresh(grouped);
  Run("SET sql_mode = 'ONLY_FULL_GROUP_BY'");
  EXPECT_EQ(ExpectFresh(grouped).rfind("error ", 0), 0u);
}

TEST_F(KeptSelectTest, UserVariablesAssignedBySelectsAreReadAtEveryRun) {
  const std::string by_variable = "SELECT a.c FROM a JOIN b ON b.a_id = a.id WHERE a.id = @v";
  Run("SET @v = 3");
  EXPECT_EQ(ExpectFresh(by_variable), "c | c3;");
  Run("SELECT @v := 4");  // a SELECT: kept plans stay
  EXPECT_EQ(ExpectFresh(by_variable), "c | c4;");
}

TEST_F(KeptSelectTest, FunctionsSubqueriesAndViewsAreBoundAtEveryRun) {
  Run("CREATE VIEW w AS SELECT id, k FROM a");
  const std::string queries[] = {
      "SELECT a.id FROM a JOIN b ON b.a_id = a.id WHERE a.ts < NOW() AND a.id = 1",
      "SELECT a.id FROM a JOIN b ON b.a_id = a.id WHERE a.id = CONNECTION_ID() - CONNECTION_ID() + 1",
      "SELECT a.id FROM a JOIN b ON b.a_id = a.id WHERE a.id = (SELECT MIN(id) FROM b)",
      "SELECT w.id FROM w JOIN b ON b.a_id = w.id WHERE w.id = 1",
  };
  for (const std::string& sql : queries) {
    const int before = Reuses();
    ExpectFresh(sql);
    ExpectFresh(sql);
    EXPECT_EQ(Reuses(), before) << sql;
  }
}

TEST_F(KeptSelectTest, AWarningIsRaisedAtEveryRun) {
  Run("SET sql_mode = 'ERROR_FOR_DIVISION_BY_ZERO'");
  const std::string bad = "SELECT a.id, b.v / 0 FROM a JOIN b ON b.a_id = a.id WHERE a.id < 3";
  Render(session_->Execute(bad));
  const Rows first = Query("SHOW WARNINGS");
  EXPECT_FALSE(first.empty());
  Render(session_->Execute(bad));
  EXPECT_EQ(Query("SHOW WARNINGS"), first);
}

TEST_F(KeptSelectTest, PrivilegesAreCheckedAtEveryRun) {
  Run("CREATE USER r IDENTIFIED BY 'pw'");
  Run("GRANT SELECT ON d.* TO r");
  std::unique_ptr<Session> reader = NewSession();
  auth::Principal p;
  p.user = "r";
  p.client_host = "10.0.0.5";
  p.account_user = "r";
  p.account_host = "%";
  ASSERT_TRUE(reader->SetPrincipal(p).ok());
  Run(*reader, "USE d");
  Run(*reader, kJoin);
  Run(*reader, kJoin);
  Run("REVOKE SELECT ON d.* FROM r");
  EXPECT_EQ(Errno(*reader, kJoin), 1142);
}

}  // namespace
}  // namespace ordinal::engine
