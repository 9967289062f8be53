// Accounts and privileges through the Session facade (docs/users-and-privileges.md): the
// account statements, the check every statement gets before it touches data, and the
// per-account limits. Invariant: every statement is checked against the caller's
// privileges (DESIGN.md); EveryStatementThatTouchesDataIsChecked fails without it.
#include <string>
#include <vector>

#include "engine/auth/accounts.h"
#include "engine/auth/password_hash.h"
#include "engine/sql/parser.h"
#include "gmock/gmock.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

using ::testing::HasSubstr;

class PrivilegesTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE d");
    Run("CREATE TABLE d.t (k INT PRIMARY KEY, v INT)");
    Run("CREATE TABLE d.secret (k INT PRIMARY KEY)");
    Run("INSERT INTO d.t VALUES (1, 10)");
    Run("INSERT INTO d.secret VALUES (1)");
  }

  // A session of `user` logged in from 10.0.0.5 as the account 'user'@'%'.
  std::unique_ptr<Session> As(const std::string& user, absl::Status* status = nullptr) {
    std::unique_ptr<Session> session = NewSession();
    auth::Principal p;
    p.user = user;
    p.client_host = "10.0.0.5";
    p.account_user = user;
    p.account_host = "%";
    absl::Status s = session->SetPrincipal(p);
    if (status != nullptr) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << s;
    }
    return session;
  }

  std::string Error(Session& session, const std::string& sql) {
    absl::StatusOr<ResultSet> result = session.Execute(sql);
    EXPECT_FALSE(result.ok()) << sql << " succeeded";
    return result.ok() ? "" : std::string(result.status().message());
  }
};

TEST_F(PrivilegesTest, ALeastPrivilegeAccountSelectsButCannotInsert) {
  Run("CREATE USER reader IDENTIFIED BY 'pw'");
  Run("GRANT SELECT ON d.t TO reader");
  std::unique_ptr<Session> reader = As("reader");
  EXPECT_EQ(Query(*reader, "SELECT v FROM d.t"), (Rows{{"10"}}));
  EXPECT_EQ(Errno(*reader, "INSERT INTO d.t VALUES (2, 20)"), 1142);
  EXPECT_EQ(Error(*reader, "INSERT INTO d.t VALUES (2, 20)"),
            "INSERT command denied to user 'reader'@'10.0.0.5' for table 't'");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM d.t"), (Rows{{"1"}}));
}

TEST_F(PrivilegesTest, JoinsSubqueriesDerivedTablesAndInsertSelectAreChecked) {
  Run("CREATE USER r IDENTIFIED BY 'pw'");
  Run("GRANT SELECT, INSERT ON d.t TO r");
  std::unique_ptr<Session> r = As("r");
  EXPECT_THAT(Error(*r, "SELECT * FROM d.t JOIN d.secret USING (k)"), HasSubstr("'secret'"));
  EXPECT_EQ(Errno(*r, "SELECT * FROM d.t WHERE k IN (SELECT k FROM d.secret)"), 1142);
  EXPECT_EQ(Errno(*r, "SELECT * FROM (SELECT k FROM d.secret) AS x"), 1142);
  EXPECT_EQ(Errno(*r, "SELECT (SELECT MAX(k) FROM d.secret)"), 1142);
  EXPECT_EQ(Errno(*r, "INSERT INTO d.t SELECT k, k FROM d.secret"), 1142);
  EXPECT_EQ(Errno(*r, "SELECT * FROM d.t UNION SELECT k, k FROM d.secret"), 1142);
  // A common table's name is no table.
  EXPECT_EQ(Query(*r, "WITH secret AS (SELECT k FROM d.t) SELECT k FROM secret"),
            (Rows{{"1"}}));
}

