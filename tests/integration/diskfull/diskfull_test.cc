// Disk full (docs/memory-and-disk.md), with real processes whose data directories live on
// small tmpfs volumes that the test fills and frees: on the primary, writes fail with
// MySQL's error 1021 (RESOURCE_EXHAUSTED, reason disk-full) while reads continue, and
// succeed again once space is freed; nothing acknowledged is lost and nothing failed
// appears, also after kill -9. On a replica, applying stops, the replica says why (state
// waiting-for-disk-space, last_error, a log line), reads continue, and it catches up once
// space is freed. Skipped, with the reason, when not root or when tmpfs cannot be mounted.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/sql_error.h"
#include "common/status_reason.h"
#include "tests/integration/diskfull/small_volume.h"
#include "tests/testing/cluster.h"
#include "tests/testing/sql_stub.h"

namespace ordinal::integration {
namespace {

using ordinal::testing::ClusterProcess;
using ordinal::testing::ClusterProcessOptions;
using ::testing::HasSubstr;

constexpr absl::Duration kWait = absl::Seconds(60);
constexpr int kVolumeMib = 24;
// Rows of 16 KiB: a few hundred cross any WAL preallocation left on a full volume.
constexpr int kRowBytes = 16 << 10;
constexpr int kMaxInsertsWhileFull = 2000;

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int ordinal = 0; ordinal < 2; ++ordinal) {
      auto volume = SmallVolume::Mount(kVolumeMib);
      if (!volume.ok()) GTEST_SKIP() << "no small volume: " << volume.status();
      volumes_[ordinal] = *std::move(volume);
    }
    ClusterProcessOptions options;
    options.pods = 2;
    options.primary_flags = {"--data_dir=" + volumes_[0]->path() + "/data"};
    options.replica_flags = {"--data_dir=" + volumes_[1]->path() + "/data"};
    auto cluster = ClusterProcess::Start(options);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    Sql(0, "CREATE DATABASE d");
    Sql(0, "CREATE TABLE d.t (id INT PRIMARY KEY, v LONGTEXT)");
    for (int id = 1; id <= 10; ++id) ASSERT_TRUE(Insert(id).ok());
    ASSERT_TRUE(cluster_->WaitConverged(kWait).ok());
  }

  void Sql(int ordinal, const std::string& sql) {
    auto response = cluster_->Execute(ordinal, sql);
    ASSERT_TRUE(response.ok()) << sql << " on " << ordinal << ": " << response.status();
  }

  absl::Status Insert(int id) {
    return cluster_
        ->Execute(0, absl::StrCat("INSERT INTO d.t VALUES (", id, ", REPEAT('", id % 10, "', ",
                                  kRowBytes, "))"))
        .status();
  }

  // Inserts ids from `next` on until one fails; returns that failure and advances `next`
  // past the acknowledged ones.
  absl::Status InsertUntilFailure(int& next) {
    for (int i = 0; i < kMaxInsertsWhileFull; ++i) {
      absl::Status status = Insert(next);
      if (!status.ok()) return status;
      ++next;
    }
    return absl::OkStatus();
  }

  // Retries the insert of `id` until it succeeds (space was freed) or kWait passes.
  absl::Status InsertOnceSpaceIsBack(int id) {
    const absl::Time give_up = absl::Now() + kWait;
    absl::Status status = Insert(id);
    while (!status.ok() && IsDiskFull(status) && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(200));
      status = Insert(id);
    }
    return status;
  }

  std::string Count(int ordinal) {
    auto response = cluster_->Execute(ordinal, "SELECT COUNT(*), MAX(id) FROM d.t");
    if (!response.ok()) return response.status().ToString();
    return absl::StrCat(ordinal::testing::FirstCell(*response), "/",
                        response->rows(0).values(1).int_value());
  }

  static bool IsDiskFull(const absl::Status& status) {
    return GetStatusReason(status) == StatusReason::kDiskFull;
  }

  void ExpectConvergedAndEqual() {
    ASSERT_TRUE(cluster_->WaitConverged(kWait).ok()) << cluster_->AllLogTails();
    auto primary = cluster_->Checksum(0, "d.t");
    auto replica = cluster_->Checksum(1, "d.t");
    ASSERT_TRUE(primary.ok() && replica.ok()) << primary.status() << replica.status();
    EXPECT_EQ(*primary, *replica);
  }

  std::unique_ptr<SmallVolume> volumes_[2];  // outlive the cluster (declared first)
  std::unique_ptr<ClusterProcess> cluster_;
};

