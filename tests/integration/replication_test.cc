// ordinald's replication wiring, with real processes on loopback (tests/testing/cluster.h):
// a replica refuses writes and points at the primary, the replication status statements and
// the admin RPC, reads that wait for a position, semi-synchronous commits, and readiness.

#include <functional>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/sql_error.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/testing/cluster.h"
#include "tests/testing/probes.h"
#include "tests/testing/sockets.h"
#include "tests/testing/sql_stub.h"

namespace ordinal::integration {
namespace {

using ::testing::HasSubstr;
using ordinal::testing::ClusterProcess;
using ordinal::testing::ClusterProcessOptions;

constexpr absl::Duration kWait = absl::Seconds(30);

// A call's status together with the trailing metadata the server attached.
struct CallOutcome {
  absl::Status status;
  std::string primary_metadata;  // x-ordinal-primary, "" when absent
};

// Waits (polling) until `condition` holds; false after `timeout`.
bool Eventually(const std::function<bool()>& condition, absl::Duration timeout = kWait) {
  const absl::Time give_up = absl::Now() + timeout;
  while (!condition()) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return true;
}

class ReplicationTest : public ::testing::Test {
 protected:
  // Flags of every pod and of the primary only; override to change them.
  virtual std::vector<std::string> Flags() { return {}; }
  virtual std::vector<std::string> PrimaryFlags() { return {}; }

  void SetUp() override {
    ClusterProcessOptions options;
    options.pods = 2;
    options.flags = Flags();
    options.primary_flags = PrimaryFlags();
    auto cluster = ClusterProcess::Start(options);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
  }

  // Runs `sql` on pod `ordinal` and expects success.
  v1::ExecuteResponse Sql(int ordinal, const std::string& sql) {
    auto response = cluster_->Execute(ordinal, sql);
    EXPECT_TRUE(response.ok()) << sql << " on " << ordinal << ": " << response.status();
    return response.ok() ? *response : v1::ExecuteResponse();
  }

  // Sql.Execute with the trailing metadata kept.
  CallOutcome Call(int ordinal, const v1::ExecuteRequest& request) {
    auto stub = v1::Sql::NewStub(ordinal::testing::Connect(cluster_->address(ordinal)));
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + ordinal::testing::kCallTimeout));
    context.AddMetadata(kPasswordMetadataKey, cluster_->password());
    v1::ExecuteResponse response;
    grpc::Status status = stub->Execute(&context, request, &response);
    CallOutcome outcome{FromGrpcStatus(status, context), ""};
    auto it = context.GetServerTrailingMetadata().find(kPrimaryMetadataKey);
    if (it != context.GetServerTrailingMetadata().end()) {
      outcome.primary_metadata = std::string(it->second.data(), it->second.size());
    }
    return outcome;
  }

  CallOutcome Call(int ordinal, const std::string& sql) {
    v1::ExecuteRequest request;
    request.set_sql(sql);
    return Call(ordinal, request);
  }

  // Creates d.t on the primary and waits until the replica has it.
  void CreateTableEverywhere() {
    Sql(0, "CREATE DATABASE d");
    Sql(0, "CREATE TABLE d.t (id INT PRIMARY KEY, v INT)");
    WaitConverged();
  }

  void WaitConverged() {
    absl::Status converged = cluster_->WaitConverged(kWait);
    ASSERT_TRUE(converged.ok()) << converged << cluster_->AllLogTails();
  }

  uint64_t Position(int ordinal) {
    auto position = cluster_->Position(ordinal);
    EXPECT_TRUE(position.ok()) << position.status();
    return position.ok() ? *position : 0;
  }

  std::string Count(int ordinal, const std::string& table = "d.t") {
    return ordinal::testing::FirstCell(Sql(ordinal, "SELECT COUNT(*) FROM " + table));
  }

  v1::GetStatusResponse Admin(int ordinal) {
    auto status = cluster_->AdminStatus(ordinal);
    EXPECT_TRUE(status.ok()) << status.status();
    return status.ok() ? *status : v1::GetStatusResponse();
  }

  // The health status of `service` on pod `ordinal`.
  bool Healthy(int ordinal, const std::string& service) {
    auto health = ordinal::testing::CheckHealth(
        ordinal::testing::Connect(cluster_->address(ordinal)), service);
    return health.ok() && *health == ordinal::testing::HealthStatus::kServing;
  }

  std::unique_ptr<ClusterProcess> cluster_;
};

// The text of cell `column` of row `row` (ints, and bools as 1/0, in decimal).
std::string Cell(const v1::ExecuteResponse& response, int row, int column) {
  if (row >= response.rows_size() || column >= response.rows(row).values_size()) return "<none>";
  const v1::Value& value = response.rows(row).values(column);
  if (value.has_int_value()) return absl::StrCat(value.int_value());
  if (value.has_double_value()) return absl::StrCat(value.double_value());
  return value.string_value();
}

