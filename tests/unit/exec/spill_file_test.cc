// Temporary files of statements (engine/exec/spill_file.h) and the external sort over them
// (engine/exec/external_sort.h): rows round-trip exactly, files leave nothing in the
// directory, the disk bound is error 1114, and a spilled sort equals the in-memory stable
// sort, also with LIMIT (top-n) and DISTINCT.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/exec/aggregate.h"
#include "engine/exec/external_sort.h"
#include "engine/exec/query_memory.h"
#include "engine/exec/spill_file.h"
#include "gtest/gtest.h"

namespace ordinal::engine::exec {
namespace {

namespace fs = std::filesystem;

class SpillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "ordinal_spill_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    ASSERT_TRUE(PrepareSpillDirectory(dir_ + "/tmp").ok());
    pool_.SetLimits(/*per_statement_bytes=*/16 << 10, /*total_bytes=*/0);
    pool_.SetSpill(dir_ + "/tmp", /*per_statement_disk_bytes=*/0);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  bool SpillDirectoryIsEmpty() const { return fs::is_empty(dir_ + "/tmp"); }

  // Rows (key, sequence) with keys in [0, distinct): many ties.
  static std::vector<SortRow> Rows(int n, int distinct) {
    std::mt19937 random(7);
    std::vector<SortRow> rows;
    for (int i = 0; i < n; ++i) {
      const int key = static_cast<int>(random() % distinct);
      rows.push_back(SortRow{{Value::Int(key), Value::String(absl::StrCat("k", key))},
                             {Value::Int(key)}});
      rows.back().values.push_back(Value::Int(i));
    }
    return rows;
  }

  static bool KeyLess(const SortRow& a, const SortRow& b) {
    return CompareForSort(a.keys[0], b.keys[0]) < 0;
  }

  // Sorts `rows` with an ExternalSorter and returns what it emits.
  std::vector<SortRow> Sort(std::vector<SortRow> rows, ExternalSorter::Options options,
                            size_t* runs = nullptr) {
    QueryMemory memory(pool_);
    ExternalSorter sorter(&memory, KeyLess, options);
    for (SortRow& row : rows) {
      absl::Status added = sorter.Add(std::move(row));
      EXPECT_TRUE(added.ok()) << added;
      if (!added.ok()) return {};
    }
    std::vector<SortRow> out;
    absl::Status drained = sorter.Drain([&](SortRow row) -> absl::StatusOr<bool> {
      out.push_back(std::move(row));
      return true;
    });
    EXPECT_TRUE(drained.ok()) << drained;
    if (runs != nullptr) *runs = sorter.runs_written();
    EXPECT_EQ(memory.charged(), 0u);
    return out;
  }

  std::string dir_;
  QueryMemoryPool pool_;
};

TEST_F(SpillTest, RowsRoundTripWithEveryKindOfValue) {
  QueryMemory memory(pool_);
  auto file = SpillFile::Create(memory);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(SpillDirectoryIsEmpty());  // unlinked as soon as opened
  Value collated = Value::String("Alice");
  collated.set_collation(46, CollationDerivation::kImplicit);  // utf8mb4_bin
  const std::vector<Value> row = {Value::Null(),
                                  collated,
                                  Value::Int(-5),
                                  Value::Int(INT64_MIN),
                                  Value::UInt(UINT64_MAX),
                                  Value::Double(-2.5e-300),
                                  Value::FromDecimal(*Decimal::Parse("-12.50")),
                                  Value::String(std::string("a\0b", 3)),
                                  Value::Json("{\"a\": 1}"),
                                  Value::String(std::string(100000, 'x'))};
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*file)->Append(row).ok());
  ASSERT_TRUE((*file)->Flush().ok());
  EXPECT_EQ(memory.disk_charged(), (*file)->size());
  SpillFile::Reader reader(**file, 0, (*file)->size());
  std::vector<Value> back;
  for (int i = 0; i < 3; ++i) {
    auto more = reader.Next(&back);
    ASSERT_TRUE(more.ok() && *more) << more.status();
    EXPECT_EQ(back, row);
    EXPECT_TRUE(back[8].is_json());
    EXPECT_EQ(back[1].collation_id(), 46);  // sorts and groups as it did in memory
    EXPECT_EQ(back[1].derivation(), CollationDerivation::kImplicit);
  }
  auto end = reader.Next(&back);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
  file->reset();
  EXPECT_EQ(memory.disk_charged(), 0u);
}

