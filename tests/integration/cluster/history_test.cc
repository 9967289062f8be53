// A replica only ever applies its own cluster's history (DESIGN.md invariant 5), and a
// replica whose position fell out of the primary's retained log notices, stops, stays
// readable and says it needs a clone (invariant 8).
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/integration/cluster/cluster_fixture.h"

namespace ordinal::integration {
namespace {

constexpr char kTable[] = "cluster.kv";
constexpr absl::Duration kStateTimeout = absl::Seconds(60);

class ClusterHistoryTest : public ClusterFixture {
 protected:
  ClusterProcessOptions Options() override { return {.pods = 2}; }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ClusterFixture::SetUp());
    Sql(0, "CREATE DATABASE cluster");
    Sql(0, absl::StrCat("CREATE TABLE ", kTable, " (id BIGINT PRIMARY KEY, v TEXT)"));
    Sql(0, absl::StrCat("INSERT INTO ", kTable, " VALUES (1, 'a'), (2, 'b')"));
    ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  }

  v1::ReplicationState ReplicationOf(int ordinal) {
    absl::StatusOr<v1::GetStatusResponse> status = cluster().AdminStatus(ordinal);
    EXPECT_TRUE(status.ok()) << status.status();
    return status.ok() ? status->replication() : v1::ReplicationState();
  }

  // The replica's SHOW REPLICA STATUS as "column=value" lines.
  std::string ShowReplicaStatus(int ordinal) {
    v1::ExecuteResponse response = Sql(ordinal, "SHOW REPLICA STATUS");
    std::string out;
    for (const v1::Row& row : response.rows()) {
      for (int i = 0; i < row.values_size() && i < response.columns_size(); ++i) {
        const v1::Value& v = row.values(i);
        absl::StrAppend(&out, response.columns(i).name(), "=",
                        v.has_int_value() ? absl::StrCat(v.int_value()) : v.string_value(), "\n");
      }
    }
    return out;
  }
};

TEST_F(ClusterHistoryTest, ReplicaPointedAtAnotherClustersPrimaryAppliesNothingAndSaysWhy) {
  absl::StatusOr<std::unique_ptr<ClusterProcess>> other = ClusterProcess::Start({.pods = 1});
  ASSERT_TRUE(other.ok()) << other.status();
  // The other history has the same table with other content.
  ASSERT_TRUE((*other)->Execute(0, "CREATE DATABASE cluster").ok());
  ASSERT_TRUE((*other)->Execute(0, absl::StrCat("CREATE TABLE ", kTable,
                                                " (id BIGINT PRIMARY KEY, v TEXT)")).ok());
  ASSERT_TRUE((*other)->Execute(0, absl::StrCat("INSERT INTO ", kTable, " VALUES (9, 'z')")).ok());

  absl::StatusOr<std::string> checksum_before = cluster().Checksum(1, kTable);
  ASSERT_TRUE(checksum_before.ok()) << checksum_before.status();
  const uint64_t applied_before = ReplicationOf(1).applied_position();

  ASSERT_TRUE(cluster().Stop(1).ok());
  absl::Status restarted = cluster().RestartFollowing(1, (*other)->peer_template());
  ASSERT_TRUE(restarted.ok()) << restarted;

  // It reaches the other primary, refuses its log, and says why.
  absl::Time deadline = absl::Now() + kStateTimeout;
  v1::ReplicationState state = ReplicationOf(1);
  while (absl::AsciiStrToLower(state.last_error()).find("cluster") == std::string::npos &&
         absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    state = ReplicationOf(1);
  }
  EXPECT_TRUE(absl::StrContains(absl::AsciiStrToLower(state.last_error()), "cluster id"))
      << state.ShortDebugString();
  EXPECT_NE(state.state(), "streaming") << state.ShortDebugString();
  EXPECT_TRUE(absl::StrContains(absl::AsciiStrToLower(ShowReplicaStatus(1)), "cluster id"))
      << ShowReplicaStatus(1);

  EXPECT_EQ(state.applied_position(), applied_before);
  absl::StatusOr<std::string> checksum_after = cluster().Checksum(1, kTable);
  ASSERT_TRUE(checksum_after.ok()) << checksum_after.status();
  EXPECT_EQ(*checksum_after, *checksum_before);
  EXPECT_EQ(IntCell(1, absl::StrCat("SELECT COUNT(*) FROM ", kTable, " WHERE id = 9")), 0);
}

constexpr int kRowsPerInsert = 16;
constexpr size_t kLargeValueBytes = 60000;  // TEXT holds up to 65535 bytes

// One INSERT of kRowsPerInsert rows of kLargeValueBytes, ids from `first_id`.
std::string LargeInsert(int64_t first_id) {
  const std::string value(kLargeValueBytes, 'x');
  std::string sql = absl::StrCat("INSERT INTO ", kTable, " VALUES ");
  for (int i = 0; i < kRowsPerInsert; ++i) {
    absl::StrAppend(&sql, i == 0 ? "" : ", ", "(", first_id + i, ", '", value, "')");
  }
  return sql;
}

class ClusterPurgedPositionTest : public ClusterHistoryTest {
 protected:
  ClusterProcessOptions Options() override {
    // Automatic re-clone off: this checks what a replica does on its own when its log is
    // gone (tests/integration/clone covers the re-clone that follows by default).
    return {.pods = 2,
            .primary_flags = {"--log_retention_seconds=2", "--log_retention_bytes=0"},
            .replica_flags = {"--auto_reclone=false"}};
  }

  // Whether the primary reports that ordinal 1's position has left its retained log.
  bool ReplicaBehindRetentionEdge(uint64_t replica_position) {
    absl::StatusOr<v1::GetStatusResponse> status = cluster().AdminStatus(0);
    if (!status.ok()) return false;
    for (const v1::ReplicaInfo& replica : status->replicas()) {
      if (replica.ordinal() == 1 && replica.acked_position() >= replica_position &&
          replica.positions_above_retention_edge() == 0) {
        return true;
      }
    }
    return false;
  }
};

TEST_F(ClusterPurgedPositionTest, ReplicaWhosePositionWasPurgedNeedsACloneAndStaysReadable) {
  const uint64_t replica_position = ReplicationOf(1).applied_position();
  ASSERT_GT(replica_position, 0u);
  ASSERT_TRUE(cluster().Stop(1).ok());

  // Large rows fill the primary's memtable, so its log rolls and the old file ages out.
  const absl::Time deadline = absl::Now() + absl::Seconds(150);
  int64_t id = 1000;
  while (!ReplicaBehindRetentionEdge(replica_position) && absl::Now() < deadline) {
    Sql(0, LargeInsert(id));
    id += kRowsPerInsert;
  }
  ASSERT_TRUE(ReplicaBehindRetentionEdge(replica_position))
      << "the primary never purged the log past position " << replica_position << " after "
      << (id - 1000) << " rows of " << kLargeValueBytes << " bytes";

  ASSERT_TRUE(cluster().Restart(1).ok());
  absl::Status needs_clone = cluster().WaitReplicaState(1, "stopped-needs-clone", kStateTimeout);
  EXPECT_TRUE(needs_clone.ok()) << needs_clone;
  EXPECT_TRUE(absl::StrContains(ShowReplicaStatus(1), "stopped-needs-clone"))
      << ShowReplicaStatus(1);
  EXPECT_EQ(ReplicationOf(1).applied_position(), replica_position);
  EXPECT_EQ(IntCell(1, absl::StrCat("SELECT COUNT(*) FROM ", kTable)), 2);
}

}  // namespace
}  // namespace ordinal::integration