TEST_F(PrivilegesTest, MultiTableUpdateNeedsUpdateOnChangedTablesAndSelectOnReadOnes) {
  Run("CREATE USER w IDENTIFIED BY 'pw'");
  Run("GRANT SELECT, UPDATE ON d.t TO w");
  Run("GRANT SELECT ON d.secret TO w");
  std::unique_ptr<Session> w = As("w");
  Run(*w, "UPDATE d.t a JOIN d.secret s ON s.k = a.k SET a.v = 5");
  // An unqualified column belongs to the table that has it (v: only d.t).
  Run(*w, "UPDATE d.t a JOIN d.secret s ON s.k = a.k SET v = v + 1");
  EXPECT_EQ(Query("SELECT v FROM d.t"), (Rows{{"6"}}));
  EXPECT_EQ(Error(*w, "UPDATE d.t a JOIN d.secret s ON s.k = a.k SET s.k = 5"),
            "UPDATE command denied to user 'w'@'10.0.0.5' for table 'secret'");
  EXPECT_EQ(Errno(*w, "UPDATE d.t, d.secret SET k = 5"), 1142);  // k: both tables have it
  EXPECT_EQ(Query("SELECT k FROM d.secret"), (Rows{{"1"}}));
}

TEST_F(PrivilegesTest, MultiTableUpdateReadingTheChangedTableNeedsSelectOnIt) {
  Run("CREATE USER w IDENTIFIED BY 'pw'");
  Run("GRANT UPDATE ON d.t TO w");
  Run("GRANT SELECT ON d.secret TO w");
  std::unique_ptr<Session> w = As("w");
  EXPECT_EQ(Error(*w, "UPDATE d.t a JOIN d.secret s ON s.k = a.k SET a.v = 7"),
            "SELECT command denied to user 'w'@'10.0.0.5' for table 't'");
  // Nothing of d.t is read: UPDATE suffices, as in MySQL.
  Run(*w, "UPDATE d.t a, d.secret s SET a.v = s.k");
  EXPECT_EQ(Query("SELECT v FROM d.t"), (Rows{{"1"}}));
}

TEST_F(PrivilegesTest, MultiTableDeleteNeedsDeleteOnTargetsAndSelectOnReadTables) {
  Run("CREATE USER x IDENTIFIED BY 'pw'");
  Run("GRANT SELECT ON d.* TO x");
  Run("GRANT DELETE ON d.t TO x");
  std::unique_ptr<Session> x = As("x");
  EXPECT_EQ(Error(*x, "DELETE s FROM d.t a JOIN d.secret s ON s.k = a.k"),
            "DELETE command denied to user 'x'@'10.0.0.5' for table 'secret'");
  EXPECT_EQ(Errno(*x, "DELETE FROM a, s USING d.t a JOIN d.secret s ON s.k = a.k"), 1142);
  EXPECT_EQ(Errno(*x, "DELETE d.secret FROM d.t a JOIN d.secret AS secret ON secret.k = a.k"),
            1142);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM d.t"), (Rows{{"1"}}));
  Run(*x, "DELETE a FROM d.t a JOIN d.secret s ON s.k = a.k");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM d.t"), (Rows{{"0"}}));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM d.secret"), (Rows{{"1"}}));
}

TEST_F(PrivilegesTest, ViewsNeedPrivilegesOnTheViewItself) {
  Run("CREATE VIEW d.v AS SELECT k FROM d.secret");
  Run("CREATE USER r IDENTIFIED BY 'pw'");
  Run("GRANT SELECT ON d.v TO r");
  std::unique_ptr<Session> r = As("r");
  EXPECT_EQ(Query(*r, "SELECT k FROM d.v"), (Rows{{"1"}}));
  EXPECT_EQ(Errno(*r, "SELECT k FROM d.secret"), 1142);
}

TEST_F(PrivilegesTest, RevokeTakesEffectOnTheNextStatement) {
  Run("CREATE USER r IDENTIFIED BY 'pw'");
  Run("GRANT SELECT ON d.* TO r");
  std::unique_ptr<Session> r = As("r");
  EXPECT_EQ(Query(*r, "SELECT k FROM d.secret"), (Rows{{"1"}}));
  Run("REVOKE SELECT ON d.* FROM r");
  EXPECT_EQ(Errno(*r, "SELECT k FROM d.secret"), 1142);
}

