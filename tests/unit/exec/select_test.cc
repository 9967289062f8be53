#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

class SelectTest : public SqlTest {
 protected:
  SelectTest() {
    Exec("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(20), d DOUBLE)");
    Exec("INSERT INTO t VALUES (1, 10, 'a', 1.5), (2, 20, 'b', 2.5), (3, 10, 'c', NULL), "
         "(4, NULL, 'a', 4.0)");
  }
};

TEST_F(SelectTest, StarExpandsVisibleColumnsInOrder) {
  ResultSet r = Exec("SELECT * FROM t WHERE id = 1");
  ASSERT_EQ(r.columns.size(), 4u);
  EXPECT_EQ(r.columns[0].name, "id");
  EXPECT_EQ(r.columns[3].name, "d");
  EXPECT_EQ(Query("SELECT * FROM t WHERE id = 1"), "1,10,a,1.5");
}

TEST_F(SelectTest, SelectWithoutFromEvaluatesExpressions) {
  ResultSet r = Exec("SELECT 1 + 2 AS three, 'x'");
  ASSERT_EQ(r.columns.size(), 2u);
  EXPECT_EQ(r.columns[0].name, "three");
  EXPECT_EQ(r.columns[0].type, ColumnType::kBigInt);
  EXPECT_EQ(Query("SELECT 1 + 2 AS three, 'x'"), "3,x");
}

// A column without an alias is named as MySQL names it: a quoted string by its contents (the
// first of adjacent strings; an empty one keeps its quotes), anything else by its text as
// written.
TEST_F(SelectTest, StringLiteralColumnsAreNamedByTheirContents) {
  ResultSet r = Exec("SELECT 'x', \"it's\", 'a' 'b', _utf8mb4'u', N'n', '', 'x' + 1, X'41', 1.50, "
                     "NULL, DATE '2024-01-02'");
  std::vector<std::string> names;
  for (const auto& column : r.columns) names.push_back(column.name);
  EXPECT_EQ(names, (std::vector<std::string>{"x", "it's", "a", "u", "n", "''", "'x' + 1", "X'41'",
                                             "1.50", "NULL", "DATE '2024-01-02'"}));
}

// CAST(x AS DECIMAL(p, s)) is an exact DECIMAL at scale s, reported to clients as
// NEWDECIMAL(p, s), as in MySQL.
TEST_F(SelectTest, CastToDecimalIsExactAtItsScale) {
  ResultSet r = Exec("SELECT CAST(1 AS DECIMAL(10,2)), CAST(7.6 AS DECIMAL)");
  ASSERT_EQ(r.columns.size(), 2u);
  EXPECT_EQ(r.columns[0].type, ColumnType::kDecimal);
  const ColumnMetadata m = r.columns[0].Metadata();
  EXPECT_EQ(m.type, mysql_type::kNewDecimal);
  EXPECT_EQ(m.decimals, 2);
  EXPECT_EQ(m.length, 12u);
  EXPECT_EQ(r.columns[1].Metadata().decimals, 0);
  EXPECT_EQ(Query("SELECT CAST(1 AS DECIMAL(10,2)), CAST(7.6 AS DECIMAL), "
                  "CAST('12345678901234567890.123456789' AS DECIMAL(30,9))"),
            "1.00,8,12345678901234567890.123456789");
}

// ORDER BY ... LIMIT keeps only OFFSET + LIMIT rows and computes the outputs of those only
// (select_buffer.h): the rows are the full sort's, ties in the order the rows were read.
TEST_F(SelectTest, OrderByLimitGivesTheFullSortsLeadingRows) {
  Exec("CREATE TABLE many (id INT PRIMARY KEY, k INT, c VARCHAR(20))");
  std::string values;
  for (int i = 1; i <= 400; ++i) {
    absl::StrAppend(&values, i == 1 ? "" : ",", "(", i, ",", (i * 37) % 11,
                    i % 13 == 0 ? ",NULL" : absl::StrCat(",'n", (i * 7) % 19, "'"), ")");
  }
  Exec("INSERT INTO many VALUES " + values);
  auto leading = [](const std::string& rows, size_t offset, size_t limit) {
    std::vector<std::string> all = absl::StrSplit(rows, ';');
    std::vector<std::string> part;
    for (size_t i = offset; i < all.size() && i < offset + limit; ++i) part.push_back(all[i]);
    return absl::StrJoin(part, ";");
  };
  for (const std::string order : {"k", "k DESC", "c, k DESC", "k DESC, c", "c DESC"}) {
    for (const std::string select : {"id, c", "c, id, k", "id * 2, k"}) {
      const std::string query = "SELECT " + select + " FROM many ORDER BY " + order;
      const std::string full = Query(query);
      for (const auto& [offset, limit] : {std::pair{0, 1}, {0, 10}, {5, 10}, {390, 20}}) {
        EXPECT_EQ(Query(absl::StrCat(query, " LIMIT ", limit, " OFFSET ", offset)),
                  leading(full, offset, limit))
            << query << " LIMIT " << limit << " OFFSET " << offset;
      }
    }
  }
}

