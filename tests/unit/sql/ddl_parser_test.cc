// Schema statements: databases, CREATE TABLE (types, attributes, keys, options), indexes,
// DROP, SHOW, DESCRIBE, USE.
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

TEST(DatabaseParserTest, CreateAndDropWithConditions) {
  CreateDatabase c = ParseAs<CreateDatabase>("CREATE DATABASE IF NOT EXISTS Shop");
  EXPECT_EQ(c.name, "shop");
  EXPECT_TRUE(c.if_not_exists);
  EXPECT_FALSE(ParseAs<CreateDatabase>("CREATE SCHEMA s").if_not_exists);
  DropDatabase d = ParseAs<DropDatabase>("DROP SCHEMA IF EXISTS `Shop`");
  EXPECT_EQ(d.name, "shop");
  EXPECT_TRUE(d.if_exists);
}

TEST(DatabaseParserTest, CreateKeepsTheCharsetOptions) {
  CreateDatabase c =
      ParseAs<CreateDatabase>("CREATE DATABASE d DEFAULT CHARACTER SET UTF8MB4 COLLATE = utf8mb4_bin");
  EXPECT_EQ(c.charset, "utf8mb4");
  EXPECT_EQ(c.collation, "utf8mb4_bin");
  CreateDatabase plain = ParseAs<CreateDatabase>("CREATE DATABASE d");
  EXPECT_FALSE(plain.charset.has_value());
  EXPECT_FALSE(plain.collation.has_value());
}

TEST(DatabaseParserTest, AlterNamesTheDatabaseOrTheCurrentOne) {
  AlterDatabase a = ParseAs<AlterDatabase>("ALTER DATABASE Shop CHARACTER SET latin1");
  EXPECT_EQ(a.name, "shop");
  EXPECT_EQ(a.charset, "latin1");
  EXPECT_FALSE(a.collation.has_value());
  AlterDatabase current = ParseAs<AlterDatabase>("ALTER SCHEMA DEFAULT COLLATE utf8mb4_bin");
  EXPECT_EQ(current.name, "");
  EXPECT_EQ(current.collation, "utf8mb4_bin");
  EXPECT_NE(ErrorOf("ALTER DATABASE shop"), "OK");
}

TEST(DatabaseParserTest, UseAndShow) {
  EXPECT_EQ(ParseAs<UseDatabase>("USE Shop").name, "shop");
  ParseAs<ShowDatabases>("SHOW DATABASES");
  ParseAs<ShowDatabases>("show schemas");
  EXPECT_EQ(ParseAs<ShowTables>("SHOW TABLES").database, "");
  EXPECT_EQ(ParseAs<ShowTables>("SHOW TABLES FROM Shop").database, "shop");
}

TEST(DatabaseParserTest, ShowFullTablesWithLikeOrWhere) {
  ShowTables like = ParseAs<ShowTables>("SHOW TABLES LIKE 'a%'");
  EXPECT_FALSE(like.full);
  EXPECT_EQ(like.like, "a%");
  ShowTables full = ParseAs<ShowTables>("SHOW FULL TABLES IN shop WHERE Table_type = 'VIEW'");
  EXPECT_TRUE(full.full);
  EXPECT_EQ(full.database, "shop");
  ASSERT_NE(full.where, nullptr);
  EXPECT_NE(ErrorOf("SHOW TABLES LIKE 5"), "OK");
  EXPECT_NE(ErrorOf("SHOW FULL"), "OK");
}

TEST(CreateTableParserTest, SysbenchSchema) {
  CreateTable t = ParseAs<CreateTable>(
      "CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT "
      "NULL, c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY "
      "(id)) /*! ENGINE = innodb */");
  EXPECT_EQ(t.table.table, "sbtest1");
  ASSERT_EQ(t.columns.size(), 4u);
  EXPECT_TRUE(t.columns[0].auto_increment);
  EXPECT_TRUE(t.columns[0].not_null);
  EXPECT_EQ(Sexpr(*t.columns[1].default_value), "'0'");
  EXPECT_EQ(t.columns[2].type, ColumnType::kChar);
  EXPECT_EQ(t.columns[2].length, 120u);
  ASSERT_EQ(t.indexes.size(), 1u);
  EXPECT_TRUE(t.indexes[0].primary);
  EXPECT_EQ(t.indexes[0].columns, (std::vector<std::string>{"id"}));
}