TEST_F(PrivilegesTest, ADroppedAccountKeepsNoPrivileges) {
  Run("CREATE USER r IDENTIFIED BY 'pw'");
  Run("GRANT ALL ON *.* TO r");
  std::unique_ptr<Session> r = As("r");
  EXPECT_EQ(Query(*r, "SELECT k FROM d.secret"), (Rows{{"1"}}));
  Run("DROP USER r");
  EXPECT_EQ(Errno(*r, "SELECT k FROM d.secret"), 1142);
}

TEST_F(PrivilegesTest, EveryStatementThatTouchesDataIsChecked) {
  Run("CREATE USER nobody IDENTIFIED BY 'pw'");
  std::unique_ptr<Session> s = As("nobody");
  const std::vector<std::pair<std::string, int>> cases = {
      {"SELECT * FROM d.t", 1142},
      {"EXPLAIN SELECT * FROM d.t", 1142},
      {"INSERT INTO d.t VALUES (5, 5)", 1142},
      {"REPLACE INTO d.t VALUES (5, 5)", 1142},
      {"UPDATE d.t SET v = 0", 1142},
      {"DELETE FROM d.t", 1142},
      {"UPDATE d.t a JOIN d.secret s ON s.k = a.k SET a.v = 0", 1142},
      {"UPDATE d.t, d.secret SET v = 0", 1142},
      {"DELETE a FROM d.t a JOIN d.secret s ON s.k = a.k", 1142},
      {"DELETE FROM a USING d.t AS a, d.secret", 1142},
      {"UPDATE d.t AS a SET a.v = 0", 1142},
      {"DELETE FROM d.t AS a WHERE a.k = 1", 1142},
      {"CREATE TABLE d.n (k INT PRIMARY KEY)", 1142},
      {"CREATE TABLE d.n AS SELECT 1 AS k", 1142},
      {"DROP TABLE d.t", 1142},
      {"TRUNCATE TABLE d.t", 1142},
      {"ALTER TABLE d.t ADD COLUMN w INT", 1142},
      {"CREATE INDEX i ON d.t (v)", 1142},
      {"RENAME TABLE d.t TO d.u", 1142},
      {"CREATE VIEW d.w AS SELECT 1", 1142},
      {"DROP VIEW d.w", 1142},
      {"DESCRIBE d.t", 1142},
      {"SHOW CREATE TABLE d.t", 1142},
      {"SHOW FULL COLUMNS FROM d.t", 1142},
      {"SHOW INDEX FROM t FROM d", 1142},
      {"SHOW TABLE STATUS FROM d", 1044},
      {"SHOW CREATE DATABASE d", 1044},
      {"LOCK TABLES d.t READ", 1142},
      {"FLUSH TABLES", 1227},
      {"FLUSH TABLES WITH READ LOCK", 1227},
      {"CHECKSUM TABLE d.t", 1142},
      {"CREATE DATABASE e", 1044},
      {"DROP DATABASE d", 1044},
      {"USE d", 1044},
      {"SHOW TABLES FROM d", 1044},
      {"CREATE USER x IDENTIFIED BY 'y'", 1227},
      {"DROP USER root", 1227},
      {"ALTER USER root IDENTIFIED BY 'z'", 1227},
      {"SET PASSWORD FOR root = 'z'", 1227},
      {"RENAME USER root TO toor", 1227},
      {"GRANT SELECT ON *.* TO nobody", 1227},
      {"GRANT SELECT ON d.* TO nobody", 1044},
      {"GRANT SELECT ON d.t TO nobody", 1142},
      {"SET GLOBAL max_connections = 10", 1227},
      {"SHOW REPLICAS", 1227},
      {"SHOW GRANTS FOR root", 1044},
  };
  for (const auto& [sql, expected] : cases) {
    EXPECT_EQ(Errno(*s, sql), expected) << sql;
  }
  EXPECT_EQ(Query("SELECT COUNT(*) FROM d.t"), (Rows{{"1"}}));
  EXPECT_EQ(Query("SELECT * FROM information_schema.schemata WHERE schema_name = 'd'").size(),
            1u);
}