// A scan tests column-vs-constant conditions on the stored rows (stored_row_filter.h): the
// rows are those the evaluator selects (the same conditions behind IF(), which the scan
// does not test early), under each column's collation and the session's time zone.
TEST_F(SelectTest, ConditionsOnStoredRowsSelectTheEvaluatorsRows) {
  Exec("CREATE TABLE people (id INT PRIMARY KEY, ci VARCHAR(10), cs VARCHAR(10) COLLATE "
       "utf8mb4_bin, born DATE, seen TIMESTAMP, n INT)");
  Exec("SET time_zone = '+02:00'");
  Exec("INSERT INTO people VALUES (1, 'a', 'a', '2000-01-05', '2024-01-05 12:00:00', 1), "
       "(2, 'A', 'A', '2000-1-5', '2024-01-05 11:00:00', NULL), "
       "(3, '\xc3\xa1', 'a ', NULL, NULL, 3), (4, 'b', 'b', '1999-12-31', "
       "'2024-01-05 12:00:00', -2), (5, NULL, NULL, '2000-01-06', NULL, 5)");
  for (const std::string condition :
       {"ci = 'A'", "cs = 'A'", "cs = 'a'", "ci < 'b'", "ci IN ('B', 'x')", "born = '2000-01-05'",
        "born BETWEEN '2000-01-01' AND 20000105", "seen = '2024-01-05 12:00:00'",
        "seen > '2024-01-05 11:00:00'", "n <> 1", "n IS NULL OR n > 2", "NOT (n < 3)",
        "ci <=> NULL", "cs NOT IN ('a', 'b')", "n NOT BETWEEN 0 AND 3"}) {
    EXPECT_EQ(Query("SELECT id FROM people WHERE " + condition + " ORDER BY id"),
              Query("SELECT id FROM people WHERE IF(" + condition + ", 1, 0) = 1 ORDER BY id"))
        << condition;
  }
  EXPECT_EQ(Query("SELECT id FROM people WHERE ci = 'A' ORDER BY id"), "1;2;3");
  // utf8mb4_bin is case-sensitive and PAD SPACE: 'a ' equals 'a', 'A' does not.
  EXPECT_EQ(Query("SELECT id FROM people WHERE cs = 'a' ORDER BY id"), "1;3");
  EXPECT_EQ(Query("SELECT id FROM people WHERE born = '2000-01-05' ORDER BY id"), "1;2");
  EXPECT_EQ(Query("SELECT id FROM people WHERE seen = '2024-01-05 12:00:00' ORDER BY id"), "1;4");
}

TEST_F(SelectTest, WhereFiltersWithNullSemantics) {
  EXPECT_EQ(Query("SELECT id FROM t WHERE k = 10"), "1;3");
  EXPECT_EQ(Query("SELECT id FROM t WHERE k IS NULL"), "4");
  EXPECT_EQ(Query("SELECT id FROM t WHERE k <> 10"), "2");
}

TEST_F(SelectTest, OrderByAliasColumnAndPosition) {
  EXPECT_EQ(Query("SELECT id, k AS kk FROM t ORDER BY kk DESC, id"), "2,20;1,10;3,10;4,NULL");
  EXPECT_EQ(Query("SELECT c, id FROM t ORDER BY 1, 2 DESC"), "a,4;a,1;b,2;c,3");
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY d DESC"), "4;2;1;3");
}

TEST_F(SelectTest, DistinctRemovesDuplicateRows) {
  EXPECT_EQ(Query("SELECT DISTINCT c FROM t ORDER BY c"), "a;b;c");
}

