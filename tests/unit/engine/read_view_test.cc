// kv::Store::BeginRead: a read view reads the latest committed state as a transaction's
// snapshot would, keeps it while later commits land, and cannot write.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/kv/store.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/scoped_temp_dir.h"

namespace ordinal::engine::kv {
namespace {

class ReadViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.data_dir = dir_.Sub("db");
    options.block_cache_bytes = 8 << 20;
    options.sync_commit = false;
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Writes key=value in its own transaction.
  void Write(const std::string& key, const std::string& value) {
    std::unique_ptr<Transaction> txn = store_->BeginTransaction();
    ASSERT_TRUE(txn->Put(key, value).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }

  // The value of `key` in `view`, "<absent>" when there is none.
  static std::string Read(Transaction& view, const std::string& key) {
    absl::StatusOr<std::optional<std::string>> value = view.Get(key);
    if (!value.ok()) return value.status().ToString();
    return value->value_or("<absent>");
  }

  // "key=value" of [lower, upper) in `view`, in key order.
  static std::vector<std::string> Scan(Transaction& view, const std::string& lower,
                                       const std::string& upper) {
    std::vector<std::string> entries;
    std::unique_ptr<Iterator> it = view.NewIterator(lower, upper);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      entries.push_back(std::string(it->key()) + "=" + std::string(it->value()));
    }
    EXPECT_TRUE(it->status().ok()) << it->status();
    return entries;
  }

  ordinal::testing::ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ReadViewTest, ViewReadsEveryEarlierCommit) {
  Write("a", "1");
  std::unique_ptr<Transaction> view = store_->BeginRead();
  EXPECT_EQ(Read(*view, "a"), "1");
  EXPECT_EQ(Read(*view, "b"), "<absent>");
}

TEST_F(ReadViewTest, ViewBegunAfterACommitSeesItThoughAnEarlierViewIsOpen) {
  Write("a", "1");
  std::unique_ptr<Transaction> earlier = store_->BeginRead();
  Write("a", "2");
  Write("b", "1");
  std::unique_ptr<Transaction> later = store_->BeginRead();
  EXPECT_EQ(Read(*later, "a"), "2");
  EXPECT_EQ(Read(*later, "b"), "1");
  EXPECT_EQ(Read(*earlier, "a"), "1");
}

TEST_F(ReadViewTest, ViewKeepsItsSnapshotWhileLaterCommitsLand) {
  Write("a", "1");
  Write("c", "1");
  std::unique_ptr<Transaction> view = store_->BeginRead();
  Write("a", "2");
  Write("b", "2");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Delete("c").ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(Read(*view, "a"), "1");
  EXPECT_EQ(Read(*view, "b"), "<absent>");
  EXPECT_EQ(Scan(*view, "a", "z"), (std::vector<std::string>{"a=1", "c=1"}));
  std::unique_ptr<Transaction> now = store_->BeginRead();
  EXPECT_EQ(Scan(*now, "a", "z"), (std::vector<std::string>{"a=2", "b=2"}));
}

TEST_F(ReadViewTest, ViewsBetweenTheSameCommitsReadTheSameState) {
  Write("a", "1");
  std::unique_ptr<Transaction> first = store_->BeginRead();
  first.reset();  // the snapshot it shared stays usable for the next view
  std::unique_ptr<Transaction> second = store_->BeginRead();
  std::unique_ptr<Transaction> third = store_->BeginRead();
  EXPECT_EQ(Read(*second, "a"), "1");
  EXPECT_EQ(Read(*third, "a"), "1");
}

TEST_F(ReadViewTest, ViewSeesDeleteRangeOnlyWhenBegunAfterIt) {
  Write("t1", "x");
  Write("t2", "y");
  std::unique_ptr<Transaction> before = store_->BeginRead();
  ASSERT_TRUE(store_->DeleteRange("t", "u").ok());
  std::unique_ptr<Transaction> after = store_->BeginRead();
  EXPECT_EQ(Scan(*before, "t", "u"), (std::vector<std::string>{"t1=x", "t2=y"}));
  EXPECT_TRUE(Scan(*after, "t", "u").empty());
}

TEST_F(ReadViewTest, ViewIteratesItsRangeOnly) {
  for (const char* key : {"a", "b", "c", "d"}) Write(key, "v");
  std::unique_ptr<Transaction> view = store_->BeginRead();
  EXPECT_EQ(Scan(*view, "b", "d"), (std::vector<std::string>{"b=v", "c=v"}));
  std::unique_ptr<Iterator> it = view->NewIterator("b", "d");
  it->SeekToLast();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "c");
}

TEST_F(ReadViewTest, ViewCannotWriteAndCommitsNothing) {
  Write("a", "1");
  const uint64_t latest = store_->LatestSequence();
  std::unique_ptr<Transaction> view = store_->BeginRead();
  EXPECT_EQ(view->Put("a", "2").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(view->Delete("a").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(view->DeleteUntracked("a").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Read(*view, "a"), "1");
  EXPECT_EQ(view->WriteCount(), 0u);
  absl::StatusOr<uint64_t> position = view->Commit();
  ASSERT_TRUE(position.ok()) << position.status();
  EXPECT_EQ(*position, 0u);
  EXPECT_EQ(store_->LatestSequence(), latest);
}

TEST_F(ReadViewTest, LockingReadOfAViewReadsItsSnapshot) {
  Write("a", "1");
  std::unique_ptr<Transaction> view = store_->BeginRead();
  Write("a", "2");
  absl::StatusOr<std::optional<std::string>> value = view->GetForUpdate("a");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(value->value_or("<absent>"), "1");
}

}  // namespace
}  // namespace ordinal::engine::kv