TEST_F(PrivilegesTest, ShowStatementsListOnlyWhatTheCallerMayUse) {
  Run("CREATE DATABASE other");
  Run("CREATE USER r IDENTIFIED BY 'pw'");
  Run("GRANT SELECT ON d.t TO r");
  std::unique_ptr<Session> r = As("r");
  Rows databases = Query(*r, "SHOW DATABASES");
  EXPECT_THAT(databases, ::testing::Contains(std::vector<std::string>{"d"}));
  EXPECT_THAT(databases, ::testing::Not(::testing::Contains(std::vector<std::string>{"other"})));
  EXPECT_EQ(Query(*r, "SHOW TABLES FROM d"), (Rows{{"t"}}));
  Rows status = Query(*r, "SHOW TABLE STATUS FROM d");
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0][0], "t");
  Run(*r, "USE d");
}

// information_schema is readable by everyone, but its rows name only the databases and
// tables the caller holds a privilege on, in queries, joins and CREATE TABLE ... SELECT.
TEST_F(PrivilegesTest, InformationSchemaListsOnlyWhatTheCallerMayUse) {
  Run("CREATE DATABASE other");
  Run("CREATE TABLE other.hidden (k INT PRIMARY KEY)");
  Run("CREATE DATABASE mine");
  Run("CREATE USER r IDENTIFIED BY 'pw'");
  Run("GRANT SELECT ON d.t TO r");
  Run("GRANT ALL ON mine.* TO r");
  std::unique_ptr<Session> r = As("r");
  EXPECT_EQ(Query(*r, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                      "WHERE SCHEMA_NAME IN ('d', 'other', 'mine') ORDER BY 1"),
            (Rows{{"d"}, {"mine"}}));
  EXPECT_EQ(Query(*r, "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES "
                      "WHERE TABLE_SCHEMA IN ('d', 'other') ORDER BY 1, 2"),
            (Rows{{"d", "t"}}));
  EXPECT_EQ(Query(*r, "SELECT DISTINCT TABLE_NAME FROM information_schema.COLUMNS "
                      "WHERE TABLE_SCHEMA IN ('d', 'other') ORDER BY 1"),
            (Rows{{"t"}}));
  EXPECT_EQ(Query(*r, "SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS "
                      "WHERE TABLE_NAME IN ('secret', 'hidden')"),
            (Rows{{"0"}}));
  Run(*r, "CREATE TABLE mine.copy AS SELECT TABLE_NAME FROM information_schema.TABLES "
          "WHERE TABLE_SCHEMA IN ('d', 'other')");
  EXPECT_EQ(Query(*r, "SELECT * FROM mine.copy"), (Rows{{"t"}}));
  // An account with a global privilege sees everything, as root does.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'other'"),
            (Rows{{"1"}}));
}

TEST_F(PrivilegesTest, AccountStatementsReportMysqlsErrors) {
  Run("CREATE USER a IDENTIFIED BY 'pw'");
  EXPECT_EQ(Errno("CREATE USER a IDENTIFIED BY 'pw'"), 1396);
  EXPECT_THAT(std::string(session_->Execute("CREATE USER a").status().message()),
              HasSubstr("Operation CREATE USER failed for 'a'@'%'"));
  Run("CREATE USER IF NOT EXISTS a IDENTIFIED BY 'pw'");
  EXPECT_EQ(session_->warning_count(), 1u);
  EXPECT_EQ(Errno("DROP USER missing"), 1396);
  Run("DROP USER IF EXISTS missing");
  EXPECT_EQ(Errno("ALTER USER missing IDENTIFIED BY 'x'"), 1396);
  EXPECT_EQ(Errno("GRANT SELECT ON d.* TO missing"), 1410);
  EXPECT_EQ(Errno("REVOKE SELECT ON d.* FROM a"), 1141);
  EXPECT_EQ(Errno("GRANT SUPER ON d.* TO a"), 1221);
  EXPECT_EQ(Errno("GRANT SELECT ON d.nope TO a"), 1146);
  EXPECT_EQ(Errno("CREATE USER b IDENTIFIED WITH sha256_password BY 'x'"), 1524);
  EXPECT_EQ(Errno("SHOW GRANTS FOR missing"), 1141);
  // All or nothing: one existing account fails the whole statement.
  EXPECT_EQ(Errno("CREATE USER c, a"), 1396);
  EXPECT_EQ(Errno("SHOW GRANTS FOR c"), 1141);
}

