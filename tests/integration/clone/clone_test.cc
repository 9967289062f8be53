// Clone acceptance (issue 4) with real ordinald processes: a replica with an empty volume
// copies its predecessor, waits while it cannot, survives kills on either side, never
// installs a corrupted copy, re-clones when its position was purged, and resumes on its
// own volume without cloning.
#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/integration/clone/clone_pods.h"

namespace ordinal::testing {
namespace {

constexpr char kTable[] = "clonedb.clone_data";
constexpr int kRowBytes = 4000;
constexpr int kRowsPerInsert = 50;

std::string RandomText(absl::BitGen& random, int bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text(bytes, ' ');
  for (char& c : text) c = kAlphabet[absl::Uniform(random, 0, 64)];
  return text;
}

class CloneTest : public ::testing::Test {
 protected:
  // Starts the primary and loads about `megabytes` of hard-to-compress rows.
  void StartPrimaryWithData(int megabytes, const std::vector<std::string>& flags = {}) {
    ASSERT_TRUE(pods_.Spawn(0, flags).ok());
    ASSERT_TRUE(pods_.WaitServing(0).ok()) << pods_.log(0);
    Sql(0, "CREATE DATABASE clonedb");
    Sql(0, absl::StrCat("CREATE TABLE ", kTable, " (id BIGINT PRIMARY KEY, v TEXT)"));
    const int rows = megabytes * (1 << 20) / kRowBytes;
    for (int id = 0; id < rows; id += kRowsPerInsert) Insert(id, kRowsPerInsert, kRowBytes);
  }

  void Insert(int64_t first_id, int rows, int bytes) {
    std::string sql = absl::StrCat("INSERT INTO ", kTable, " VALUES ");
    for (int i = 0; i < rows; ++i) {
      absl::StrAppend(&sql, i == 0 ? "" : ", ", "(", first_id + i, ", '",
                      RandomText(random_, bytes), "')");
    }
    Sql(0, sql);
  }

  void Sql(int ordinal, const std::string& sql) {
    absl::StatusOr<v1::ExecuteResponse> response = pods_.Sql(ordinal, sql);
    ASSERT_TRUE(response.ok()) << response.status() << " for " << sql.substr(0, 80);
  }

  // Writes small rows on the primary on a thread until StopLoad().
  void StartLoad() {
    load_ = std::thread([this] {
      int64_t id = 10'000'000;
      while (!stop_load_) {
        std::string sql = absl::StrCat("INSERT INTO ", kTable, " VALUES (", id++, ", 'x')");
        pods_.Sql(0, sql).IgnoreError();  // the convergence check below is what matters
      }
    });
  }
  void StopLoad() {
    stop_load_ = true;
    if (load_.joinable()) load_.join();
  }
  ~CloneTest() override { StopLoad(); }

  void ExpectConverged(const std::vector<int>& replicas) {
    absl::StatusOr<std::string> primary = pods_.Checksum(0, kTable);
    ASSERT_TRUE(primary.ok()) << primary.status();
    for (int ordinal : replicas) {
      ASSERT_TRUE(pods_.WaitCaughtUp(ordinal).ok()) << pods_.log(ordinal);
      absl::StatusOr<std::string> replica = pods_.Checksum(ordinal, kTable);
      ASSERT_TRUE(replica.ok()) << replica.status();
      EXPECT_EQ(*replica, *primary) << "ordinal " << ordinal;
    }
  }

  // Waits until the replica's log shows clone progress (bytes arriving), not a fixed time.
  void WaitMidTransfer(int ordinal) {
    ASSERT_TRUE(pods_.WaitLog(ordinal, "clone: from ").ok());
  }