TEST_F(DiskFullTest, FullPrimaryRefusesWritesWithError1021KeepsReadsAndResumes) {
  ASSERT_TRUE(volumes_[0]->Fill().ok());
  int next = 11;
  const absl::Status full = InsertUntilFailure(next);
  ASSERT_FALSE(full.ok()) << "inserts kept succeeding on a full volume";
  EXPECT_EQ(full.code(), absl::StatusCode::kResourceExhausted) << full;
  EXPECT_EQ(GetMysqlErrno(full), MysqlErrno::kDiskFull) << full;
  EXPECT_TRUE(IsDiskFull(full)) << full;
  EXPECT_THAT(FormatSqlError(full), HasSubstr("ERROR 1021 (HY000): Disk full"));
  // Still full: the next write fails the same way; reads answer with what was acknowledged.
  EXPECT_TRUE(IsDiskFull(Insert(next)));
  EXPECT_EQ(Count(0), absl::StrCat(next - 1, "/", next - 1));
  EXPECT_THAT(cluster_->LogTail(0), HasSubstr("the data volume is full"));

  ASSERT_TRUE(volumes_[0]->Free().ok());
  const absl::Status resumed = InsertOnceSpaceIsBack(next);
  ASSERT_TRUE(resumed.ok()) << resumed << cluster_->LogTail(0);
  EXPECT_EQ(Count(0), absl::StrCat(next, "/", next));
  ExpectConvergedAndEqual();

  // Nothing torn: after kill -9 the primary recovers exactly the acknowledged rows.
  auto before = cluster_->Checksum(0, "d.t");
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(cluster_->Kill(0).ok());
  ASSERT_TRUE(cluster_->Restart(0).ok()) << cluster_->LogTail(0);
  EXPECT_EQ(cluster_->Checksum(0, "d.t").value_or("error"), *before);
  EXPECT_EQ(Count(0), absl::StrCat(next, "/", next));
  ASSERT_TRUE(Insert(next + 1).ok());
  ExpectConvergedAndEqual();
}

TEST_F(DiskFullTest, FullReplicaStopsApplyingSaysWhyAndCatchesUp) {
  ASSERT_TRUE(volumes_[1]->Fill().ok());
  for (int id = 11; id <= 60; ++id) ASSERT_TRUE(Insert(id).ok());

  ASSERT_TRUE(cluster_->WaitReplicaState(1, "waiting-for-disk-space", kWait).ok())
      << cluster_->LogTail(1);
  auto status = cluster_->AdminStatus(1);
  ASSERT_TRUE(status.ok());
  EXPECT_THAT(status->replication().last_error(), HasSubstr("Disk full"));
  EXPECT_LT(status->replication().applied_position(), cluster_->Position(0).value_or(0));
  EXPECT_THAT(cluster_->LogTail(1), HasSubstr("the data volume is full"));
  // Reads on the replica continue (a prefix of the primary's rows).
  auto replica_rows = cluster_->Execute(1, "SELECT COUNT(*) FROM d.t");
  ASSERT_TRUE(replica_rows.ok()) << replica_rows.status();

  ASSERT_TRUE(volumes_[1]->Free().ok());
  ExpectConvergedAndEqual();
  EXPECT_TRUE(cluster_->WaitReplicaState(1, "streaming", kWait).ok()) << cluster_->LogTail(1);
  EXPECT_EQ(Count(1), "60/60");
}

}  // namespace
}  // namespace ordinal::integration
