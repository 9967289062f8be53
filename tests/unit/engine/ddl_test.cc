// DDL, SHOW and DESCRIBE through Session::Execute.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

class DdlTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE shop");
    Run("USE shop");
  }

  // The Create Table text of SHOW CREATE TABLE `table`.
  std::string CreateText(const std::string& table) {
    Rows rows = Query("SHOW CREATE TABLE " + table);
    return rows.size() == 1 && rows[0].size() == 2 ? rows[0][1] : "";
  }
};

TEST_F(DdlTest, CreatedDatabaseIsListedAndUsable) {
  Run("CREATE DATABASE app");
  EXPECT_EQ(Query("SHOW DATABASES"), (Rows{{"app"}, {"shop"}}));
  EXPECT_EQ(ColumnNames("SHOW DATABASES"), std::vector<std::string>{"Database"});
  Run("USE app");
  EXPECT_EQ(session_->current_database(), "app");
}

TEST_F(DdlTest, CreateExistingDatabaseIs1007UnlessIfNotExists) {
  EXPECT_EQ(Errno("CREATE DATABASE shop"), 1007);
  Run("CREATE DATABASE IF NOT EXISTS shop");
}

TEST_F(DdlTest, DropMissingDatabaseIs1008UnlessIfExists) {
  EXPECT_EQ(Errno("DROP DATABASE nope"), 1008);
  Run("DROP DATABASE IF EXISTS nope");
}

TEST_F(DdlTest, UseUnknownDatabaseIs1049) { EXPECT_EQ(Errno("USE nope"), 1049); }

TEST_F(DdlTest, NewSessionInUnknownDatabaseFails) {
  EXPECT_FALSE(db_->NewSession("nope").ok());
  EXPECT_TRUE(db_->NewSession("shop").ok());
}

TEST_F(DdlTest, CreateTableWithoutDatabaseIs1046) {
  std::unique_ptr<Session> fresh = NewSession();
  EXPECT_EQ(Errno(*fresh, "CREATE TABLE t (id INT PRIMARY KEY)"), 1046);
  Run(*fresh, "CREATE TABLE shop.t (id INT PRIMARY KEY)");
  EXPECT_EQ(Query("SHOW TABLES"), Rows{{"t"}});
}

TEST_F(DdlTest, ShowTablesColumnIsNamedAfterTheDatabase) {
  Run("CREATE TABLE b (id INT PRIMARY KEY)");
  Run("CREATE TABLE a (id INT PRIMARY KEY)");
  EXPECT_EQ(ColumnNames("SHOW TABLES"), std::vector<std::string>{"Tables_in_shop"});
  EXPECT_EQ(Query("SHOW TABLES"), (Rows{{"a"}, {"b"}}));
}

TEST_F(DdlTest, ShowTablesLikeFiltersAndNamesThePattern) {
  Run("CREATE TABLE ab (id INT PRIMARY KEY)");
  Run("CREATE TABLE b (id INT PRIMARY KEY)");
  EXPECT_EQ(ColumnNames("SHOW TABLES LIKE 'A%'"),
            std::vector<std::string>{"Tables_in_shop (A%)"});
  EXPECT_EQ(Query("SHOW TABLES LIKE 'A%'"), Rows{{"ab"}});
  EXPECT_EQ(Query("SHOW TABLES FROM shop LIKE '%'"), (Rows{{"ab"}, {"b"}}));
  EXPECT_EQ(Query("SHOW TABLES LIKE 'none'"), Rows{});
}

TEST_F(DdlTest, ShowFullTablesNamesTheTypeOfEachTable) {
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  Run("CREATE VIEW v AS SELECT id FROM t");
  EXPECT_EQ(ColumnNames("SHOW FULL TABLES"),
            (std::vector<std::string>{"Tables_in_shop", "Table_type"}));
  EXPECT_EQ(Query("SHOW FULL TABLES"), (Rows{{"t", "BASE TABLE"}, {"v", "VIEW"}}));
  EXPECT_EQ(Query("SHOW FULL TABLES WHERE Table_type = 'VIEW'"), (Rows{{"v", "VIEW"}}));
  EXPECT_EQ(Query("SHOW TABLES WHERE Tables_in_shop = 't'"), Rows{{"t"}});
  EXPECT_EQ(Errno("SHOW TABLES WHERE Table_type = 'VIEW'"), 1054);
}