TEST(CreateTableParserTest, EveryTypeMapsToItsColumnType) {
  CreateTable t = ParseAs<CreateTable>(
      "CREATE TABLE t (a INT, b INTEGER, c BIGINT, d TINYINT, e SMALLINT, f MEDIUMINT, "
      "g INT(11) UNSIGNED, h DOUBLE, i DOUBLE PRECISION, j FLOAT, k REAL, l CHAR, m CHAR(3), "
      "n VARCHAR(20), o TEXT, p BOOLEAN, q BOOL)");
  const ColumnType expected[] = {
      ColumnType::kInt,      ColumnType::kInt,      ColumnType::kBigInt,  ColumnType::kTinyInt,
      ColumnType::kSmallInt, ColumnType::kMediumInt, ColumnType::kInt,    ColumnType::kDouble,
      ColumnType::kDouble,   ColumnType::kFloat,     ColumnType::kDouble, ColumnType::kChar,
      ColumnType::kChar,     ColumnType::kVarchar,   ColumnType::kText,   ColumnType::kTinyInt,
      ColumnType::kTinyInt};
  ASSERT_EQ(t.columns.size(), std::size(expected));
  for (size_t i = 0; i < t.columns.size(); ++i) {
    EXPECT_EQ(t.columns[i].type, expected[i]) << t.columns[i].name;
  }
  EXPECT_EQ(t.columns[11].length, 1u);  // CHAR alone is CHAR(1)
  EXPECT_EQ(t.columns[12].length, 3u);
  EXPECT_EQ(t.columns[13].length, 20u);
  EXPECT_TRUE(t.columns[6].is_unsigned);
  EXPECT_EQ(t.columns[6].length, 11u);   // display width
  EXPECT_EQ(t.columns[15].length, 1u);   // BOOLEAN is TINYINT(1)
}

TEST(CreateTableParserTest, NumericTypesKeepPrecisionScaleAndAttributes) {
  CreateTable t = ParseAs<CreateTable>(
      "CREATE TABLE t (a DECIMAL(12,3) UNSIGNED, b NUMERIC, c DEC(5), d FIXED(7,2), "
      "e FLOAT(30), f DOUBLE(8,2) ZEROFILL, g BIT(5), h YEAR, i BIGINT SIGNED)");
  EXPECT_EQ(t.columns[0].type, ColumnType::kDecimal);
  EXPECT_EQ(t.columns[0].length, 12u);
  EXPECT_EQ(t.columns[0].scale, 3u);
  EXPECT_TRUE(t.columns[0].is_unsigned);
  EXPECT_EQ(t.columns[1].length, 10u);  // DECIMAL is DECIMAL(10,0)
  EXPECT_EQ(t.columns[1].scale, 0u);
  EXPECT_EQ(t.columns[2].length, 5u);
  EXPECT_EQ(t.columns[3].scale, 2u);
  EXPECT_EQ(t.columns[4].type, ColumnType::kDouble);  // FLOAT(p > 24) is DOUBLE
  EXPECT_TRUE(t.columns[5].zerofill);
  EXPECT_TRUE(t.columns[5].is_unsigned);
  EXPECT_EQ(t.columns[6].type, ColumnType::kBit);
  EXPECT_EQ(t.columns[6].length, 5u);
  EXPECT_EQ(t.columns[7].type, ColumnType::kYear);
  EXPECT_FALSE(t.columns[8].is_unsigned);
}

