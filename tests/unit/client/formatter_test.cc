#include "client/cli/formatter.h"

#include <gtest/gtest.h>

namespace ordinal::cli {
namespace {

ResultSet IdNameResult() {
  ResultSet result;
  result.has_rows = true;
  result.columns = {{"id", ColumnType::kInt}, {"name", ColumnType::kVarchar}};
  result.rows = {{Value::Int(1), Value::String("abc")}, {Value::Int(10), Value::Null()}};
  return result;
}

TEST(FormatTableTest, AlignsNumbersRightAndTextLeft) {
  EXPECT_EQ(FormatTable(IdNameResult()),
            "+----+------+\n"
            "| id | name |\n"
            "+----+------+\n"
            "|  1 | abc  |\n"
            "| 10 | NULL |\n"
            "+----+------+\n");
}

TEST(FormatTableTest, WidthCountsCharactersNotBytes) {
  ResultSet result;
  result.has_rows = true;
  result.columns = {{"c", ColumnType::kText}};
  result.rows = {{Value::String("\xC3\xA9t\xC3\xA9")}};  // "été"
  EXPECT_EQ(FormatTable(result),
            "+-----+\n"
            "| c   |\n"
            "+-----+\n"
            "| \xC3\xA9t\xC3\xA9 |\n"
            "+-----+\n");
}

TEST(FormatTableTest, NoRowsShowsOnlyHeader) {
  ResultSet result = IdNameResult();
  result.rows.clear();
  EXPECT_EQ(FormatTable(result),
            "+----+------+\n"
            "| id | name |\n"
            "+----+------+\n");
}

TEST(FormatTableTest, StatementWithoutRowsPrintsNothing) {
  EXPECT_EQ(FormatTable(ResultSet{}), "");
}

TEST(FormatVerticalTest, RightAlignsColumnNames) {
  EXPECT_EQ(FormatVertical(IdNameResult()),
            "*************************** 1. row ***************************\n"
            "  id: 1\n"
            "name: abc\n"
            "*************************** 2. row ***************************\n"
            "  id: 10\n"
            "name: NULL\n");
}

TEST(FormatBatchTest, TabSeparatedWithHeader) {
  EXPECT_EQ(FormatBatch(IdNameResult(), true), "id\tname\n1\tabc\n10\tNULL\n");
}

TEST(FormatBatchTest, SkipColumnNamesOmitsHeader) {
  EXPECT_EQ(FormatBatch(IdNameResult(), false), "1\tabc\n10\tNULL\n");
}

TEST(FormatBatchTest, EscapesSpecialCharacters) {
  ResultSet result;
  result.has_rows = true;
  result.columns = {{"c", ColumnType::kText}};
  result.rows = {{Value::String(std::string("a\tb\nc\\d\0e", 9))}};
  EXPECT_EQ(FormatBatch(result, false), "a\\tb\\nc\\\\d\\0e\n");
}

TEST(FormatBatchTest, StringNullIsNotSqlNull) {
  EXPECT_EQ(EscapeBatchValue("NULL"), "NULL");
  EXPECT_EQ(EscapeBatchValue("plain"), "plain");
}

TEST(FormatSummaryTest, CountsRowsInSet) {
  ResultSet result = IdNameResult();
  EXPECT_EQ(FormatSummary(result, 0.001), "2 rows in set (0.00 sec)\n");
  result.rows.pop_back();
  EXPECT_EQ(FormatSummary(result, 0.001), "1 row in set (0.00 sec)\n");
  result.rows.clear();
  EXPECT_EQ(FormatSummary(result, 0.001), "Empty set (0.00 sec)\n");
}

TEST(FormatSummaryTest, WriteShowsRowsAffectedAndInfo) {
  ResultSet result;
  result.rows_affected = 3;
  result.info = "Records: 3  Duplicates: 0  Warnings: 0";
  EXPECT_EQ(FormatSummary(result, 0.014),
            "Query OK, 3 rows affected (0.01 sec)\nRecords: 3  Duplicates: 0  Warnings: 0\n");
}

TEST(FormatSummaryTest, SingleRowAffected) {
  ResultSet result;
  result.rows_affected = 1;
  EXPECT_EQ(FormatSummary(result, 0), "Query OK, 1 row affected (0.00 sec)\n");
}

TEST(FormatElapsedTest, MinutesPastSixty) { EXPECT_EQ(FormatElapsed(62.5), "(1 min 2.50 sec)"); }

}  // namespace
}  // namespace ordinal::cli
