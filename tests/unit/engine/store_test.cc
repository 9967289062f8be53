#include "engine/kv/store.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/scoped_temp_dir.h"

namespace ordinal::engine::kv {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    store_.reset();
    StoreOptions options;
    options.data_dir = dir_.Sub("db");
    options.block_cache_bytes = 8 << 20;
    options.on_commit = [this] { announced_.fetch_add(1); };
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

  // The committed value of `key`, "<absent>" when there is none.
  std::string Read(const std::string& key) { return ReadIn(*store_->BeginTransaction(), key); }

  static std::string ReadIn(Transaction& txn, const std::string& key) {
    absl::StatusOr<std::optional<std::string>> value = txn.Get(key);
    if (!value.ok()) return value.status().ToString();
    return value->value_or("<absent>");
  }

  // Keys of [lower, upper) in forward order.
  static std::vector<std::string> Scan(Transaction& txn, const std::string& lower,
                                       const std::string& upper) {
    std::vector<std::string> keys;
    std::unique_ptr<Iterator> it = txn.NewIterator(lower, upper);
    for (it->SeekToFirst(); it->Valid(); it->Next()) keys.emplace_back(it->key());
    EXPECT_TRUE(it->status().ok());
    return keys;
  }

  // Bytes in the store's write-ahead log files.
  uintmax_t LogBytes() const {
    uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.Sub("db"))) {
      if (entry.path().extension() == ".log") bytes += entry.file_size();
    }
    return bytes;
  }

  ordinal::testing::ScopedTempDir dir_;
  std::atomic<int> announced_{0};  // on_commit calls
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, CommittedWriteIsReadBack) {
  Write("a", "1");
  EXPECT_EQ(Read("a"), "1");
  EXPECT_EQ(Read("b"), "<absent>");
}

TEST_F(StoreTest, OwnWritesAreVisibleBeforeCommit) {
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Put("a", "1").ok());
  EXPECT_EQ(ReadIn(*txn, "a"), "1");
  EXPECT_EQ(Read("a"), "<absent>");
}

TEST_F(StoreTest, TransactionReadsItsSnapshot) {
  Write("a", "old");
  std::unique_ptr<Transaction> reader = store_->BeginTransaction();
  Write("a", "new");
  Write("b", "new");
  EXPECT_EQ(ReadIn(*reader, "a"), "old");
  EXPECT_EQ(ReadIn(*reader, "b"), "<absent>");
  EXPECT_EQ(Scan(*reader, "", ""), std::vector<std::string>{"a"});
}

TEST_F(StoreTest, OwnDeleteAndUndoneWritesAreSeenByReads) {
  Write("a", "old");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  Write("a", "later");
  txn->SetSavePoint();
  ASSERT_TRUE(txn->Delete("a").ok());
  EXPECT_EQ(ReadIn(*txn, "a"), "<absent>");
  ASSERT_TRUE(txn->RollbackToSavePoint().ok());
  EXPECT_EQ(txn->WriteCount(), 0u);
  EXPECT_EQ(ReadIn(*txn, "a"), "old");  // the snapshot again, not the later commit
}

TEST_F(StoreTest, PointReadsFindMemtableAndFlushedKeys) {
  for (int i = 0; i < 200; ++i) Write(absl::StrCat("flushed", i), "f");
  ASSERT_TRUE(store_->Flush().ok());
  for (int i = 0; i < 200; ++i) Write(absl::StrCat("fresh", i), "m");
  EXPECT_EQ(Read("flushed7"), "f");
  EXPECT_EQ(Read("fresh7"), "m");
  EXPECT_EQ(Read("fresh200"), "<absent>");
  EXPECT_EQ(Read("flushed200"), "<absent>");
}

TEST_F(StoreTest, GetForUpdateOfAKeyChangedSinceSnapshotAbortsCommit) {
  Write("counter", "1");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->GetForUpdate("counter").ok());
  Write("counter", "2");
  ASSERT_TRUE(txn->Put("other", "x").ok());
  absl::StatusOr<uint64_t> commit = txn->Commit();
  EXPECT_EQ(commit.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(GetMysqlErrno(commit.status()), MysqlErrno::kLockDeadlock);
  EXPECT_EQ(Read("other"), "<absent>");
}

TEST_F(StoreTest, WriteWriteConflictAbortsTheLaterCommit) {
  std::unique_ptr<Transaction> first = store_->BeginTransaction();
  std::unique_ptr<Transaction> second = store_->BeginTransaction();
  ASSERT_TRUE(first->Put("k", "first").ok());
  ASSERT_TRUE(second->Put("k", "second").ok());
  EXPECT_TRUE(first->Commit().ok());
  EXPECT_EQ(second->Commit().status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Read("k"), "first");
}

