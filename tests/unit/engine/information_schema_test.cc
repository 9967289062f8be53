// INFORMATION_SCHEMA.SCHEMATA, TABLES and COLUMNS computed from the catalog, the statements
// mysqldump sends (SELECT SQL_NO_CACHE, ALTER TABLE ... DISABLE/ENABLE KEYS), and what a
// query can do with them.
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

class InformationSchemaTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE shop");
    Run("USE shop");
    Run("CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL, "
        "price DECIMAL(10,2) DEFAULT '1.50', UNIQUE KEY (name))");
    Run("CREATE VIEW cheap AS SELECT id FROM items WHERE price < 2");
  }
};

TEST_F(InformationSchemaTest, TablesListsTablesAndViewsOfEveryDatabase) {
  EXPECT_EQ(Query("SELECT table_name, table_type, engine FROM information_schema.tables "
                  "WHERE table_schema = DATABASE() ORDER BY table_name"),
            (Rows{{"cheap", "VIEW", "NULL"}, {"items", "BASE TABLE", "InnoDB"}}));
}

TEST_F(InformationSchemaTest, ColumnsDescribeEachColumnInOrder) {
  EXPECT_EQ(Query("SELECT column_name, ordinal_position, column_default, is_nullable, "
                  "data_type, column_type, column_key, extra FROM information_schema.columns "
                  "WHERE table_schema = 'shop' AND table_name = 'items' "
                  "ORDER BY ordinal_position"),
            (Rows{{"id", "1", "NULL", "NO", "int", "int", "PRI", "auto_increment"},
                  {"name", "2", "NULL", "NO", "varchar", "varchar(20)", "UNI", ""},
                  {"price", "3", "1.50", "YES", "decimal", "decimal(10,2)", "", ""}}));
}

TEST_F(InformationSchemaTest, MysqldumpsColumnQueryRuns) {
  EXPECT_EQ(Query("select column_name, extra, generation_expression, data_type from "
                  "information_schema.columns where table_schema=database() and "
                  "table_name='items'"),
            (Rows{{"id", "auto_increment", "", "int"},
                  {"name", "", "", "varchar"},
                  {"price", "", "", "decimal"}}));
}

TEST_F(InformationSchemaTest, ShowTableStatusHasMysqlsColumnsAndLiveValues) {
  Run("ALTER TABLE items COMMENT = 'for sale'");
  Run("INSERT INTO items (name) VALUES ('a'), ('b')");
  const std::vector<std::string> names = ColumnNames("SHOW TABLE STATUS");
  EXPECT_EQ(names, (std::vector<std::string>{
                       "Name", "Engine", "Version", "Row_format", "Rows", "Avg_row_length",
                       "Data_length", "Max_data_length", "Index_length", "Data_free",
                       "Auto_increment", "Create_time", "Update_time", "Check_time",
                       "Collation", "Checksum", "Create_options", "Comment"}));
  Rows rows = Query("SHOW TABLE STATUS");
  ASSERT_EQ(rows.size(), 2u);
  // The view: a name, NULLs and the comment VIEW.
  EXPECT_EQ(rows[0][0], "cheap");
  EXPECT_EQ(rows[0][1], "NULL");
  EXPECT_EQ(rows[0][17], "VIEW");
  EXPECT_EQ(rows[1][0], "items");
  EXPECT_EQ(rows[1][1], "InnoDB");
  EXPECT_EQ(rows[1][10], "3");  // the next AUTO_INCREMENT value
  EXPECT_NE(rows[1][11], "NULL");  // the creation time
  EXPECT_EQ(rows[1][14], "utf8mb4_0900_ai_ci");
  EXPECT_EQ(rows[1][17], "for sale");
}

TEST_F(InformationSchemaTest, StatisticsListThePrimaryKeyFirst) {
  EXPECT_EQ(Query("SELECT index_name, non_unique, seq_in_index, column_name FROM "
                  "information_schema.statistics WHERE table_schema = 'shop'"),
            (Rows{{"PRIMARY", "0", "1", "id"}, {"name", "0", "1", "name"}}));
}

TEST_F(InformationSchemaTest, SchemataNamesEveryDatabase) {
  EXPECT_EQ(Query("SELECT schema_name, default_character_set_name FROM "
                  "information_schema.schemata WHERE schema_name = 'shop'"),
            (Rows{{"shop", "utf8mb4"}}));
}

TEST_F(InformationSchemaTest, JoinsWithStoredTablesAndCountsAggregate) {
  Run("CREATE TABLE wanted (name VARCHAR(20) PRIMARY KEY)");
  Run("INSERT INTO wanted VALUES ('items'), ('nope')");
  EXPECT_EQ(Query("SELECT w.name, COUNT(c.column_name) FROM wanted w JOIN "
                  "information_schema.columns c ON c.table_name = w.name GROUP BY w.name"),
            (Rows{{"items", "3"}}));
}

TEST_F(InformationSchemaTest, SeesTablesCreatedAfterTheSessionStarted) {
  Run("CREATE TABLE later (k INT PRIMARY KEY)");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'later'"),
            (Rows{{"1"}}));
}

