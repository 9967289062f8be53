// The sqllogictest script parser and runner: record parsing, skipif/onlyif, value
// formatting, sort modes, hashing, and scoring against the in-process engine.
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/sql/engine_backend.h"
#include "tests/sqllogictest/slt_runner.h"
#include "tests/sqllogictest/slt_script.h"

namespace ordinal::slt {
namespace {

using sqltest::Cell;

std::vector<Record> Parse(const std::string& text) {
  absl::StatusOr<std::vector<Record>> records = ParseSltScript(text);
  EXPECT_TRUE(records.ok()) << records.status();
  return records.ok() ? *records : std::vector<Record>{};
}

FileReport RunOnEngine(const std::string& text) {
  auto backend = sqltest::EngineBackend::Create();
  EXPECT_TRUE(backend.ok()) << backend.status();
  return RunRecords(Parse(text), **backend, RunOptions{});
}

TEST(SltScript, ParsesStatementsQueriesAndConditions) {
  std::vector<Record> r = Parse(
      "# comment\n"
      "statement ok\nCREATE TABLE t(a INT)\n\n"
      "skipif mysql\nonlyif sqlite\nstatement error\nSELECT x\nFROM y\n\n"
      "hash-threshold 8\n\n"
      "query IT rowsort label-7\nSELECT 1, 'a'\n----\n1\na\n\n"
      "query I nosort\nSELECT a FROM t\n----\n3 values hashing to abc\n\n"
      "halt\n");
  ASSERT_EQ(r.size(), 6u);
  EXPECT_EQ(r[5].kind, RecordKind::kHalt);
  EXPECT_EQ(r[0].kind, RecordKind::kStatement);
  EXPECT_FALSE(r[0].expect_error);
  EXPECT_TRUE(r[1].expect_error);
  EXPECT_EQ(r[1].sql, "SELECT x\nFROM y");
  EXPECT_EQ(r[1].conditions.size(), 2u);
  EXPECT_EQ(r[2].threshold, 8);
  EXPECT_EQ(r[3].types, "IT");
  EXPECT_EQ(r[3].sort, SortMode::kRowSort);
  EXPECT_EQ(r[3].label, "label-7");
  EXPECT_EQ(r[3].expected_values, (std::vector<std::string>{"1", "a"}));
  ASSERT_TRUE(r[4].kind == RecordKind::kQuery && r[4].expected_hash.has_value());
  EXPECT_EQ(r[4].expected_hash->count, 3);
}

TEST(SltScript, RejectsUnknownRecords) {
  EXPECT_FALSE(ParseSltScript("frobnicate\nSELECT 1\n").ok());
  EXPECT_FALSE(ParseSltScript("query X\nSELECT 1\n").ok());
}

TEST(SltScript, OrdinalCountsAsMysql) {
  std::vector<Record> r = Parse(
      "skipif mysql\nstatement ok\nA\n\nonlyif mysql\nstatement ok\nB\n\n"
      "onlyif sqlite\nstatement ok\nC\n\nskipif sqlite\nstatement ok\nD\n");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_FALSE(AppliesTo(r[0], kEngineName));
  EXPECT_TRUE(AppliesTo(r[1], kEngineName));
  EXPECT_FALSE(AppliesTo(r[2], kEngineName));
  EXPECT_TRUE(AppliesTo(r[3], kEngineName));
}

TEST(SltFormat, FormatsByColumnType) {
  std::vector<std::vector<Cell>> rows = {{Cell("2.7"), Cell("2"), Cell(""), Cell(std::nullopt)},
                                         {Cell("-3"), Cell("1.23456"), Cell("a\tb"), Cell("x")}};
  EXPECT_EQ(FormatResult(rows, "IRTT", SortMode::kNoSort),
            (std::vector<std::string>{"2", "2.000", "(empty)", "NULL", "-3", "1.235", "a@b",
                                      "x"}));
}

TEST(SltFormat, SortsRowsOrValues) {
  std::vector<std::vector<Cell>> rows = {{Cell("b"), Cell("1")}, {Cell("a"), Cell("2")}};
  EXPECT_EQ(FormatResult(rows, "TI", SortMode::kRowSort),
            (std::vector<std::string>{"a", "2", "b", "1"}));
  EXPECT_EQ(FormatResult(rows, "TI", SortMode::kValueSort),
            (std::vector<std::string>{"1", "2", "a", "b"}));
}

TEST(SltFormat, HashesValuesWithNewlines) {
  EXPECT_EQ(HashValues({"1", "2"}), "6ddb4095eb719e2a9f0a3f95677d24e0");
}

TEST(SltRun, ScoresRecordsAgainstTheEngine) {
  FileReport report = RunOnEngine(
      "statement ok\nCREATE DATABASE d\n\nstatement ok\nUSE d\n\n"
      "statement ok\nCREATE TABLE t(a INT)\n\n"
      "statement ok\nINSERT INTO t VALUES (2), (1)\n\n"
      "query I rowsort\nSELECT a FROM t\n----\n1\n2\n\n"
      "query I rowsort\nSELECT a FROM t\n----\n2 values hashing to "
      "6ddb4095eb719e2a9f0a3f95677d24e0\n\n"
      "query I nosort\nSELECT a FROM t\n----\n7\n\n"  // wrong result
      "statement error\nSELECT FROM\n\n"
      "skipif mysql\nstatement ok\nNOT SQL\n\n"
      "statement ok\nSELEC 1\n\n"  // fails
      "halt\n\nstatement ok\nNOT SQL EITHER\n");
  EXPECT_EQ(report.total, 9);
  EXPECT_EQ(report.passed, 7);
  EXPECT_EQ(report.skipped, 1);
  ASSERT_EQ(report.failures.size(), 2u);
  EXPECT_EQ(report.failures[0].cause, "select: wrong result");
  EXPECT_EQ(report.failures[1].cause, "selec: syntax error near SELEC");
}

TEST(SltRun, AcceptsOneRowPerLine) {
  FileReport report = RunOnEngine("query II nosort\nSELECT 1, 2\n----\n1 2\n");
  EXPECT_EQ(report.passed, 1);
}

TEST(SltRun, MaxRecordsStopsEarly) {
  auto backend = sqltest::EngineBackend::Create();
  ASSERT_TRUE(backend.ok());
  FileReport report = RunRecords(
      Parse("statement ok\nSELECT 1\n\nstatement ok\nSELECT 2\n\nstatement ok\nSELECT 3\n"),
      **backend, RunOptions{2});
  EXPECT_EQ(report.total, 2);
}

}  // namespace
}  // namespace ordinal::slt