TEST_F(StoreTest, DisjointWritesBothCommit) {
  std::unique_ptr<Transaction> first = store_->BeginTransaction();
  std::unique_ptr<Transaction> second = store_->BeginTransaction();
  ASSERT_TRUE(first->Put("a", "1").ok());
  ASSERT_TRUE(second->Put("b", "2").ok());
  EXPECT_TRUE(first->Commit().ok());
  EXPECT_TRUE(second->Commit().ok());
}

TEST_F(StoreTest, CommitPositionCoversTheWrite) {
  uint64_t before = store_->LatestSequence();
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Put("a", "1").ok());
  ASSERT_TRUE(txn->Put("b", "2").ok());
  absl::StatusOr<uint64_t> position = txn->Commit();
  ASSERT_TRUE(position.ok());
  EXPECT_GE(*position, before + 2);
  EXPECT_LE(*position, store_->LatestSequence());
}

TEST_F(StoreTest, EveryWriteOnItsOwnIsAnnounced) {
  const int before = announced_.load();
  Write("a", "1");
  Write("a", "2");
  ASSERT_TRUE(store_->DeleteRange("a", "b").ok());
  EXPECT_EQ(announced_.load(), before + 3);
}

TEST_F(StoreTest, ConcurrentCommitsAreAnnouncedAtLeastOnceAndAtMostOnceEach) {
  const int before = announced_.load();
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([this, w] {
      for (int i = 0; i < 20; ++i) Write(absl::StrCat("k", w, "-", i), "v");
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_GE(announced_.load(), before + 1);
  EXPECT_LE(announced_.load(), before + 160);
}

TEST_F(StoreTest, CommitWithoutWritesHasPositionZero) {
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Get("a").ok());
  absl::StatusOr<uint64_t> position = txn->Commit();
  ASSERT_TRUE(position.ok());
  EXPECT_EQ(*position, 0u);
}

TEST_F(StoreTest, CommitOfAReadOnlyTransactionWritesNothingToTheLog) {
  Write("a", "1");
  const uintmax_t before = LogBytes();
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Get("a").ok());
  ASSERT_EQ(Scan(*txn, "a", "b").size(), 1u);
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(LogBytes(), before);
}

TEST_F(StoreTest, GetForUpdateWithoutWritesIsStillValidatedAtCommit) {
  Write("counter", "1");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->GetForUpdate("counter").ok());
  Write("counter", "2");
  EXPECT_EQ(txn->Commit().status().code(), absl::StatusCode::kAborted);
}

TEST_F(StoreTest, RollbackDiscardsWrites) {
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Put("a", "1").ok());
  txn->Rollback();
  EXPECT_EQ(Read("a"), "<absent>");
}

TEST_F(StoreTest, DestroyingAnUncommittedTransactionDiscardsWrites) {
  {
    std::unique_ptr<Transaction> txn = store_->BeginTransaction();
    ASSERT_TRUE(txn->Put("a", "1").ok());
  }
  EXPECT_EQ(Read("a"), "<absent>");
}

TEST_F(StoreTest, RollbackToSavePointUndoesOnlyLaterWrites) {
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Put("kept", "1").ok());
  txn->SetSavePoint();
  ASSERT_TRUE(txn->Put("undone", "2").ok());
  ASSERT_TRUE(txn->Delete("kept").ok());
  ASSERT_TRUE(txn->RollbackToSavePoint().ok());
  EXPECT_EQ(txn->WriteCount(), 1u);
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(Read("kept"), "1");
  EXPECT_EQ(Read("undone"), "<absent>");
}

TEST_F(StoreTest, PopSavePointKeepsWrites) {
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  txn->SetSavePoint();
  ASSERT_TRUE(txn->Put("a", "1").ok());
  ASSERT_TRUE(txn->PopSavePoint().ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(Read("a"), "1");
}

TEST_F(StoreTest, RollbackToSavePointWithoutOneFails) {
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  EXPECT_FALSE(txn->RollbackToSavePoint().ok());
}

TEST_F(StoreTest, IteratorStaysWithinBounds) {
  for (const char* key : {"a", "b1", "b2", "b3", "c"}) Write(key, "v");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  EXPECT_EQ(Scan(*txn, "b", "c"), (std::vector<std::string>{"b1", "b2", "b3"}));
  EXPECT_EQ(Scan(*txn, "b2", ""), (std::vector<std::string>{"b2", "b3", "c"}));
}

TEST_F(StoreTest, IteratorMergesOwnWritesWithinBounds) {
  Write("b1", "v");
  Write("b3", "v");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Put("b2", "v").ok());
  ASSERT_TRUE(txn->Put("c", "v").ok());
  ASSERT_TRUE(txn->Put("a", "v").ok());
  ASSERT_TRUE(txn->Delete("b3").ok());
  EXPECT_EQ(Scan(*txn, "b", "c"), (std::vector<std::string>{"b1", "b2"}));
}