TEST_F(PrivilegesTest, ShowGrantsWritesMysqlsLines) {
  Run("CREATE USER 'g'@'10.%' IDENTIFIED BY 'pw'");
  Run("GRANT SELECT, INSERT ON d.* TO 'g'@'10.%' WITH GRANT OPTION");
  Run("GRANT ALL PRIVILEGES ON d.t TO 'g'@'10.%'");
  Run("GRANT REPLICATION SLAVE ON *.* TO 'g'@'10.%'");
  EXPECT_EQ(Query("SHOW GRANTS FOR 'g'@'10.%'"),
            (Rows{{"GRANT REPLICATION SLAVE ON *.* TO `g`@`10.%`"},
                  {"GRANT SELECT, INSERT ON `d`.* TO `g`@`10.%` WITH GRANT OPTION"},
                  {"GRANT ALL PRIVILEGES ON `d`.`t` TO `g`@`10.%`"}}));
  EXPECT_EQ(Query("SHOW GRANTS"),
            (Rows{{"GRANT ALL PRIVILEGES ON *.* TO `root`@`%` WITH GRANT OPTION"}}));
}

TEST_F(PrivilegesTest, GrantNeedsGrantOptionAndThePrivilegesGranted) {
  Run("CREATE USER granter IDENTIFIED BY 'pw'");
  Run("CREATE USER other IDENTIFIED BY 'pw'");
  Run("GRANT SELECT ON d.* TO granter WITH GRANT OPTION");
  std::unique_ptr<Session> g = As("granter");
  Run(*g, "GRANT SELECT ON d.* TO other");
  EXPECT_EQ(Errno(*g, "GRANT INSERT ON d.* TO other"), 1044);
  EXPECT_EQ(Query("SHOW GRANTS FOR other").size(), 2u);
}

TEST_F(PrivilegesTest, UserAndCurrentUserNameTheCallerAndTheAccount) {
  Run("CREATE USER r IDENTIFIED BY 'pw'");
  std::unique_ptr<Session> r = As("r");
  EXPECT_EQ(Query(*r, "SELECT USER(), CURRENT_USER()"), (Rows{{"r@10.0.0.5", "r@%"}}));
  Run(*r, "ALTER USER CURRENT_USER() IDENTIFIED BY 'new'");  // one's own password
  EXPECT_EQ(Query(*r, "SHOW GRANTS"), (Rows{{"GRANT USAGE ON *.* TO `r`@`%`"}}));
}

TEST_F(PrivilegesTest, MaxUserConnectionsIsError1226) {
  Run("CREATE USER limited IDENTIFIED BY 'pw' WITH MAX_USER_CONNECTIONS 1");
  std::unique_ptr<Session> first = As("limited");
  absl::Status second;
  std::unique_ptr<Session> refused = As("limited", &second);
  EXPECT_EQ(GetMysqlErrno(second), MysqlErrno::kUserLimitReached);
  EXPECT_THAT(std::string(second.message()), HasSubstr("max_user_connections"));
  first.reset();
  std::unique_ptr<Session> third = As("limited");  // the slot was given back
}

TEST_F(PrivilegesTest, MaxQueriesPerHourIsError1226) {
  Run("CREATE USER chatty IDENTIFIED BY 'pw'");
  Run("ALTER USER chatty WITH MAX_QUERIES_PER_HOUR 2");
  std::unique_ptr<Session> s = As("chatty");
  Run(*s, "SELECT 1");
  Run(*s, "SELECT 2");
  EXPECT_EQ(Errno(*s, "SELECT 3"), 1226);
}