int ColumnIndex(const v1::ExecuteResponse& response, const std::string& name) {
  for (int i = 0; i < response.columns_size(); ++i) {
    if (response.columns(i).name() == name) return i;
  }
  ADD_FAILURE() << "no column " << name;
  return 0;
}

TEST_F(ReplicationTest, WriteOnReplicaIsRefusedWithThePrimaryAddress) {
  CreateTableEverywhere();
  const uint64_t primary_before = Position(0);
  const uint64_t replica_before = Position(1);
  for (const char* write : {"INSERT INTO d.t VALUES (1, 1)", "CREATE TABLE d.u (id INT PRIMARY KEY)"}) {
    CallOutcome outcome = Call(1, write);
    EXPECT_EQ(outcome.status.code(), absl::StatusCode::kFailedPrecondition) << outcome.status;
    EXPECT_EQ(GetMysqlErrno(outcome.status), MysqlErrno::kReadOnly);
    EXPECT_THAT(std::string(outcome.status.message()), HasSubstr(cluster_->address(0)));
    EXPECT_EQ(outcome.primary_metadata, cluster_->address(0));
  }
  EXPECT_EQ(Count(0), "0");
  EXPECT_EQ(Count(1), "0");
  EXPECT_EQ(Position(0), primary_before);
  EXPECT_EQ(Position(1), replica_before);
}

