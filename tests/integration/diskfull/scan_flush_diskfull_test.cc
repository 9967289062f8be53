// A flush asked for by range reads (engine/kv/scan_flush_trigger.h) waits while the data
// volume is under the disk-full reserve, like any other write of the store, and happens
// once the space is back. Needs root for the small tmpfs volume; skipped otherwise.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/kv/store.h"
#include "tests/integration/diskfull/small_volume.h"

namespace ordinal::integration {
namespace {

constexpr int kRows = 300;
constexpr int kVersions = 20;

class ScanFlushDiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto volume = SmallVolume::Mount(24);
    if (!volume.ok()) GTEST_SKIP() << "no small volume: " << volume.status();
    volume_ = *std::move(volume);
    engine::kv::StoreOptions options;
    options.data_dir = volume_->path() + "/data";
    options.sync_commit = false;
    options.block_cache_bytes = 8 << 20;
    auto store = engine::kv::Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  void TearDown() override { store_.reset(); }

  // kVersions versions of every one of kRows keys, one transaction per version.
  void WriteHotRows() {
    for (int version = 0; version < kVersions; ++version) {
      std::unique_ptr<engine::kv::Transaction> txn = store_->BeginTransaction();
      for (int i = 0; i < kRows; ++i) {
        ASSERT_TRUE(txn->Put(absl::StrCat("row", 1000 + i), absl::StrCat("v", version)).ok());
      }
      ASSERT_TRUE(txn->Commit().ok());
    }
  }

  // Reads every key with an iterator of a new transaction.
  void Scan() {
    std::unique_ptr<engine::kv::Transaction> txn = store_->BeginTransaction();
    std::unique_ptr<engine::kv::Iterator> it = txn->NewIterator("row", "rox");
    int rows = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++rows;
    EXPECT_EQ(rows, kRows);
  }

  uint64_t ActiveMemtableEntries() const {
    return store_->GetIntProperty("rocksdb.num-entries-active-mem-table").value_or(0);
  }

  std::unique_ptr<SmallVolume> volume_;
  std::unique_ptr<engine::kv::Store> store_;
};

TEST_F(ScanFlushDiskFullTest, ScansOnAFullVolumeFlushOnlyOnceTheSpaceIsBack) {
  WriteHotRows();
  ASSERT_TRUE(volume_->Fill().ok());
  for (int scan = 0; scan < 200; ++scan) Scan();
  EXPECT_EQ(ActiveMemtableEntries(), static_cast<uint64_t>(kRows * kVersions));

  ASSERT_TRUE(volume_->Free().ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (ActiveMemtableEntries() != 0 && std::chrono::steady_clock::now() < deadline) Scan();
  EXPECT_EQ(ActiveMemtableEntries(), 0u);
}

}  // namespace
}  // namespace ordinal::integration