TEST_F(SpillTest, CorruptBytesAreDataLossNotACrash) {
  std::string bytes;
  EncodeSpillRow({Value::String("abc"), Value::Int(1)}, &bytes);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    std::string_view in(bytes.data(), cut);
    std::vector<Value> row;
    EXPECT_EQ(DecodeSpillRow(&in, &row).code(), absl::StatusCode::kDataLoss) << cut;
  }
}

TEST_F(SpillTest, WritesPastTheDiskBoundFailWithTableFull) {
  pool_.SetSpill(dir_ + "/tmp", /*per_statement_disk_bytes=*/100 << 10);
  QueryMemory memory(pool_);
  auto file = SpillFile::Create(memory);
  ASSERT_TRUE(file.ok());
  absl::Status status;
  for (int i = 0; i < 1000 && status.ok(); ++i) {
    status = (*file)->Append({Value::String(std::string(1000, 'x'))});
  }
  if (status.ok()) status = (*file)->Flush();
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kRecordFileFull) << status;
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
}

TEST_F(SpillTest, PrepareEmptiesWhatACrashLeft) {
  { std::ofstream(dir_ + "/tmp/spill-left") << "x"; }
  ASSERT_FALSE(SpillDirectoryIsEmpty());
  ASSERT_TRUE(PrepareSpillDirectory(dir_ + "/tmp").ok());
  EXPECT_TRUE(SpillDirectoryIsEmpty());
}

TEST_F(SpillTest, SpilledSortEqualsStableSortInMemory) {
  std::vector<SortRow> expected = Rows(20000, 500);
  std::vector<SortRow> input = expected;
  std::stable_sort(expected.begin(), expected.end(), KeyLess);
  size_t runs = 0;
  std::vector<SortRow> sorted = Sort(input, {}, &runs);
  EXPECT_GT(runs, ExternalSorter::kMaxFanIn);  // several merge passes
  ASSERT_EQ(sorted.size(), expected.size());
  for (size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i].values, expected[i].values) << i;
  EXPECT_TRUE(SpillDirectoryIsEmpty());
}

TEST_F(SpillTest, TopNKeepsTheFirstRowsOfTheOrder) {
  std::vector<SortRow> expected = Rows(20000, 500);
  std::vector<SortRow> input = expected;
  std::stable_sort(expected.begin(), expected.end(), KeyLess);
  for (size_t keep : {size_t{10}, size_t{5000}}) {
    ExternalSorter::Options options;
    options.keep = keep;
    size_t runs = 0;
    std::vector<SortRow> sorted = Sort(input, options, &runs);
    EXPECT_EQ(runs > 0, keep == 5000) << keep;  // 10 rows fit; 5000 do not
    ASSERT_EQ(sorted.size(), keep);
    for (size_t i = 0; i < keep; ++i) ASSERT_EQ(sorted[i].values, expected[i].values) << i;
  }
}

TEST_F(SpillTest, DistinctDropsRepeatedRowsAcrossRuns) {
  std::vector<SortRow> input;
  for (int i = 0; i < 20000; ++i) {
    input.push_back(SortRow{{Value::Int(i % 3000)}, {Value::Int(i % 3000)}});
  }
  ExternalSorter::Options options;
  options.distinct = true;
  size_t runs = 0;
  std::vector<SortRow> sorted = Sort(input, options, &runs);
  EXPECT_GT(runs, 0u);
  ASSERT_EQ(sorted.size(), 3000u);
  for (int i = 0; i < 3000; ++i) EXPECT_EQ(sorted[i].values[0], Value::Int(i));
}

TEST_F(SpillTest, WithoutSpillingAFullBufferIsTheChargeError) {
  QueryMemory memory(pool_);
  ExternalSorter::Options options;
  options.spill = false;
  ExternalSorter sorter(&memory, KeyLess, options);
  absl::Status status;
  for (SortRow& row : Rows(2000, 10)) {
    status = sorter.Add(std::move(row));
    if (!status.ok()) break;
  }
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kOutOfSortMemory) << status;
}

}  // namespace
}  // namespace ordinal::engine::exec
