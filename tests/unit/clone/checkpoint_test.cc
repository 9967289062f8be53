// Database::CreateCheckpoint and Database::PrepareClonedDirectory: exact positions for both
// roles, cluster ids that travel, and a prepared copy that opens as a replica.
#include <filesystem>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/unit/clone/clone_fixture.h"

namespace ordinal::replication {
namespace {

class CheckpointTest : public CloneFixture {
 protected:
  void SetUp() override {
    primary_ = OpenPrimary(dir_.Sub("primary"));
    ASSERT_NE(primary_, nullptr);
    Load(*primary_, 0, 500);
  }

  engine::CheckpointInfo Checkpoint(engine::Database& db, const std::string& name) {
    absl::StatusOr<engine::CheckpointInfo> info = db.CreateCheckpoint(dir_.Sub(name));
    EXPECT_TRUE(info.ok()) << info.status();
    return info.ok() ? *info : engine::CheckpointInfo{};
  }

  // A replica made from a checkpoint of the primary, at the primary's current position.
  std::unique_ptr<engine::Database> MakeReplica(const std::string& name) {
    engine::CheckpointInfo info = Checkpoint(*primary_, name);
    EXPECT_TRUE(engine::Database::PrepareClonedDirectory(dir_.Sub(name), info.position,
                                                         info.cluster_id)
                    .ok());
    return OpenReplica(dir_.Sub(name));
  }

  std::unique_ptr<engine::Database> primary_;
};

TEST_F(CheckpointTest, PrimaryCheckpointIsAtItsNewestPosition) {
  const uint64_t before = primary_->LatestPosition();
  engine::CheckpointInfo info = Checkpoint(*primary_, "copy");
  EXPECT_EQ(info.position, before);
  EXPECT_EQ(info.cluster_id, primary_->ClusterId());
  EXPECT_GT(info.total_bytes, 0u);
  EXPECT_NE(std::find(info.files.begin(), info.files.end(), "CURRENT"), info.files.end());
}

TEST_F(CheckpointTest, PreparedCopyOpensAsReplicaAtThePosition) {
  engine::CheckpointInfo info = Checkpoint(*primary_, "copy");
  Load(*primary_, 500, 100);  // after the checkpoint: not in the copy
  ASSERT_TRUE(engine::Database::PrepareClonedDirectory(dir_.Sub("copy"), info.position,
                                                       info.cluster_id)
                  .ok());
  std::unique_ptr<engine::Database> replica = OpenReplica(dir_.Sub("copy"));
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(replica->AppliedPosition(), info.position);
  EXPECT_EQ(replica->ClusterId(), primary_->ClusterId());
  EXPECT_EQ(Count(*replica), "500");
}

// DatabaseOptions::copied_position: the same preparation inside the open that uses the copy.
TEST_F(CheckpointTest, CopyPreparedAtOpenOpensAtThePosition) {
  engine::CheckpointInfo info = Checkpoint(*primary_, "copy");
  Load(*primary_, 500, 100);
  engine::DatabaseOptions options;
  options.data_dir = dir_.Sub("copy");
  options.role = engine::DatabaseRole::kReplica;
  options.copied_position = info.position;
  options.copied_cluster_id = info.cluster_id;
  {
    absl::StatusOr<std::unique_ptr<engine::Database>> opened = engine::Database::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ((*opened)->AppliedPosition(), info.position);
    EXPECT_EQ((*opened)->ClusterId(), primary_->ClusterId());
    EXPECT_EQ(Count(**opened), "500");
  }
  // Recorded durably: a plain open finds it; preparing again is a no-op.
  std::unique_ptr<engine::Database> replica = OpenReplica(dir_.Sub("copy"));
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(replica->AppliedPosition(), info.position);
  replica.reset();
  EXPECT_TRUE(engine::Database::Open(options).ok());
  // Another history or another position is refused, and an empty directory holds no copy.
  options.copied_cluster_id = "0123456789abcdef0123456789abcdef";
  EXPECT_EQ(engine::Database::Open(options).status().code(),
            absl::StatusCode::kFailedPrecondition);
  options.copied_cluster_id = info.cluster_id;
  options.copied_position = info.position + 7;
  EXPECT_EQ(engine::Database::Open(options).status().code(),
            absl::StatusCode::kFailedPrecondition);
  std::filesystem::create_directories(dir_.Sub("empty"));
  options.data_dir = dir_.Sub("empty");
  EXPECT_EQ(engine::Database::Open(options).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(Exists(dir_.Sub("empty/CURRENT")));
}

TEST_F(CheckpointTest, PrepareIsIdempotent) {
  engine::CheckpointInfo info = Checkpoint(*primary_, "copy");
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(engine::Database::PrepareClonedDirectory(dir_.Sub("copy"), info.position,
                                                         info.cluster_id)
                    .ok());
  }
  std::unique_ptr<engine::Database> replica = OpenReplica(dir_.Sub("copy"));
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(replica->AppliedPosition(), info.position);
}

TEST_F(CheckpointTest, PrepareRefusesAnotherHistory) {
  engine::CheckpointInfo info = Checkpoint(*primary_, "copy");
  absl::Status status = engine::Database::PrepareClonedDirectory(
      dir_.Sub("copy"), info.position, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
}

TEST_F(CheckpointTest, PrepareRefusesADirectoryWithoutAStore) {
  std::filesystem::create_directories(dir_.Sub("empty"));
  absl::Status status =
      engine::Database::PrepareClonedDirectory(dir_.Sub("empty"), 5, primary_->ClusterId());
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
  EXPECT_FALSE(Exists(dir_.Sub("empty/CURRENT")));
}

TEST_F(CheckpointTest, ReplicaCheckpointIsAtTheAppliedPosition) {
  std::unique_ptr<engine::Database> replica = MakeReplica("replica");
  ASSERT_NE(replica, nullptr);
  const uint64_t cloned_at = replica->AppliedPosition();
  // Move the replica forward by applying the primary's later batches.
  Load(*primary_, 500, 200);
  absl::StatusOr<std::unique_ptr<engine::LogCursor>> cursor = primary_->OpenLog(cloned_at);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  std::vector<engine::LogBatch> batches;
  while (true) {
    absl::StatusOr<std::optional<engine::LogBatch>> batch = (*cursor)->Next();
    ASSERT_TRUE(batch.ok()) << batch.status();
    if (!batch->has_value()) break;
    batches.push_back(**batch);
  }
  ASSERT_TRUE(replica->ApplyBatches(batches).ok());
  ASSERT_EQ(replica->AppliedPosition(), primary_->LatestPosition());

  engine::CheckpointInfo info = Checkpoint(*replica, "replica-copy");
  EXPECT_EQ(info.position, primary_->LatestPosition());
  EXPECT_EQ(info.cluster_id, primary_->ClusterId());
}

TEST_F(CheckpointTest, ReplicaWithoutHistoryHasNothingToCopy) {
  std::unique_ptr<engine::Database> empty = OpenReplica(dir_.Sub("empty-replica"));
  ASSERT_NE(empty, nullptr);
  absl::StatusOr<engine::CheckpointInfo> info = empty->CreateCheckpoint(dir_.Sub("copy"));
  EXPECT_EQ(info.status().code(), absl::StatusCode::kFailedPrecondition) << info.status();
}

}  // namespace
}  // namespace ordinal::replication