  ClonePods pods_;
  absl::BitGen random_;
  std::thread load_;
  std::atomic<bool> stop_load_{false};
};

TEST_F(CloneTest, EmptyReplicasCloneInChainUnderLoadAndConverge) {
  StartPrimaryWithData(30);
  StartLoad();
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  ASSERT_TRUE(pods_.Spawn(2).ok());
  ASSERT_TRUE(pods_.WaitServing(2).ok());
  StopLoad();
  ExpectConverged({1, 2});
  EXPECT_TRUE(absl::StrContains(pods_.log(1), "serving a snapshot to ordinal 2")) << pods_.log(1);
  EXPECT_FALSE(absl::StrContains(pods_.log(0), "serving a snapshot to ordinal 2"));
}

TEST_F(CloneTest, ReplicaStartedBeforeItsPredecessorWaitsThenClones) {
  StartPrimaryWithData(2);
  ASSERT_TRUE(pods_.Spawn(2).ok());
  ASSERT_TRUE(pods_.WaitLog(2, "waiting for ordinal 1").ok());
  EXPECT_FALSE(pods_.Serving(2));
  absl::StatusOr<v1::ExecuteResponse> refused = pods_.Sql(2, "SELECT 1");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "cloning from ordinal 1"));
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitServing(2).ok());
  ExpectConverged({1, 2});
}

TEST_F(CloneTest, TargetKilledMidTransferCompletesAfterRestartWithoutOpeningTheCopy) {
  StartPrimaryWithData(20, {"--clone_rate_limit_mb=4"});
  ASSERT_TRUE(pods_.Spawn(1).ok());
  WaitMidTransfer(1);
  ASSERT_TRUE(pods_.Kill(1).ok());
  EXPECT_FALSE(std::filesystem::exists(pods_.data_dir(1) + "/CURRENT"))
      << "a half-copied directory is in place as a store";
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  ExpectConverged({1});
}

TEST_F(CloneTest, SourceKilledMidTransferIsRetriedOnceItIsBack) {
  StartPrimaryWithData(20, {"--clone_rate_limit_mb=4"});
  ASSERT_TRUE(pods_.Spawn(1).ok());
  WaitMidTransfer(1);
  ASSERT_TRUE(pods_.Kill(0).ok());
  ASSERT_TRUE(pods_.Spawn(0).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  ExpectConverged({1});
}

TEST_F(CloneTest, CorruptedChunkIsDetectedAndNeverInstalled) {
  StartPrimaryWithData(3, {"--testonly_corrupt_clone_chunk=2"});
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  EXPECT_TRUE(absl::StrContains(pods_.log(0), "TEST ONLY: corrupting chunk 2"));
  EXPECT_TRUE(absl::StrContains(pods_.log(1), "DATA_LOSS")) << pods_.log(1);
  ExpectConverged({1});
}

TEST_F(CloneTest, ReplicaRestartedOnItsVolumeResumesWithoutCloning) {
  StartPrimaryWithData(2);
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  ASSERT_TRUE(pods_.Stop(1).ok());
  Insert(900'000, 10, 100);
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitLog(1, "resuming without a clone").ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  ExpectConverged({1});
}

TEST_F(CloneTest, ReplicaRestartedOnAnEmptyVolumeClonesAgain) {
  StartPrimaryWithData(2);
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  ASSERT_TRUE(pods_.Stop(1).ok());
  std::filesystem::remove_all(pods_.data_dir(1));
  Insert(900'000, 10, 100);
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  EXPECT_EQ(absl::StrContains(pods_.log(0), "serving a snapshot to ordinal 1"), true);
  ExpectConverged({1});
}

TEST_F(CloneTest, ReplicaWhosePositionWasPurgedReclonesByItselfAndConverges) {
  StartPrimaryWithData(1, {"--log_retention_seconds=2", "--log_retention_bytes=0"});
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  ASSERT_TRUE(pods_.WaitCaughtUp(1).ok());
  absl::StatusOr<v1::GetStatusResponse> replica = pods_.Status(1);
  ASSERT_TRUE(replica.ok()) << replica.status();
  const uint64_t position = replica->replication().applied_position();
  ASSERT_TRUE(pods_.Stop(1).ok());
  // Large rows roll the primary's log; the old file ages out past the replica's position.
  int64_t id = 1'000'000;
  ASSERT_TRUE(pods_.WaitFor(
      [&] {
        Insert(id, 20, 20'000);
        id += 20;
        absl::StatusOr<v1::GetStatusResponse> primary = pods_.Status(0);
        return primary.ok() && primary->oldest_retained_position() > position;
      },
      absl::Seconds(150), "the primary to purge its log past the replica").ok());
  ASSERT_TRUE(pods_.Spawn(1).ok());
  ASSERT_TRUE(pods_.WaitLog(1, "re-clone installed", absl::Seconds(120)).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  ExpectConverged({1});
}

}  // namespace
}  // namespace ordinal::testing