TEST_F(PrivilegesTest, PasswordsAreStoredOnlyAsHashes) {
  Run("CREATE USER h IDENTIFIED BY 'plain-text-pw'");
  std::shared_ptr<const auth::AccountSet> accounts = db_->Accounts();
  const ordinal::v1::AccountDef* h = accounts->Find("h", "%");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->plugin(), "caching_sha2_password");
  EXPECT_EQ(h->authentication_string().substr(0, 7), "$A$005$");
  EXPECT_EQ(h->SerializeAsString().find("plain-text-pw"), std::string::npos);
}

// SET PASSWORD is ALTER USER ... IDENTIFIED BY: one's own account needs nothing, another's
// needs CREATE USER; the account's plugin stays, and the text shows <secret>.
TEST_F(PrivilegesTest, SetPasswordChangesTheCallersOrANamedAccountsPassword) {
  Run("CREATE USER r IDENTIFIED WITH mysql_native_password BY 'old'");
  Run("CREATE USER other IDENTIFIED BY 'theirs'");
  std::unique_ptr<Session> r = As("r");
  Run(*r, "SET PASSWORD = 'new-pw'");
  const ordinal::v1::AccountDef* changed = db_->Accounts()->Find("r", "%");
  ASSERT_NE(changed, nullptr);
  EXPECT_EQ(changed->plugin(), "mysql_native_password");
  EXPECT_TRUE(auth::VerifyPassword(changed->plugin(), changed->authentication_string(), "new-pw"));
  EXPECT_FALSE(auth::VerifyPassword(changed->plugin(), changed->authentication_string(), "old"));
  EXPECT_EQ(Errno(*r, "SET PASSWORD FOR other = 'mine-now'"), 1227);
  Run("SET PASSWORD FOR 'other'@'%' = 'reset'");
  const ordinal::v1::AccountDef* other = db_->Accounts()->Find("other", "%");
  ASSERT_NE(other, nullptr);
  EXPECT_TRUE(auth::VerifyPassword(other->plugin(), other->authentication_string(), "reset"));
  EXPECT_EQ(Errno("SET PASSWORD FOR nobody = 'x'"), 1396);
  absl::StatusOr<sql::Statement> s = sql::ParseStatement("SET PASSWORD FOR r = 'hunter2'");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->text, "SET PASSWORD FOR r = <secret>");
  absl::Status typo = sql::ParseStatement("SET PASSWORD = 'hunter2' REPLACE 'y'").status();
  EXPECT_EQ(GetMysqlErrno(typo), MysqlErrno::kParse);
  EXPECT_EQ(std::string(typo.message()).find("hunter2"), std::string::npos) << typo;
  for (const char* bad : {"SET PASSWORD = PASSWORD('x')", "SET PASSWORD TO RANDOM",
                          "SET PASSWORD = 'x' REPLACE 'y'", "SET PASSWORD FOR = 'x'"}) {
    EXPECT_EQ(GetMysqlErrno(sql::ParseStatement(bad).status()), MysqlErrno::kParse) << bad;
  }
}

