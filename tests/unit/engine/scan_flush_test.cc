// Flushes asked for by range reads: the policy's decisions (kv/scan_flush_policy.h), and a
// store whose scans step over many versions of hot rows (kv/scan_flush_trigger.h).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/kv/scan_flush_policy.h"
#include "engine/kv/store.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/scoped_temp_dir.h"

namespace ordinal::engine::kv {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'000'000);

TEST(ScanFlushPolicyTest, RowsSteppingOverVersionsMakeAFlushDue) {
  ScanFlushPolicy policy(ScanFlushOptions{});
  EXPECT_TRUE(policy.Add(1024, 4 * 1024, kStart));
}

TEST(ScanFlushPolicyTest, RowsStoredOnceMakeNoFlushDue) {
  ScanFlushPolicy policy(ScanFlushOptions{});
  EXPECT_FALSE(policy.Add(1024, 1024, kStart));
  EXPECT_FALSE(policy.Add(1024, 0, kStart));
}

TEST(ScanFlushPolicyTest, DecidesOnlyOnceTheWindowIsFull) {
  ScanFlushPolicy policy(ScanFlushOptions{});
  EXPECT_FALSE(policy.Add(1000, 10 * 1000, kStart));
  EXPECT_TRUE(policy.Add(24, 24, kStart));
}

TEST(ScanFlushPolicyTest, EachWindowIsJudgedAlone) {
  ScanFlushPolicy policy(ScanFlushOptions{});
  EXPECT_FALSE(policy.Add(1024, 1024, kStart));
  EXPECT_TRUE(policy.Add(1024, 3 * 1024, kStart));
}

TEST(ScanFlushPolicyTest, NoSecondFlushIsDueWithinTheInterval) {
  ScanFlushPolicy policy(ScanFlushOptions{});
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart));
  EXPECT_FALSE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(1)));
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(2)));
}

TEST(ScanFlushPolicyTest, FlushesThatDoNotHelpComeLessOften) {
  ScanFlushPolicy policy(ScanFlushOptions{});
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart));
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(2)));  // no calm window since
  EXPECT_FALSE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(5)));
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(6)));
  EXPECT_FALSE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(13)));
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(14)));
}

TEST(ScanFlushPolicyTest, ACalmWindowBringsTheShortIntervalBack) {
  ScanFlushPolicy policy(ScanFlushOptions{});
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart));
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(2)));
  EXPECT_FALSE(policy.Add(1024, 1024, kStart + absl::Seconds(3)));  // the flush helped
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(6)));
  EXPECT_FALSE(policy.Add(1024, 1024, kStart + absl::Seconds(7)));
  EXPECT_TRUE(policy.Add(1024, 8 * 1024, kStart + absl::Seconds(8)));
}

TEST(ScanFlushPolicyTest, TheIntervalStopsGrowingAtItsLongest) {
  ScanFlushPolicy policy(ScanFlushOptions{});
  absl::Time now = kStart;
  for (int due = 0; due < 10; ++due) {
    ASSERT_TRUE(policy.Add(1024, 8 * 1024, now));
    now += absl::Minutes(1);
  }
}

TEST(ScanFlushPolicyTest, SmallFilesOfLevelZeroOverALargerLevelBelowAreMerged) {
  const ScanFlushOptions options;
  EXPECT_TRUE(ShouldMergeLevel0(2, 1 << 20, 8 << 20, options));
  EXPECT_TRUE(ShouldMergeLevel0(3, 1 << 20, 100 << 20, options));
}

TEST(ScanFlushPolicyTest, OneFileOrALevelZeroAsLargeAsALevelBelowIsNotMerged) {
  const ScanFlushOptions options;
  EXPECT_FALSE(ShouldMergeLevel0(1, 1 << 20, 100 << 20, options));
  EXPECT_FALSE(ShouldMergeLevel0(2, 2 << 20, 8 << 20, options));
  EXPECT_FALSE(ShouldMergeLevel0(4, 1 << 20, 0, options));  // nothing below yet: a bulk load
  ScanFlushOptions never;
  never.level0_merge_ratio = 0;
  EXPECT_FALSE(ShouldMergeLevel0(4, 1 << 20, 100 << 20, never));
}

TEST(ScanFlushPolicyTest, ALevelZeroPastTheLargestMergeIsNotMerged) {
  const ScanFlushOptions options;
  EXPECT_TRUE(ShouldMergeLevel0(2, 8ull << 20, 1ull << 30, options));
  EXPECT_FALSE(ShouldMergeLevel0(2, (8ull << 20) + 1, 1ull << 30, options));
}

class ScanFlushStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.data_dir = dir_.Sub("db");
    options.sync_commit = false;
    options.block_cache_bytes = 8 << 20;
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  static std::string Key(int i) { return absl::StrCat("row", 1000 + i); }

  // Writes every one of `rows` keys with `value`, in one transaction.
  void WriteAll(int rows, const std::string& value) {
    std::unique_ptr<Transaction> txn = store_->BeginTransaction();
    for (int i = 0; i < rows; ++i) ASSERT_TRUE(txn->Put(Key(i), value).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }

  // The values of every key, in key order, as `txn` reads them with an iterator.
  static std::vector<std::string> ScanValues(Transaction& txn) {
    std::vector<std::string> values;
    std::unique_ptr<Iterator> it = txn.NewIterator("row", "rox");
    for (it->SeekToFirst(); it->Valid(); it->Next()) values.emplace_back(it->value());
    EXPECT_TRUE(it->status().ok());
    return values;
  }

  uint64_t ActiveMemtableEntries() const {
    return store_->GetIntProperty("rocksdb.num-entries-active-mem-table").value_or(0);
  }

  // Scans every key in new transactions until the active memtable is empty (flushed),
  // for at most 30 s. Whether it was.
  bool ScanUntilFlushed() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      ScanValues(*store_->BeginTransaction());
      if (ActiveMemtableEntries() == 0) return true;
    }
    return false;
  }

  // Table files of the store (every level).
  int TableFiles() const {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.Sub("db"))) {
      if (entry.path().extension() == ".sst") ++files;
    }
    return files;
  }
  // Waits (at most 30 s) until the store holds `files` table files. Whether it did.
  bool AwaitTableFiles(int files) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (TableFiles() != files) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }
  // Rows no scan of "row".."rox" visits, written and flushed into 4 table files whose keys
  // interleave, which RocksDB compacts into one file of a lower level.
  void WriteColdRowsBelowLevelZero() {
    uint64_t noise = 1;  // values that do not compress
    for (int file = 0; file < 4; ++file) {
      std::unique_ptr<Transaction> txn = store_->BeginTransaction();
      for (int i = 0; i < 2000; ++i) {
        std::string value(100, ' ');
        for (char& c : value) {
          noise = noise * 6364136223846793005ull + 1442695040888963407ull;
          c = static_cast<char>('!' + (noise >> 58));
        }
        ASSERT_TRUE(txn->Put(absl::StrCat("cold", i, "-", file), value).ok());
      }
      ASSERT_TRUE(txn->Commit().ok());
      ASSERT_TRUE(store_->Flush().ok());
    }
    ASSERT_TRUE(AwaitTableFiles(1));
  }
  // 20 versions of 300 hot rows, the last one `last`, then scans until the trigger flushes
  // them, then scans over the flushed rows (a calm window: the next flush is due after the
  // shortest interval again).
  void WriteHotRowsAndScanUntilFlushed(const std::string& last) {
    for (int version = 0; version < 19; ++version) WriteAll(300, absl::StrCat("w", version));
    WriteAll(300, last);
    ASSERT_TRUE(ScanUntilFlushed());
    for (int scan = 0; scan < 4; ++scan) ScanValues(*store_->BeginTransaction());
  }

  ordinal::testing::ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ScanFlushStoreTest, FlushesForScansLeaveOneTableFileInLevelZero) {
  WriteColdRowsBelowLevelZero();
  for (int round = 0; round < 3; ++round) WriteHotRowsAndScanUntilFlushed(absl::StrCat("v", round));
  EXPECT_TRUE(AwaitTableFiles(2)) << TableFiles() << " table files";  // 4 without merges
  EXPECT_EQ(ScanValues(*store_->BeginTransaction()), std::vector<std::string>(300, "v2"));
}

TEST_F(ScanFlushStoreTest, ATransactionBegunBeforeTheMergesReadsItsSnapshot) {
  WriteColdRowsBelowLevelZero();
  WriteHotRowsAndScanUntilFlushed("v0");
  std::unique_ptr<Transaction> earlier = store_->BeginTransaction();
  for (int round = 1; round < 3; ++round) WriteHotRowsAndScanUntilFlushed(absl::StrCat("v", round));
  EXPECT_EQ(ScanValues(*earlier), std::vector<std::string>(300, "v0"));
  EXPECT_EQ(ScanValues(*store_->BeginTransaction()), std::vector<std::string>(300, "v2"));
}

TEST_F(ScanFlushStoreTest, ScansOverManyVersionsOfHotRowsFlushTheMemtable) {
  for (int version = 0; version < 20; ++version) WriteAll(300, absl::StrCat("v", version));
  ASSERT_TRUE(ScanUntilFlushed());
  EXPECT_EQ(ScanValues(*store_->BeginTransaction()),
            std::vector<std::string>(300, "v19"));
}

TEST_F(ScanFlushStoreTest, ATransactionBegunBeforeTheFlushReadsItsSnapshot) {
  for (int version = 0; version < 10; ++version) WriteAll(300, absl::StrCat("v", version));
  std::unique_ptr<Transaction> earlier = store_->BeginTransaction();
  for (int version = 10; version < 20; ++version) WriteAll(300, absl::StrCat("v", version));
  ASSERT_TRUE(ScanUntilFlushed());
  EXPECT_EQ(ScanValues(*earlier), std::vector<std::string>(300, "v9"));
}

TEST_F(ScanFlushStoreTest, ScansOverRowsWrittenOnceLeaveTheMemtable) {
  WriteAll(300, "v0");
  for (int scan = 0; scan < 200; ++scan) ScanValues(*store_->BeginTransaction());
  EXPECT_EQ(ActiveMemtableEntries(), 300u);
}

}  // namespace
}  // namespace ordinal::engine::kv