TEST_F(ReplicationTest, RefusedOnThePrimaryHasNoRedirect) {
  CallOutcome outcome = Call(0, "SELEC 1");
  EXPECT_EQ(outcome.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(outcome.primary_metadata, "");
}

TEST_F(ReplicationTest, ReplicaStatusShowsStreamingAtThePrimaryPosition) {
  CreateTableEverywhere();
  Sql(0, "INSERT INTO d.t VALUES (1, 1)");
  WaitConverged();
  v1::ExecuteResponse status = Sql(1, "SHOW REPLICA STATUS");
  ASSERT_EQ(status.rows_size(), 1);
  EXPECT_EQ(Cell(status, 0, ColumnIndex(status, "State")), "streaming");
  EXPECT_EQ(Cell(status, 0, ColumnIndex(status, "Primary_address")), cluster_->address(0));
  EXPECT_EQ(Cell(status, 0, ColumnIndex(status, "Applied_position")),
            absl::StrCat(Position(0)));
}

TEST_F(ReplicationTest, ReplicaStatusOnThePrimaryIsEmptyWithTheSameColumns) {
  v1::ExecuteResponse on_primary = Sql(0, "SHOW REPLICA STATUS");
  v1::ExecuteResponse on_replica = Sql(1, "SHOW REPLICA STATUS");
  EXPECT_EQ(on_primary.rows_size(), 0);
  EXPECT_EQ(on_primary.columns_size(), on_replica.columns_size());
  EXPECT_GT(on_primary.columns_size(), 0);
}

TEST_F(ReplicationTest, PrimaryListsItsReplica) {
  CreateTableEverywhere();
  v1::ExecuteResponse replicas = Sql(0, "SHOW REPLICAS");
  ASSERT_EQ(replicas.rows_size(), 1);
  EXPECT_EQ(Cell(replicas, 0, ColumnIndex(replicas, "Ordinal")), "1");
  EXPECT_EQ(Cell(replicas, 0, ColumnIndex(replicas, "Address")), cluster_->address(1));
  EXPECT_EQ(Cell(replicas, 0, ColumnIndex(replicas, "Connected")), "1");
  v1::ExecuteResponse on_replica = Sql(1, "SHOW REPLICAS");
  EXPECT_EQ(on_replica.rows_size(), 0);
  EXPECT_EQ(on_replica.columns_size(), replicas.columns_size());
}

TEST_F(ReplicationTest, AdminStatusReportsBothSides) {
  CreateTableEverywhere();
  v1::GetStatusResponse primary = Admin(0);
  v1::GetStatusResponse replica = Admin(1);
  EXPECT_EQ(primary.role(), "primary");
  EXPECT_EQ(replica.role(), "replica");
  EXPECT_FALSE(primary.cluster_id().empty());
  EXPECT_EQ(replica.cluster_id(), primary.cluster_id());
  EXPECT_EQ(replica.primary_address(), cluster_->address(0));
  EXPECT_EQ(replica.replication().state(), "streaming");
  EXPECT_FALSE(primary.has_replication());
  ASSERT_EQ(primary.replicas_size(), 1);
  EXPECT_EQ(primary.replicas(0).ordinal(), 1u);
  EXPECT_EQ(replica.replicas_size(), 0);
}

TEST_F(ReplicationTest, ReadWithMinPositionSeesTheWriteOnTheReplica) {
  CreateTableEverywhere();
  for (int i = 0; i < 20; ++i) {
    v1::ExecuteResponse write = Sql(0, absl::StrCat("INSERT INTO d.t VALUES (", i, ", 1)"));
    v1::ExecuteRequest read;
    read.set_sql("SELECT COUNT(*) FROM d.t");
    read.set_min_position(write.commit_position());
    auto response = ordinal::testing::Execute(
        ordinal::testing::Connect(cluster_->address(1)), read,
        ordinal::testing::Credentials{"root", cluster_->password()});
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(ordinal::testing::FirstCell(*response), absl::StrCat(i + 1));
  }
}

TEST_F(ReplicationTest, ReadWithUnreachedMinPositionTimesOut) {
  v1::ExecuteRequest read;
  read.set_sql("SELECT 1");
  read.set_min_position(Position(0) + 1000);
  read.set_wait_timeout_ms(100);
  CallOutcome outcome = Call(1, read);
  EXPECT_EQ(outcome.status.code(), absl::StatusCode::kUnavailable) << outcome.status;
  EXPECT_EQ(GetMysqlErrno(outcome.status), MysqlErrno::kLockWaitTimeout);
}

TEST_F(ReplicationTest, ReplicaBecomesReadyOnceStreamingAndNotWhileThePrimaryIsDown) {
  EXPECT_TRUE(Eventually([&] { return Healthy(1, "ordinal.readiness"); }));
  EXPECT_TRUE(Healthy(1, "ordinal.liveness"));
  ASSERT_TRUE(cluster_->Stop(0).ok());
  EXPECT_TRUE(Eventually([&] { return !Healthy(1, "ordinal.readiness"); }));
  EXPECT_TRUE(Healthy(1, "ordinal.liveness"));
  EXPECT_TRUE(Healthy(1, "ordinal.startup"));
}

TEST_F(ReplicationTest, PrimaryIsReady) {
  EXPECT_TRUE(Healthy(0, "ordinal.readiness"));
  EXPECT_TRUE(Healthy(0, "ordinal.liveness"));
}

class ReplicationMetricsTest : public ReplicationTest {
 protected:
  // Every pod serves metrics on its own loopback address, so one port serves them all.
  std::vector<std::string> Flags() override {
    metrics_port_ = ordinal::testing::PickFreePort();
    return {absl::StrCat("--metrics_port=", metrics_port_)};
  }
  std::string ScrapePod(int ordinal) {
    const std::string address = cluster_->address(ordinal);
    return ordinal::testing::ScrapeMetrics(address.substr(0, address.rfind(':')), metrics_port_);
  }
  int metrics_port_ = 0;
};

TEST_F(ReplicationMetricsTest, BothSidesExportTheirReplicationFigures) {
  CreateTableEverywhere();
  std::string replica = ScrapePod(1);
  EXPECT_THAT(replica, HasSubstr("ordinal_replica_state{state=\"streaming\"} 1"));
  EXPECT_THAT(replica, HasSubstr(absl::StrCat("ordinal_replica_applied_position ", Position(1))));
  EXPECT_THAT(replica, HasSubstr("ordinal_replica_lag_ms"));
  std::string primary = ScrapePod(0);
  EXPECT_THAT(primary, HasSubstr("ordinal_replicas_connected 1"));
  EXPECT_THAT(primary, HasSubstr("ordinal_sync_fallbacks_total 0"));
  EXPECT_THAT(primary, ::testing::Not(HasSubstr("ordinal_replica_state")));
}

class SemiSyncTest : public ReplicationTest {
 protected:
  std::vector<std::string> PrimaryFlags() override {
    return {"--sync_replicas=1", "--sync_timeout_ms=300"};
  }
};

TEST_F(SemiSyncTest, AcknowledgedWriteIsAlreadyOnTheReplica) {
  ASSERT_TRUE(cluster_->WaitReplicaState(1, "streaming", kWait).ok());
  CreateTableEverywhere();
  const uint64_t fallbacks = Admin(0).sync_fallbacks();
  for (int i = 0; i < 20; ++i) {
    Sql(0, absl::StrCat("INSERT INTO d.t VALUES (", i, ", 1)"));
    EXPECT_EQ(Count(1), absl::StrCat(i + 1));  // no min_position: the commit waited
  }
  EXPECT_EQ(Admin(0).sync_fallbacks(), fallbacks);
  EXPECT_EQ(Admin(0).sync_replicas(), 1u);
}

TEST_F(SemiSyncTest, CommitsFallBackAndSucceedWhileTheReplicaIsDown) {
  ASSERT_TRUE(cluster_->WaitReplicaState(1, "streaming", kWait).ok());
  CreateTableEverywhere();
  const uint64_t fallbacks = Admin(0).sync_fallbacks();
  ASSERT_TRUE(cluster_->Stop(1).ok());
  Sql(0, "INSERT INTO d.t VALUES (1, 1)");
  Sql(0, "INSERT INTO d.t VALUES (2, 1)");
  EXPECT_EQ(Count(0), "2");
  EXPECT_EQ(Admin(0).sync_fallbacks(), fallbacks + 2);
}

}  // namespace
}  // namespace ordinal::integration