TEST_F(DdlTest, CreateExistingTableIs1050UnlessIfNotExists) {
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  EXPECT_EQ(Errno("CREATE TABLE t (id INT PRIMARY KEY)"), 1050);
  Run("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY)");
}

TEST_F(DdlTest, DuplicateColumnIs1060) {
  EXPECT_EQ(Errno("CREATE TABLE t (a INT, A INT)"), 1060);
}

TEST_F(DdlTest, TwoPrimaryKeysAre1068) {
  EXPECT_EQ(Errno("CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))"), 1068);
}

TEST_F(DdlTest, KeyOnMissingColumnIs1072) {
  EXPECT_EQ(Errno("CREATE TABLE t (a INT, PRIMARY KEY (b))"), 1072);
  EXPECT_EQ(Errno("CREATE TABLE t (a INT, INDEX (b))"), 1072);
}

TEST_F(DdlTest, AutoIncrementMustStartAKey) {
  EXPECT_EQ(Errno("CREATE TABLE t (a INT AUTO_INCREMENT, b INT PRIMARY KEY)"), 1075);
  EXPECT_EQ(Errno("CREATE TABLE t (a INT AUTO_INCREMENT PRIMARY KEY, "
                  "b INT AUTO_INCREMENT UNIQUE)"),
            1075);
  Run("CREATE TABLE t (a INT AUTO_INCREMENT, b INT PRIMARY KEY, KEY (a))");
}

TEST_F(DdlTest, AutoIncrementOnNonIntegerIs1063) {
  EXPECT_EQ(Errno("CREATE TABLE t (a DOUBLE AUTO_INCREMENT PRIMARY KEY)"), 1063);
}

TEST_F(DdlTest, StringDefaultOnIntIsCoerced) {
  Run("CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL DEFAULT '0')");
  Rows describe = Query("DESCRIBE t");
  ASSERT_EQ(describe.size(), 2u);
  EXPECT_EQ(describe[1], (std::vector<std::string>{"k", "int", "NO", "", "0", ""}));
}

TEST_F(DdlTest, InvalidDefaultIs1067) {
  EXPECT_EQ(Errno("CREATE TABLE t (k INT DEFAULT 'abc')"), 1067);
  EXPECT_EQ(Errno("CREATE TABLE t (k INT NOT NULL DEFAULT NULL)"), 1067);
  EXPECT_EQ(Errno("CREATE TABLE t (k VARCHAR(2) DEFAULT 'abc')"), 1067);
}

TEST_F(DdlTest, OverlongCharColumnsAre1074) {
  EXPECT_EQ(Errno("CREATE TABLE t (c VARCHAR(16384))"), 1074);
  EXPECT_EQ(Errno("CREATE TABLE t (c CHAR(256))"), 1074);
  Run("CREATE TABLE t (c VARCHAR(16383), d CHAR(255))");
}

TEST_F(DdlTest, DuplicateIndexNameIs1061) {
  EXPECT_EQ(Errno("CREATE TABLE t (a INT, b INT, INDEX ab (a), INDEX ab (b))"), 1061);
}

TEST_F(DdlTest, UnnamedIndexesAreNamedAfterTheirFirstColumn) {
  Run("CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, INDEX (a), INDEX (a, b))");
  std::string text = CreateText("t");
  EXPECT_NE(text.find("KEY `a` (`a`)"), std::string::npos) << text;
  EXPECT_NE(text.find("KEY `a_2` (`a`,`b`)"), std::string::npos) << text;
}

TEST_F(DdlTest, DescribeShowsMysqlColumns) {
  Run("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) UNIQUE, "
      "code CHAR(3) NOT NULL, price DOUBLE DEFAULT 2.5, note TEXT, ok BOOLEAN, INDEX (price))");
  EXPECT_EQ(ColumnNames("DESCRIBE t"),
            (std::vector<std::string>{"Field", "Type", "Null", "Key", "Default", "Extra"}));
  EXPECT_EQ(Query("DESCRIBE t"),
            (Rows{{"id", "int", "NO", "PRI", "NULL", "auto_increment"},
                  {"name", "varchar(20)", "YES", "UNI", "NULL", ""},
                  {"code", "char(3)", "NO", "", "NULL", ""},
                  {"price", "double", "YES", "MUL", "2.5", ""},
                  {"note", "text", "YES", "", "NULL", ""},
                  {"ok", "tinyint(1)", "YES", "", "NULL", ""}}));
}