TEST_F(InformationSchemaTest, UnknownTableIs1109) {
  EXPECT_EQ(Errno("SELECT * FROM information_schema.nope"), 1109);
}

TEST_F(InformationSchemaTest, SelectSqlNoCacheReadsAsAPlainSelect) {
  Run("INSERT INTO items (name) VALUES ('a')");
  EXPECT_EQ(Query("SELECT /*!40001 SQL_NO_CACHE */ name FROM items"), (Rows{{"a"}}));
}

TEST_F(InformationSchemaTest, AlterTableDisableKeysLeavesNote1031) {
  Run("ALTER TABLE items DISABLE KEYS");
  EXPECT_EQ(Query("SHOW WARNINGS"),
            (Rows{{"Note", "1031", "Table storage engine for 'items' doesn't have this option"}}));
  Run("ALTER TABLE items ENABLE KEYS");
  EXPECT_EQ(Errno("ALTER TABLE nope DISABLE KEYS"), 1146);
}

// MySQL 8 names INFORMATION_SCHEMA columns in uppercase however a query writes them; an
// alias keeps its own case.
TEST_F(InformationSchemaTest, ColumnsAreNamedInUppercase) {
  EXPECT_EQ(ColumnNames("SELECT table_name, t.Table_Schema, table_rows AS tr FROM "
                        "information_schema.tables t"),
            (std::vector<std::string>{"TABLE_NAME", "TABLE_SCHEMA", "tr"}));
  EXPECT_EQ(ColumnNames("SELECT * FROM information_schema.schemata"),
            (std::vector<std::string>{"CATALOG_NAME", "SCHEMA_NAME",
                                      "DEFAULT_CHARACTER_SET_NAME", "DEFAULT_COLLATION_NAME",
                                      "SQL_PATH", "DEFAULT_ENCRYPTION"}));
}

TEST_F(InformationSchemaTest, ProcessListShowsTheRunningStatement) {
  EXPECT_EQ(ColumnNames("SELECT * FROM information_schema.PROCESSLIST"),
            (std::vector<std::string>{"ID", "USER", "HOST", "DB", "COMMAND", "TIME", "STATE",
                                      "INFO"}));
  const std::string sql =
      "SELECT db, command, info FROM information_schema.processlist WHERE info LIKE '%proc%'";
  EXPECT_EQ(Query(sql), (Rows{{"shop", "Query", sql}}));
  // Another session, idle, is listed too.
  std::unique_ptr<Session> other = NewSession();
  EXPECT_EQ(Query("SELECT COUNT(*) FROM information_schema.processlist WHERE command = 'Sleep'"),
            (Rows{{"1"}}));
}

// A column is named by its name as the query writes it, without its qualifier; `*` shows
// the names as declared, letter case kept, and so do SHOW CREATE TABLE and COLUMNS.
TEST_F(InformationSchemaTest, ColumnNamesKeepTheirLetterCase) {
  Run("CREATE TABLE People (Id INT PRIMARY KEY, createdAt DATETIME, `Full Name` VARCHAR(9))");
  Run("INSERT INTO people VALUES (1, '2026-01-02 03:04:05', 'Ann')");
  EXPECT_EQ(ColumnNames("SELECT * FROM people"),
            (std::vector<std::string>{"Id", "createdAt", "Full Name"}));
  EXPECT_EQ(ColumnNames("SELECT p.id, Q.CREATEDAT, p.`full name`, p.Id + 1 FROM "
                        "people p JOIN people q USING (id)"),
            (std::vector<std::string>{"id", "CREATEDAT", "full name", "p.Id + 1"}));
  EXPECT_EQ(ColumnNames("SELECT * FROM (SELECT p.Id, createdat FROM people p) d WHERE d.ID = 1"),
            (std::vector<std::string>{"Id", "createdat"}));
  EXPECT_EQ(Query("SELECT column_name FROM information_schema.columns WHERE table_name = "
                  "'people' ORDER BY ordinal_position"),
            (Rows{{"Id"}, {"createdAt"}, {"Full Name"}}));
  EXPECT_EQ(Query("SHOW CREATE TABLE people")[0][1],
            "CREATE TABLE `people` (\n  `Id` int NOT NULL,\n  `createdAt` datetime DEFAULT "
            "NULL,\n  `Full Name` varchar(9) DEFAULT NULL,\n  PRIMARY KEY (`Id`)\n) "
            "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci");
  // RENAME COLUMN may change only the case; CHANGE keeps the new definition's case.
  Run("ALTER TABLE people RENAME COLUMN createdat TO CreatedAt");
  Run("ALTER TABLE people CHANGE `full name` FullName VARCHAR(9)");
  EXPECT_EQ(ColumnNames("SELECT * FROM people"),
            (std::vector<std::string>{"Id", "CreatedAt", "FullName"}));
  EXPECT_EQ(Query("SELECT fullname FROM people WHERE ID = 1"), (Rows{{"Ann"}}));
  EXPECT_EQ(ColumnNames("CREATE TABLE copy AS SELECT Id, FullName FROM people"),
            (std::vector<std::string>{}));
  EXPECT_EQ(ColumnNames("SELECT * FROM copy"), (std::vector<std::string>{"Id", "FullName"}));
}

}  // namespace
}  // namespace ordinal::engine