// RENAME USER moves the password and the grants to the new name, in order, all or nothing,
// and needs CREATE USER.
TEST_F(PrivilegesTest, RenameUserMovesAnAccountWithItsPasswordAndGrants) {
  Run("CREATE USER a IDENTIFIED BY 'pw'");
  Run("GRANT SELECT ON d.t TO a");
  Run("CREATE USER taken IDENTIFIED BY 'x'");
  Run("RENAME USER a TO b");
  EXPECT_EQ(db_->Accounts()->Find("a", "%"), nullptr);
  const ordinal::v1::AccountDef* b = db_->Accounts()->Find("b", "%");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(auth::VerifyPassword(b->plugin(), b->authentication_string(), "pw"));
  EXPECT_EQ(Query("SHOW GRANTS FOR b"), (Rows{{"GRANT USAGE ON *.* TO `b`@`%`"},
                                              {"GRANT SELECT ON `d`.`t` TO `b`@`%`"}}));
  EXPECT_EQ(Query(*As("b"), "SELECT v FROM d.t"), (Rows{{"10"}}));
  EXPECT_EQ(Errno("RENAME USER a TO c"), 1396);      // a is gone
  EXPECT_EQ(Errno("RENAME USER b TO taken"), 1396);  // the new name exists
  EXPECT_EQ(Errno("RENAME USER b TO c, nobody TO d"), 1396);
  EXPECT_NE(db_->Accounts()->Find("b", "%"), nullptr);  // nothing changed
  EXPECT_EQ(db_->Accounts()->Find("c", "%"), nullptr);
  Run("RENAME USER b TO c, c TO 'e'@'10.%'");
  EXPECT_NE(db_->Accounts()->Find("e", "10.%"), nullptr);
  EXPECT_EQ(db_->Accounts()->Find("c", "%"), nullptr);
  EXPECT_EQ(Errno(*As("taken"), "RENAME USER taken TO mine"), 1227);
  EXPECT_EQ(GetMysqlErrno(sql::ParseStatement("RENAME USER a").status()), MysqlErrno::kParse);
  EXPECT_EQ(GetMysqlErrno(sql::ParseStatement("RENAME USER CURRENT_USER() TO x").status()),
            MysqlErrno::kParse);
}

TEST(AccountSyntaxTest, PasswordsAreMaskedInTheStatementText) {
  absl::StatusOr<sql::Statement> s =
      sql::ParseStatement("CREATE USER 'u'@'%' IDENTIFIED BY 'hunter2' WITH MAX_USER_CONNECTIONS 3");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->text, "CREATE USER 'u'@'%' IDENTIFIED BY <secret> WITH MAX_USER_CONNECTIONS 3");
  absl::StatusOr<sql::Statement> bad =
      sql::ParseStatement("ALTER USER u IDENTIFIED BY 'hunter2' garbage");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message()).find("hunter2"), std::string::npos);
  absl::StatusOr<sql::Statement> typo = sql::ParseStatement("CREATE USER u IDENTIFED BY 'hunter2'");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(std::string(typo.status().message()).find("hunter2"), std::string::npos);
}

TEST(AccountSyntaxTest, AccountStatementsParse) {
  for (const char* sql : {
           "CREATE USER IF NOT EXISTS a@localhost IDENTIFIED WITH mysql_native_password BY 'x'",
           "CREATE USER a, 'b'@'10.%' IDENTIFIED BY 'y' ACCOUNT LOCK",
           "ALTER USER IF EXISTS a IDENTIFIED BY 'z' WITH MAX_QUERIES_PER_HOUR 5",
           "DROP USER IF EXISTS a, b@'%'",
           "GRANT SELECT, INSERT, UPDATE, DELETE ON db.* TO a WITH GRANT OPTION",
           "GRANT ALL PRIVILEGES ON *.* TO a",
           "GRANT REPLICATION SLAVE ON *.* TO repl",
           "GRANT SELECT ON TABLE db.t TO a",
           "GRANT CREATE, DROP, ALTER, INDEX ON t TO a",
           "REVOKE ALL PRIVILEGES, GRANT OPTION FROM a",
           "REVOKE INSERT ON db.t FROM a, b",
           "SHOW GRANTS",
           "SHOW GRANTS FOR CURRENT_USER()",
           "SHOW GRANTS FOR 'a'@'%'",
       }) {
    EXPECT_TRUE(sql::ParseStatement(sql).ok()) << sql << ": " << sql::ParseStatement(sql).status();
  }
  for (const char* sql : {"GRANT FLY ON *.* TO a", "GRANT SELECT ON *.* a", "CREATE USER",
                          "DROP USER CURRENT_USER()", "GRANT SELECT ON *. TO a",
                          "CREATE USER a IDENTIFIED BY"}) {
    EXPECT_EQ(GetMysqlErrno(sql::ParseStatement(sql).status()), MysqlErrno::kParse) << sql;
  }
}

}  // namespace
}  // namespace ordinal::engine