// Of rows equal under the column's collation, DISTINCT keeps the first read, also when its
// repeats are dropped after the sort (the sort keys name every selected column).
TEST_F(SelectTest, DistinctKeepsTheFirstOfEqualRows) {
  Exec("CREATE TABLE words (id INT PRIMARY KEY, w VARCHAR(10), n INT)");
  Exec("INSERT INTO words VALUES (1, 'b', 1), (2, 'A', 1), (3, 'a', 2), (4, 'B', 1), "
       "(5, 'c', 2), (6, 'a', 1)");
  EXPECT_EQ(Query("SELECT DISTINCT w FROM words ORDER BY w"), "A;b;c");
  EXPECT_EQ(Query("SELECT DISTINCT w FROM words ORDER BY w DESC"), "c;b;A");
  EXPECT_EQ(Query("SELECT DISTINCT n, w FROM words ORDER BY w, n"), "1,A;2,a;1,b;2,c");
  EXPECT_EQ(Query("SELECT DISTINCT w, n FROM words ORDER BY n"), "b,1;A,1;a,2;c,2");
}

TEST_F(SelectTest, LimitAndOffset) {
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY id LIMIT 2"), "1;2");
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY id LIMIT 2 OFFSET 1"), "2;3");
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY id DESC LIMIT 1"), "4");
  EXPECT_EQ(Query("SELECT id FROM t LIMIT 0"), "");
}

TEST_F(SelectTest, AggregatesOverWholeTable) {
  EXPECT_EQ(Query("SELECT COUNT(*), COUNT(k), COUNT(DISTINCT k), SUM(k), MIN(c), MAX(d) "
                  "FROM t"),
            "4,3,2,40,a,4");
  EXPECT_EQ(Query("SELECT AVG(k) FROM t WHERE k IS NOT NULL AND id < 3"), "15.0000");
}

TEST_F(SelectTest, AggregateTypes) {
  ResultSet r = Exec("SELECT COUNT(*), SUM(k), AVG(k), MIN(c), SUM(d) FROM t");
  ASSERT_EQ(r.columns.size(), 5u);
  EXPECT_EQ(r.columns[0].type, ColumnType::kBigInt);
  EXPECT_EQ(r.columns[1].type, ColumnType::kDecimal);  // SUM and AVG of integers: DECIMAL
  EXPECT_EQ(r.columns[2].type, ColumnType::kDecimal);
  EXPECT_EQ(r.columns[3].type, ColumnType::kVarchar);
  EXPECT_EQ(r.columns[4].type, ColumnType::kDouble);
}

// Aggregates are described to clients as MySQL describes them (checked against MariaDB's
// column definitions for the same table): COUNT and BIT_* NOT NULL BIGINTs, SUM and AVG of
// an INT column DECIMAL(32, 0) and DECIMAL(14, 4), of a DECIMAL(10, 3) column
// DECIMAL(32, 3) and DECIMAL(14, 7); MIN and MAX of a column its own type.
TEST_F(SelectTest, AggregateMetadataFollowsTheArgument) {
  Exec("CREATE TABLE money (id INT PRIMARY KEY, amount DECIMAL(10,3), n INT)");
  Exec("INSERT INTO money VALUES (1, 1.5, 5), (2, 2.25, 6)");
  ResultSet r = Exec(
      "SELECT COUNT(*), BIT_OR(n), SUM(n), AVG(n), SUM(amount), AVG(amount), "
      "MIN(n), MAX(amount), SUM(n + 1) FROM money");
  ASSERT_EQ(r.columns.size(), 9u);
  const ColumnMetadata count = r.columns[0].Metadata();
  EXPECT_EQ(count.type, mysql_type::kLongLong);
  EXPECT_EQ(count.length, 21u);
  EXPECT_TRUE(count.flags & mysql_flag::kNotNull);
  EXPECT_FALSE(count.flags & mysql_flag::kUnsigned);
  const ColumnMetadata bits = r.columns[1].Metadata();
  EXPECT_TRUE(bits.flags & mysql_flag::kNotNull);
  EXPECT_TRUE(bits.flags & mysql_flag::kUnsigned);
  struct Expected {
    int column;
    uint32_t length;
    uint8_t decimals;
  };
  for (const Expected& e :
       {Expected{2, 33, 0}, Expected{3, 16, 4}, Expected{4, 34, 3}, Expected{5, 16, 7}}) {
    const ColumnMetadata m = r.columns[e.column].Metadata();
    EXPECT_EQ(m.type, mysql_type::kNewDecimal) << e.column;
    EXPECT_EQ(m.length, e.length) << e.column;
    EXPECT_EQ(m.decimals, e.decimals) << e.column;
    EXPECT_FALSE(m.flags & mysql_flag::kNotNull) << e.column;
  }
  EXPECT_EQ(r.columns[6].Metadata().type, mysql_type::kLong);
  EXPECT_EQ(r.columns[6].Metadata().length, 11u);
  EXPECT_EQ(r.columns[7].Metadata().decimals, 3);
  // An expression's SUM: the expression's derived DECIMAL(11, 0) plus 22 digits.
  EXPECT_EQ(r.columns[8].Metadata().type, mysql_type::kNewDecimal);
  EXPECT_EQ(r.columns[8].Metadata().length, 34u);
  EXPECT_EQ(r.columns[8].Metadata().decimals, 0);
  // GROUP_CONCAT: @@group_concat_max_len characters, VARCHAR up to 512 and TEXT beyond.
  EXPECT_EQ(Exec("SELECT GROUP_CONCAT(n) FROM money").columns[0].Metadata().length, 4096u);
  Exec("SET SESSION group_concat_max_len = 100");
  const ColumnMetadata short_concat =
      Exec("SELECT GROUP_CONCAT(n) FROM money").columns[0].Metadata();
  EXPECT_EQ(short_concat.type, mysql_type::kVarString);
  EXPECT_EQ(short_concat.length, 400u);
  EXPECT_EQ(Query("SELECT COUNT(*), BIT_OR(n), SUM(n), AVG(n), SUM(amount), AVG(amount), "
                  "MIN(n), MAX(amount) FROM money"),
            "2,7,11,5.5000,3.750,1.8750000,5,2.250");
}