TEST_F(StoreTest, SeekBelowLowerBoundStartsAtLowerBound) {
  for (const char* key : {"a", "b1", "b2"}) Write(key, "v");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  std::unique_ptr<Iterator> it = txn->NewIterator("b", "c");
  it->Seek("a");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b1");
}

TEST_F(StoreTest, SeekToLastFindsTheLastKeyBelowUpper) {
  for (const char* key : {"a", "b1", "b2", "c", "d"}) Write(key, "v");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  std::unique_ptr<Iterator> it = txn->NewIterator("b", "c");
  it->SeekToLast();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b2");
  it->Prev();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b1");
  it->Prev();
  EXPECT_FALSE(it->Valid());
}

TEST_F(StoreTest, ReopenKeepsCommittedData) {
  Write("a", "1");
  Open();
  EXPECT_EQ(Read("a"), "1");
}

TEST_F(StoreTest, PositionsGrowAcrossReopen) {
  Write("a", "1");
  uint64_t before = store_->LatestSequence();
  Open();
  EXPECT_GE(store_->LatestSequence(), before);
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Put("b", "2").ok());
  absl::StatusOr<uint64_t> position = txn->Commit();
  ASSERT_TRUE(position.ok());
  EXPECT_GT(*position, before);
}

TEST_F(StoreTest, DeleteRangeRemovesOnlyTheRange) {
  for (const char* key : {"a", "b1", "b2", "c"}) Write(key, "v");
  ASSERT_TRUE(store_->DeleteRange("b", "c").ok());
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  EXPECT_EQ(Scan(*txn, "", ""), (std::vector<std::string>{"a", "c"}));
}