TEST(CreateTableParserTest, StringTypesAndMembers) {
  CreateTable t = ParseAs<CreateTable>(
      "CREATE TABLE t (a BINARY, b VARBINARY(9), c TINYTEXT, d MEDIUMTEXT, e LONGTEXT, "
      "f TINYBLOB, g BLOB, h MEDIUMBLOB, i LONGBLOB, j TEXT(100), k ENUM('x', 'y '), "
      "l SET('a','b'), m CHARACTER VARYING(4))");
  const ColumnType expected[] = {
      ColumnType::kBinary,   ColumnType::kVarBinary,  ColumnType::kTinyText,
      ColumnType::kMediumText, ColumnType::kLongText, ColumnType::kTinyBlob,
      ColumnType::kBlob,     ColumnType::kMediumBlob, ColumnType::kLongBlob,
      ColumnType::kText,     ColumnType::kEnum,       ColumnType::kSet,
      ColumnType::kVarchar};
  ASSERT_EQ(t.columns.size(), std::size(expected));
  for (size_t i = 0; i < t.columns.size(); ++i) {
    EXPECT_EQ(t.columns[i].type, expected[i]) << t.columns[i].name;
  }
  EXPECT_EQ(t.columns[0].length, 1u);
  EXPECT_EQ(t.columns[1].length, 9u);
  EXPECT_EQ(t.columns[10].elements, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(t.columns[11].elements, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.columns[12].length, 4u);
}

TEST(CreateTableParserTest, VarcharNeedsALength) {
  EXPECT_EQ(ErrorOf("CREATE TABLE t (a VARCHAR)"),
            "You have an error in your SQL syntax near ')' at line 1, column 26");
}

TEST(CreateTableParserTest, HugeLengthIsTooBig) {
  absl::StatusOr<Statement> s = ParseStatement("CREATE TABLE t (a VARCHAR(99999999999))");
  EXPECT_EQ(GetMysqlErrno(s.status()), MysqlErrno::kTooBigFieldLength);
}

TEST(CreateTableParserTest, UnknownTypeIsNamed) {
  EXPECT_EQ(ErrorOf("CREATE TABLE t (a GEOMETRY)"),
            "You have an error in your SQL syntax near 'GEOMETRY)' at line 1, column 19");
}

TEST(CreateTableParserTest, ColumnAttributesInAnyOrder) {
  CreateTable t = ParseAs<CreateTable>(
      "CREATE TABLE t (a INT PRIMARY KEY AUTO_INCREMENT NOT NULL, "
      "b INT UNIQUE DEFAULT -5 NULL, c INT UNIQUE KEY COMMENT 'x', "
      "d VARCHAR(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT 'q', e INT KEY)");
  EXPECT_TRUE(t.columns[0].primary_key);
  EXPECT_TRUE(t.columns[0].auto_increment);
  EXPECT_TRUE(t.columns[0].not_null);
  EXPECT_TRUE(t.columns[1].unique);
  EXPECT_TRUE(t.columns[1].explicit_null);
  EXPECT_EQ(Sexpr(*t.columns[1].default_value), "(neg 5)");
  EXPECT_TRUE(t.columns[2].unique);
  EXPECT_EQ(Sexpr(*t.columns[3].default_value), "'q'");
  EXPECT_EQ(t.columns[3].charset, "utf8mb4");
  EXPECT_EQ(t.columns[3].collation, "utf8mb4_bin");
  EXPECT_TRUE(t.columns[4].primary_key);
}

TEST(CreateTableParserTest, CharsetOptionsNameTheTableDefault) {
  CreateTable t = ParseAs<CreateTable>(
      "CREATE TABLE t (a TEXT CHARSET 'Latin1') DEFAULT CHARSET=utf8mb4 COLLATE=UTF8MB4_BIN");
  EXPECT_EQ(t.columns[0].charset, "latin1");
  EXPECT_FALSE(t.columns[0].collation.has_value());
  EXPECT_EQ(t.options.charset, "utf8mb4");
  EXPECT_EQ(t.options.collation, "utf8mb4_bin");
}

TEST(CreateTableParserTest, DefaultMustBeALiteral) {
  EXPECT_NE(ErrorOf("CREATE TABLE t (a INT DEFAULT b)"), "OK");
  EXPECT_EQ(ErrorOf("CREATE TABLE t (a INT DEFAULT NULL, b DOUBLE DEFAULT 1.5, c BOOL DEFAULT "
                    "TRUE, d INT DEFAULT +3)"),
            "OK");
}

TEST(CreateTableParserTest, NamesKeepTheirDisplaySpelling) {
  CreateTable t = ParseAs<CreateTable>("CREATE TABLE IF NOT EXISTS Db.Tbl (MyCol INT)");
  EXPECT_TRUE(t.if_not_exists);
  EXPECT_EQ(t.table.database, "db");
  EXPECT_EQ(t.table.table, "tbl");
  EXPECT_EQ(t.columns[0].name, "mycol");
  EXPECT_EQ(t.columns[0].display_name, "MyCol");
}

TEST(CreateTableParserTest, TableLevelKeys) {
  CreateTable t = ParseAs<CreateTable>(
      "CREATE TABLE t (a INT, b INT, c INT, PRIMARY KEY (a, b), INDEX ib (b), KEY (c), "
      "UNIQUE KEY uc (c, a), UNIQUE (b), UNIQUE INDEX (a), CONSTRAINT pk2 UNIQUE u2 (c))");
  ASSERT_EQ(t.indexes.size(), 7u);
  EXPECT_TRUE(t.indexes[0].primary);
  EXPECT_EQ(t.indexes[0].columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.indexes[1].name, "ib");
  EXPECT_FALSE(t.indexes[1].unique);
  EXPECT_EQ(t.indexes[2].name, "");
  EXPECT_TRUE(t.indexes[3].unique);
  EXPECT_EQ(t.indexes[3].name, "uc");
  EXPECT_TRUE(t.indexes[4].unique);
  EXPECT_TRUE(t.indexes[5].unique);
  EXPECT_EQ(t.indexes[6].name, "u2");
}

TEST(CreateTableParserTest, TableOptionsAreAccepted) {
  EXPECT_EQ(ErrorOf("CREATE TABLE t (a INT) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT "
                    "CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='x'"),
            "OK");
  EXPECT_EQ(ErrorOf("CREATE TABLE t (a INT) ENGINE InnoDB, CHARACTER SET = latin1"), "OK");
  EXPECT_NE(ErrorOf("CREATE TABLE t (a INT) ENGINE=InnoDB,"), "OK");
}

TEST(CreateTableParserTest, LocationsOfColumnsAndIndexes) {
  CreateTable t = ParseAs<CreateTable>("CREATE TABLE t (\n  a INT,\n  PRIMARY KEY (a))");
  EXPECT_EQ(t.table.loc.column, 14);
  EXPECT_EQ(t.columns[0].loc.line, 2);
  EXPECT_EQ(t.columns[0].loc.column, 3);
  EXPECT_EQ(t.indexes[0].loc.line, 3);
}

TEST(CreateTableParserTest, ReservedColumnNameNeedsBackquotes) {
  // `(SELECT` starts a query (CREATE TABLE t (SELECT ...)), as in MySQL, so the error
  // lands on the type name, which is no select item.
  EXPECT_EQ(ErrorOf("CREATE TABLE t (select INT)"),
            "You have an error in your SQL syntax near 'INT)' at line 1, column 24");
  EXPECT_EQ(ErrorOf("CREATE TABLE t (from INT)"),
            "You have an error in your SQL syntax near 'from INT)' at line 1, column 17");
  EXPECT_EQ(ErrorOf("CREATE TABLE t (`select` INT, `key` INT)"), "OK");
}

TEST(CreateIndexParserTest, PlainAndUnique) {
  CreateIndex i = ParseAs<CreateIndex>("CREATE INDEX k_1 ON sbtest1(k)");
  EXPECT_EQ(i.index.name, "k_1");
  EXPECT_FALSE(i.index.unique);
  EXPECT_EQ(i.table.table, "sbtest1");
  EXPECT_EQ(i.index.columns, (std::vector<std::string>{"k"}));
  CreateIndex u = ParseAs<CreateIndex>("CREATE UNIQUE INDEX u ON db.t (a, b)");
  EXPECT_TRUE(u.index.unique);
  EXPECT_EQ(u.table.database, "db");
  EXPECT_EQ(u.index.columns.size(), 2u);
}

TEST(DropTableParserTest, SeveralTablesIfExists) {
  DropTable d = ParseAs<DropTable>("DROP TABLE IF EXISTS a, db.b");
  EXPECT_TRUE(d.if_exists);
  ASSERT_EQ(d.tables.size(), 2u);
  EXPECT_EQ(d.tables[1].table, "b");
}

TEST(DescribeParserTest, AllSpellingsDescribeATable) {
  EXPECT_EQ(ParseAs<DescribeTable>("DESCRIBE t").table.table, "t");
  EXPECT_EQ(ParseAs<DescribeTable>("DESC db.t").table.database, "db");
  EXPECT_EQ(ParseAs<DescribeTable>("EXPLAIN t").table.table, "t");
}

TEST(ShowQueryParserTest, ShowStatementsOverInformationSchema) {
  const ShowQuery columns = ParseAs<ShowQuery>("SHOW FULL FIELDS IN t FROM db LIKE 'a%'");
  EXPECT_EQ(columns.kind, ShowQueryKind::kColumns);
  EXPECT_TRUE(columns.full);
  EXPECT_EQ(columns.table.table, "t");
  EXPECT_EQ(columns.table.database, "db");
  EXPECT_EQ(columns.like, "a%");
  const ShowQuery index = ParseAs<ShowQuery>("SHOW KEYS FROM t WHERE Key_name = 'PRIMARY'");
  EXPECT_EQ(index.kind, ShowQueryKind::kIndex);
  EXPECT_EQ(index.where_text, "Key_name = 'PRIMARY'");
  EXPECT_EQ(ParseAs<ShowQuery>("SHOW TABLE STATUS IN db").database, "db");
  EXPECT_EQ(ParseAs<ShowQuery>("SHOW CHARSET").kind, ShowQueryKind::kCharacterSet);
  EXPECT_EQ(ParseAs<ShowQuery>("SHOW CHARACTER SET LIKE 'u%'").kind,
            ShowQueryKind::kCharacterSet);
  EXPECT_EQ(ParseAs<ShowQuery>("SHOW COLLATION").kind, ShowQueryKind::kCollation);
  EXPECT_EQ(ParseAs<ShowQuery>("SHOW STORAGE ENGINES").kind, ShowQueryKind::kEngines);
  EXPECT_TRUE(ParseAs<ShowCreateDatabase>("SHOW CREATE SCHEMA IF NOT EXISTS db").if_not_exists);
  EXPECT_FALSE(ParseStatement("SHOW INDEX FROM t LIKE 'x'").ok());
  EXPECT_FALSE(ParseStatement("SHOW ENGINES LIKE 'x'").ok());
}

TEST(TableOptionsParserTest, CommentRowFormatAndAutoIncrementAreKept) {
  const CreateTable create = ParseAs<CreateTable>(
      "CREATE TABLE t (a INT COMMENT 'col') ENGINE=InnoDB, AUTO_INCREMENT = 7 "
      "DEFAULT CHARSET=utf8mb4 COMMENT 'tbl' ROW_FORMAT=dynamic");
  EXPECT_EQ(create.options.comment, "tbl");
  EXPECT_EQ(create.options.row_format, "DYNAMIC");
  EXPECT_EQ(create.options.auto_increment, 7u);
  EXPECT_EQ(create.columns[0].comment, "col");
  EXPECT_FALSE(ParseStatement("CREATE TABLE t (a INT) ROW_FORMAT=SIDEWAYS").ok());
  const AlterTable alter = ParseAs<AlterTable>("ALTER TABLE t COMMENT = 'x', ROW_FORMAT COMPACT");
  EXPECT_EQ(alter.options.comment, "x");
  EXPECT_EQ(alter.options.row_format, "COMPACT");
  EXPECT_TRUE(alter.specs.empty());
}

TEST(ShowCreateTableParserTest, NamesTheTable) {
  EXPECT_EQ(ParseAs<ShowCreateTable>("SHOW CREATE TABLE Db.T").table.table, "t");
}

TEST(ShowReplicationParserTest, ReadsReplicaStatusAndItsSynonym) {
  ParseAs<ShowReplicaStatus>("SHOW REPLICA STATUS");
  ParseAs<ShowReplicaStatus>("show slave status;");
}

TEST(ShowReplicationParserTest, ReadsReplicasAndItsSynonym) {
  ParseAs<ShowReplicas>("SHOW REPLICAS");
  ParseAs<ShowReplicas>("SHOW SLAVE HOSTS");
}

TEST(ShowReplicationParserTest, ReplicaWithoutStatusIsASyntaxError) {
  auto parsed = ParseStatement("SHOW REPLICA");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ordinal::engine::sql