// DECIMAL expressions are described by the precision and scale MySQL derives for them (the
// figures are MariaDB's column definitions for the same statements), not as DECIMAL(65, 30).
TEST_F(SelectTest, DecimalExpressionMetadataHasItsDerivedPrecisionAndScale) {
  Exec("CREATE TABLE p (id INT PRIMARY KEY, price DECIMAL(10,2), qty INT)");
  Exec("INSERT INTO p VALUES (1, 2.50, 3), (2, 1.25, 4)");
  struct Expected {
    const char* sql;
    uint32_t length;
    uint8_t decimals;
  };
  for (const Expected& e : {Expected{"SELECT price * qty FROM p", 22, 2},
                            Expected{"SELECT price + 1 FROM p", 13, 2},
                            Expected{"SELECT price / qty FROM p", 16, 6},
                            Expected{"SELECT qty / 2 FROM p", 16, 4},
                            Expected{"SELECT SUM(price * qty) FROM p", 44, 2},
                            Expected{"SELECT AVG(price * qty) FROM p", 26, 6},
                            Expected{"SELECT AVG(qty + 1) FROM p", 17, 4},
                            Expected{"SELECT MAX(price * qty) FROM p", 22, 2}}) {
    const ColumnMetadata m = Exec(e.sql).columns[0].Metadata();
    EXPECT_EQ(m.type, mysql_type::kNewDecimal) << e.sql;
    EXPECT_EQ(m.length, e.length) << e.sql;
    EXPECT_EQ(m.decimals, e.decimals) << e.sql;
  }
  EXPECT_EQ(Query("SELECT SUM(price * qty), AVG(price * qty), MAX(price / qty) FROM p"),
            "12.50,6.250000,0.833333");
}

TEST_F(SelectTest, AggregatesOverNoRowsGiveOneRow) {
  EXPECT_EQ(Query("SELECT COUNT(*), SUM(k), MAX(c) FROM t WHERE id > 100"), "0,NULL,NULL");
}

TEST_F(SelectTest, GroupByWithHaving) {
  EXPECT_EQ(Query("SELECT c, COUNT(*) AS n FROM t GROUP BY c ORDER BY c"), "a,2;b,1;c,1");
  EXPECT_EQ(Query("SELECT c, COUNT(*) AS n FROM t GROUP BY c HAVING n > 1"), "a,2");
  EXPECT_EQ(Query("SELECT c, SUM(k) FROM t GROUP BY c HAVING COUNT(*) = 1 ORDER BY c"),
            "b,20;c,10");
}