TEST_F(DdlTest, TableWithoutPrimaryKeyHidesItsRowId) {
  Run("CREATE TABLE t (a INT, b INT)");
  EXPECT_EQ(Query("DESCRIBE t"), (Rows{{"a", "int", "YES", "", "NULL", ""},
                                       {"b", "int", "YES", "", "NULL", ""}}));
  EXPECT_EQ(CreateText("t").find("_rowid"), std::string::npos);
}

TEST_F(DdlTest, DropUnknownTableIs1051UnlessIfExists) {
  EXPECT_EQ(Errno("DROP TABLE nope"), 1051);
  Run("DROP TABLE IF EXISTS nope");
}

TEST_F(DdlTest, DropTableWithAMissingOneDropsNothing) {
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  EXPECT_EQ(Errno("DROP TABLE t, nope"), 1051);
  EXPECT_EQ(Query("SHOW TABLES"), Rows{{"t"}});
}

TEST_F(DdlTest, DroppedTableIsGone) {
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  Run("DROP TABLE t");
  EXPECT_TRUE(Query("SHOW TABLES").empty());
  EXPECT_EQ(Errno("DESCRIBE t"), 1146);
}

TEST_F(DdlTest, RecreatedTableStartsEmpty) {
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  Run("INSERT INTO t VALUES (1), (2)");
  Run("DROP TABLE t");
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t"), Rows{{"0"}});
}

TEST_F(DdlTest, DropDatabaseDropsItsTablesAndDeselectsIt) {
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  Run("INSERT INTO t VALUES (1)");
  ResultSet dropped = Run("DROP DATABASE shop");
  EXPECT_EQ(dropped.rows_affected, 1u);
  EXPECT_EQ(session_->current_database(), "");
  Run("CREATE DATABASE shop");
  EXPECT_TRUE(Query("SHOW TABLES FROM shop").empty());
}

TEST_F(DdlTest, DdlReturnsACommitPosition) {
  EXPECT_GT(Run("CREATE TABLE t (id INT PRIMARY KEY)").commit_position, 0u);
  const uint64_t dropped_at = Run("DROP TABLE t").commit_position;
  EXPECT_GT(dropped_at, 0u);
  EXPECT_GE(db_->LatestPosition(), dropped_at);
}

TEST_F(DdlTest, ShowCreateTableRoundTrips) {
  Run("CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT, name VARCHAR(20) DEFAULT 'it''s', "
      "k INT NOT NULL DEFAULT '0', price DOUBLE DEFAULT -1.5, flag BOOLEAN, "
      "body TEXT, code CHAR(2) NOT NULL, PRIMARY KEY (id), UNIQUE KEY uk (name, code), "
      "KEY (k))");
  EXPECT_EQ(ColumnNames("SHOW CREATE TABLE t"),
            (std::vector<std::string>{"Table", "Create Table"}));
  const std::string text = CreateText("t");
  Run("DROP TABLE t");
  Run(text);
  EXPECT_EQ(CreateText("t"), text);
}

TEST_F(DdlTest, DdlCommitsAnOpenTransaction) {
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  Run("BEGIN");
  Run("INSERT INTO t VALUES (1)");
  Run("CREATE TABLE u (id INT PRIMARY KEY)");
  EXPECT_FALSE(session_->in_transaction());
  Run("ROLLBACK");
  EXPECT_EQ(Query("SELECT id FROM t"), Rows{{"1"}});
}

TEST_F(DdlTest, CreateIndexIsVisibleAfterItCommits) {
  Run("CREATE TABLE t (id INT PRIMARY KEY, k INT)");
  Run("INSERT INTO t VALUES (1, 10), (2, 20)");
  Run("CREATE INDEX by_k ON t (k)");
  EXPECT_NE(CreateText("t").find("KEY `by_k` (`k`)"), std::string::npos);
  EXPECT_EQ(Query("SELECT id FROM t WHERE k = 20"), Rows{{"2"}});
}

TEST_F(DdlTest, OtherSessionsSeeNewTablesAtOnce) {
  std::unique_ptr<Session> other = NewSession();
  Run(*other, "USE shop");
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  EXPECT_EQ(Query(*other, "SHOW TABLES"), Rows{{"t"}});
}

TEST_F(DdlTest, SchemaSurvivesReopen) {
  Run("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))");
  const std::string text = CreateText("t");
  OpenDatabase();
  Run("USE shop");
  EXPECT_EQ(CreateText("t"), text);
}

}  // namespace
}  // namespace ordinal::engine