TEST_F(StoreTest, DeleteRangeRejectsAnEmptyRange) {
  EXPECT_EQ(store_->DeleteRange("b", "a").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->DeleteRange("b", "").code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, SecondOpenOfTheSameDirectoryFails) {
  StoreOptions options;
  options.data_dir = dir_.Sub("db");
  EXPECT_FALSE(Store::Open(options).ok());
}

TEST_F(StoreTest, IntPropertyIsReported) {
  Write("a", "1");
  EXPECT_TRUE(store_->GetIntProperty("rocksdb.estimate-num-keys").has_value());
  EXPECT_FALSE(store_->GetIntProperty("rocksdb.no-such-property").has_value());
}

// Read views (Store::BeginRead): a view reads the latest committed state as a transaction's
// snapshot would, keeps it while later commits land, and cannot write.

TEST_F(StoreTest, ViewReadsEveryEarlierCommit) {
  Write("a", "1");
  std::unique_ptr<Transaction> view = store_->BeginRead();
  EXPECT_EQ(ReadIn(*view, "a"), "1");
  EXPECT_EQ(ReadIn(*view, "b"), "<absent>");
}

TEST_F(StoreTest, ViewBegunAfterACommitSeesItThoughAnEarlierViewIsOpen) {
  Write("a", "1");
  std::unique_ptr<Transaction> earlier = store_->BeginRead();
  Write("a", "2");
  Write("b", "1");
  std::unique_ptr<Transaction> later = store_->BeginRead();
  EXPECT_EQ(ReadIn(*later, "a"), "2");
  EXPECT_EQ(ReadIn(*later, "b"), "1");
  EXPECT_EQ(ReadIn(*earlier, "a"), "1");
}

TEST_F(StoreTest, ViewKeepsItsSnapshotWhileLaterCommitsLand) {
  Write("a", "1");
  Write("c", "1");
  std::unique_ptr<Transaction> view = store_->BeginRead();
  Write("a", "2");
  Write("b", "2");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Delete("c").ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(ReadIn(*view, "a"), "1");
  EXPECT_EQ(ReadIn(*view, "b"), "<absent>");
  EXPECT_EQ(Scan(*view, "a", "z"), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(ReadIn(*view, "c"), "1");
  std::unique_ptr<Transaction> now = store_->BeginRead();
  EXPECT_EQ(Scan(*now, "a", "z"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ReadIn(*now, "a"), "2");
}

TEST_F(StoreTest, ViewsBetweenTheSameCommitsReadTheSameState) {
  Write("a", "1");
  std::unique_ptr<Transaction> first = store_->BeginRead();
  first.reset();  // the snapshot it shared stays usable for the next view
  std::unique_ptr<Transaction> second = store_->BeginRead();
  std::unique_ptr<Transaction> third = store_->BeginRead();
  EXPECT_EQ(ReadIn(*second, "a"), "1");
  EXPECT_EQ(ReadIn(*third, "a"), "1");
}

TEST_F(StoreTest, ViewSeesDeleteRangeOnlyWhenBegunAfterIt) {
  Write("t1", "x");
  Write("t2", "y");
  std::unique_ptr<Transaction> before = store_->BeginRead();
  ASSERT_TRUE(store_->DeleteRange("t", "u").ok());
  std::unique_ptr<Transaction> after = store_->BeginRead();
  EXPECT_EQ(Scan(*before, "t", "u"), (std::vector<std::string>{"t1", "t2"}));
  EXPECT_TRUE(Scan(*after, "t", "u").empty());
}

TEST_F(StoreTest, ViewIteratesItsRangeOnly) {
  for (const char* key : {"a", "b", "c", "d"}) Write(key, "v");
  std::unique_ptr<Transaction> view = store_->BeginRead();
  EXPECT_EQ(Scan(*view, "b", "d"), (std::vector<std::string>{"b", "c"}));
  std::unique_ptr<Iterator> it = view->NewIterator("b", "d");
  it->SeekToLast();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "c");
}

TEST_F(StoreTest, ViewCannotWriteAndCommitsNothing) {
  Write("a", "1");
  const uint64_t latest = store_->LatestSequence();
  std::unique_ptr<Transaction> view = store_->BeginRead();
  EXPECT_EQ(view->Put("a", "2").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(view->Delete("a").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(view->DeleteUntracked("a").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadIn(*view, "a"), "1");
  EXPECT_EQ(view->WriteCount(), 0u);
  absl::StatusOr<uint64_t> position = view->Commit();
  ASSERT_TRUE(position.ok()) << position.status();
  EXPECT_EQ(*position, 0u);
  EXPECT_EQ(store_->LatestSequence(), latest);
}

TEST_F(StoreTest, LockingReadOfAViewReadsItsSnapshot) {
  Write("a", "1");
  std::unique_ptr<Transaction> view = store_->BeginRead();
  Write("a", "2");
  absl::StatusOr<std::optional<std::string>> value = view->GetForUpdate("a");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(value->value_or("<absent>"), "1");
}

// Statement snapshots (Transaction::AdvanceSnapshot): reads move to the latest commit and
// back; the first snapshot stays held, so a flush cannot drop the versions it reads.
TEST_F(StoreTest, AdvancedSnapshotReadsTheLatestCommitAndTheFirstStaysReadable) {
  Write("a", "old");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  Write("a", "new");
  Write("b", "new");
  txn->AdvanceSnapshot();
  EXPECT_EQ(ReadIn(*txn, "a"), "new");
  EXPECT_EQ(Scan(*txn, "", ""), (std::vector<std::string>{"a", "b"}));
  Write("a", "newer");
  ASSERT_TRUE(store_->Flush().ok());
  EXPECT_EQ(ReadIn(*txn, "a"), "new");
  txn->ReadFirstSnapshot();
  EXPECT_EQ(ReadIn(*txn, "a"), "old");
  EXPECT_EQ(Scan(*txn, "", ""), std::vector<std::string>{"a"});
}

TEST_F(StoreTest, KeyTrackedAfterAdvanceIsValidatedFromTheAdvancedSnapshot) {
  Write("k", "1");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  Write("k", "2");
  txn->AdvanceSnapshot();
  EXPECT_EQ(ReadIn(*txn, "k"), "2");
  ASSERT_TRUE(txn->GetForUpdate("k").ok());
  ASSERT_TRUE(txn->Put("k", "3").ok());
  txn->ReadFirstSnapshot();
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(Read("k"), "3");
}

TEST_F(StoreTest, KeyChangedAfterTheAdvancedSnapshotAbortsCommit) {
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  txn->AdvanceSnapshot();
  ASSERT_TRUE(txn->Put("k", "mine").ok());
  Write("k", "theirs");
  EXPECT_EQ(txn->Commit().status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Read("k"), "theirs");
}

TEST_F(StoreTest, KeyTrackedBeforeAnAdvanceKeepsItsEarlierCheck) {
  Write("k", "1");
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  ASSERT_TRUE(txn->Put("k", "mine").ok());
  Write("k", "theirs");
  txn->AdvanceSnapshot();
  ASSERT_TRUE(txn->Put("k", "mine again").ok());
  EXPECT_EQ(txn->Commit().status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Read("k"), "theirs");
}

TEST_F(StoreTest, RollbackToSavePointUndoesAnAdvancedStatementsTracking) {
  std::unique_ptr<Transaction> txn = store_->BeginTransaction();
  txn->SetSavePoint();
  txn->AdvanceSnapshot();
  ASSERT_TRUE(txn->GetForUpdate("k").ok());
  ASSERT_TRUE(txn->RollbackToSavePoint().ok());
  EXPECT_EQ(ReadIn(*txn, "k"), "<absent>");
  txn->ReadFirstSnapshot();
  Write("k", "theirs");
  ASSERT_TRUE(txn->Put("other", "x").ok());
  EXPECT_TRUE(txn->Commit().ok());
}

}  // namespace
}  // namespace ordinal::engine::kv