TEST_F(SelectTest, GroupByKeepsGroupsApartPastTheExactKeyCache) {
  Exec("CREATE TABLE many (id INT PRIMARY KEY, g INT, s VARCHAR(10))");
  std::string values;
  for (int id = 1; id <= 6000; ++id) {
    absl::StrAppend(&values, id == 1 ? "" : ", ", "(", id, ", ", id % 5000, ", 'v", id % 3, "')");
  }
  Exec("INSERT INTO many VALUES " + values);
  // 5000 groups, more than exact_key_cache.h keeps: 1000 of two rows, 4000 of one.
  EXPECT_EQ(Query("SELECT COUNT(*), SUM(n), MAX(n) FROM "
                  "(SELECT g, COUNT(*) AS n FROM many GROUP BY g) x"),
            "5000,6000,2");
  EXPECT_EQ(Query("SELECT s, COUNT(*) FROM many GROUP BY s ORDER BY s"), "v0,2000;v1,2000;v2,2000");
  // Equal keys that are not identical (an integer and a double) are one group.
  EXPECT_EQ(Query("SELECT COUNT(*), SUM(n) FROM "
                  "(SELECT COUNT(*) AS n FROM many GROUP BY IF(id % 2 = 0, 1, 1.0e0)) x"),
            "1,6000");
}

TEST_F(SelectTest, GroupByOverNoRowsGivesNoRows) {
  EXPECT_EQ(Query("SELECT c, COUNT(*) FROM t WHERE id > 100 GROUP BY c"), "");
}

TEST_F(SelectTest, NonGroupedColumnIsError1055) {
  EXPECT_EQ(Errno("SELECT c, k, COUNT(*) FROM t GROUP BY c"), 1055);
  EXPECT_EQ(Errno("SELECT c, COUNT(*) FROM t"), 1055);
}

TEST_F(SelectTest, GroupByPrimaryKeyAllowsAnyColumn) {
  EXPECT_EQ(Query("SELECT id, c, COUNT(*) FROM t GROUP BY id ORDER BY id LIMIT 1"), "1,a,1");
}

TEST_F(SelectTest, AggregateInWhereIsError1111) {
  EXPECT_EQ(Errno("SELECT id FROM t WHERE COUNT(*) > 1"), 1111);
}

TEST_F(SelectTest, UnknownColumnNamesTheClause) {
  absl::Status s = sql_.Status("SELECT nope FROM t");
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1054);
  EXPECT_NE(s.message().find("Unknown column 'nope' in 'field list'"), std::string::npos) << s;
  s = sql_.Status("SELECT id FROM t WHERE nope = 1");
  EXPECT_NE(s.message().find("'where clause'"), std::string::npos) << s;
}

TEST_F(SelectTest, UnknownTableIsError1146) { EXPECT_EQ(Errno("SELECT * FROM nope"), 1146); }

TEST_F(SelectTest, DivisionByZeroInAQueryIsNull) {
  EXPECT_EQ(Query("SELECT k / 0, k DIV 0, k % 0 FROM t WHERE id = 1"), "NULL,NULL,NULL");
}

TEST_F(SelectTest, QualifiedColumnsAndTableAlias) {
  EXPECT_EQ(Query("SELECT t.id FROM t WHERE t.k = 20"), "2");
  EXPECT_EQ(Query("SELECT x.id FROM t AS x WHERE x.k = 20"), "2");
}

TEST_F(SelectTest, InListOnPrimaryKeyReturnsRowsInKeyOrder) {
  EXPECT_EQ(Query("SELECT id FROM t WHERE id IN (3, 1, 7, 3)"), "1;3");
}

TEST_F(SelectTest, ExplainShowsPrimaryKeyPoint) {
  EXPECT_EQ(Explain("SELECT * FROM t WHERE id = 5"), "primary key point|PRIMARY|1|id = 5");
}

TEST_F(SelectTest, ExplainShowsPrimaryKeyRange) {
  EXPECT_EQ(Explain("SELECT * FROM t WHERE id BETWEEN 1 AND 100"),
            "primary key range|PRIMARY|1|id BETWEEN 1 AND 100");
  EXPECT_EQ(Explain("SELECT * FROM t WHERE id > 3"), "primary key range|PRIMARY|1|id > 3");
}

TEST_F(SelectTest, ExplainShowsFullScan) {
  EXPECT_EQ(Explain("SELECT * FROM t WHERE k = 5"), "full scan|NULL|0|");
}

TEST_F(SelectTest, ExplainWithoutTable) { EXPECT_EQ(Explain("SELECT 1"), "no table|NULL|0|"); }

TEST_F(SelectTest, ForUpdateReadsRows) {
  EXPECT_EQ(Query("SELECT c FROM t WHERE id = 2 FOR UPDATE"), "b");
}

}  // namespace
}  // namespace ordinal::engine::testing
