// Bounded waits (docs/faults.md): reads parked on an unreachable min_position, or in
// WAIT_FOR_EXECUTED_GTID_SET, take a slot of the server's wait budget and never delay other
// statements; a full budget refuses at once; the client's cancel ends a wait and gives its
// slot back; a timeout above --max_wait_timeout_ms is cut to it; SIGTERM ends every wait.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include "absl/synchronization/mutex.h"
#include "common/status_reason.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/integration/server_fixture.h"
#include "tests/mysql/raw_client.h"
#include "tests/testing/sockets.h"

namespace ordinal::integration {
namespace {

// A position no server of these tests reaches.
constexpr uint64_t kUnreachable = uint64_t{1} << 60;

// Execute calls started at once with the callback API, each to its end or cancel.
class ParkedCalls {
 public:
  // Starts `n` reads of `sql` that wait for `min_position` up to `wait_timeout_ms`.
  ParkedCalls(const std::shared_ptr<grpc::Channel>& channel, int n, const std::string& sql,
              uint64_t min_position, uint32_t wait_timeout_ms)
      : stub_(ordinal::v1::Sql::NewStub(channel)), calls_(n) {
    for (Call& call : calls_) {
      call.request.set_sql(sql);
      call.request.set_min_position(min_position);
      call.request.set_wait_timeout_ms(wait_timeout_ms);
      call.context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(2));
      call.context.AddMetadata(kUserMetadataKey, "root");
      call.context.AddMetadata(kPasswordMetadataKey, ordinal::testing::kTestPassword);
      stub_->async()->Execute(&call.context, &call.request, &call.response,
                              [this, &call](grpc::Status status) {
                                absl::MutexLock lock(&mu_);
                                call.status = FromGrpcStatus(status, call.context);
                                ++done_;
                              });
    }
  }
  ~ParkedCalls() {
    CancelAll();
    WaitAllDone(absl::Seconds(60));
  }

  void CancelAll() {
    for (Call& call : calls_) call.context.TryCancel();
  }

  // True once every call ended (within `timeout`).
  bool WaitAllDone(absl::Duration timeout) {
    return WaitDone(static_cast<int>(calls_.size()), timeout);
  }

  // True once at least `n` calls ended (within `timeout`).
  bool WaitDone(int n, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    auto reached = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return done_ >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), timeout);
  }

  int done() {
    absl::MutexLock lock(&mu_);
    return done_;
  }

  // How many calls ended with `code` (and, unless 0, MySQL errno `mysql_errno`).
  int Count(absl::StatusCode code, int mysql_errno = 0) {
    absl::MutexLock lock(&mu_);
    int n = 0;
    for (const Call& call : calls_) {
      if (call.status.has_value() && call.status->code() == code &&
          (mysql_errno == 0 || static_cast<int>(GetMysqlErrno(*call.status)) == mysql_errno)) {
        ++n;
      }
    }
    return n;
  }

  // How many calls ended refused by a full wait budget (reason too-many-waits).
  int Refused() {
    absl::MutexLock lock(&mu_);
    int n = 0;
    for (const Call& call : calls_) {
      if (call.status.has_value() &&
          GetStatusReason(*call.status) == StatusReason::kTooManyWaits) {
        ++n;
      }
    }
    return n;
  }

 private:
  struct Call {
    ordinal::v1::ExecuteRequest request;
    ordinal::v1::ExecuteResponse response;
    grpc::ClientContext context;
    std::optional<absl::Status> status;
  };
  std::unique_ptr<ordinal::v1::Sql::Stub> stub_;
  std::vector<Call> calls_;
  absl::Mutex mu_;
  int done_ ABSL_GUARDED_BY(mu_) = 0;
};

class WaitsTest : public ServerFixture {
 protected:
  static constexpr int kBudget = 16;

  ServerOptions Options() override {
    metrics_port_ = ordinal::testing::PickFreePort();
    ServerOptions options;
    options.flags = {absl::StrCat("--metrics_port=", metrics_port_),
                     absl::StrCat("--max_parked_waits=", kBudget),
                     absl::StrCat("--max_wait_timeout_ms=", max_wait_timeout_ms_)};
    return options;
  }

  double Metric(const std::string& series) {
    return ordinal::testing::MetricValue(
        ordinal::testing::ScrapeMetrics("127.0.0.1", metrics_port_), series);
  }

  // True once the ordinal_parked_waits gauge shows `n` (within a bound).
  bool ParkedWaitsReach(int n) {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (absl::Now() < deadline) {
      if (Metric("ordinal_parked_waits") == n) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }

  int metrics_port_ = 0;
  int max_wait_timeout_ms_ = 600000;
};

TEST_F(WaitsTest, ParkedWaitsDoNotDelayAPlainInsert) {
  CreateTable();
  // More waits than the budget (and than the blocking pool of today's commits) park
  // until long after the INSERT's own deadline.
  ParkedCalls waits(channel_, 300, "SELECT 1", kUnreachable, 600000);
  ASSERT_TRUE(ParkedWaitsReach(kBudget));
  EXPECT_TRUE(Try("INSERT INTO d.t VALUES (1, 'a')").ok());
  // The INSERT completed while the waits were parked.
  EXPECT_EQ(Metric("ordinal_parked_waits"), kBudget);
  // Every call over the budget is refused, but the last refusals may reach this client
  // after the INSERT's answer.
  EXPECT_TRUE(waits.WaitDone(300 - kBudget, absl::Seconds(30)));
  EXPECT_EQ(waits.done(), 300 - kBudget);
  EXPECT_EQ(waits.Refused(), 300 - kBudget);
  EXPECT_EQ(waits.Count(absl::StatusCode::kResourceExhausted, 1637), 300 - kBudget);
  EXPECT_EQ(Metric("ordinal_parked_waits_refused_total"), 300 - kBudget);
  EXPECT_EQ(CountRows(), 1);
}

TEST_F(WaitsTest, CancelEndsTheWaitsAndFreesTheirSlots) {
  ParkedCalls waits(channel_, 8, "SELECT 1", kUnreachable, 600000);
  ASSERT_TRUE(ParkedWaitsReach(8));
  waits.CancelAll();
  ASSERT_TRUE(waits.WaitAllDone(absl::Seconds(30)));
  EXPECT_EQ(waits.Count(absl::StatusCode::kCancelled), 8);
  EXPECT_TRUE(ParkedWaitsReach(0));
}

TEST_F(WaitsTest, CancelEndsAWaitForExecutedGtidSet) {
  ParkedCalls waits(channel_, 4, "SELECT WAIT_FOR_EXECUTED_GTID_SET('1152921504606846976')",
                    0, 0);
  ASSERT_TRUE(ParkedWaitsReach(4));
  waits.CancelAll();
  ASSERT_TRUE(waits.WaitAllDone(absl::Seconds(30)));
  EXPECT_TRUE(ParkedWaitsReach(0));
}

class CappedWaitsTest : public WaitsTest {
 protected:
  void SetUp() override {
    max_wait_timeout_ms_ = 500;
    WaitsTest::SetUp();
  }
};

TEST_F(CappedWaitsTest, ATimeoutAboveTheCapIsCutToIt) {
  // The largest timeout the wire allows (about 49 days) ends as timed out at the cap, well
  // within the call's own deadline of two minutes.
  ParkedCalls waits(channel_, 1, "SELECT 1", kUnreachable, UINT32_MAX);
  ASSERT_TRUE(waits.WaitAllDone(absl::Seconds(60)));
  EXPECT_EQ(waits.Count(absl::StatusCode::kUnavailable, 1205), 1);
}

TEST_F(CappedWaitsTest, AWaitForExecutedGtidSetWithoutTimeoutEndsAtTheCap) {
  // MySQL's answer for a wait that timed out: 1.
  auto response = Sql("SELECT WAIT_FOR_EXECUTED_GTID_SET('1152921504606846976')");
  EXPECT_EQ(ordinal::testing::FirstCell(response), "1");
}

TEST_F(WaitsTest, SigtermEndsParkedWaitsBeforeTheirDeadline) {
  ParkedCalls grpc_waits(channel_, 6, "SELECT 1", kUnreachable, 600000);
  ordinal::testing::RawMysqlClient mysql;
  ASSERT_TRUE(mysql.Connect("127.0.0.1", server_->mysql_port()));
  ASSERT_TRUE(ordinal::testing::IsOk(mysql.Login(server_->password())));
  ASSERT_TRUE(mysql.SendPacket("\x03SELECT WAIT_FOR_EXECUTED_GTID_SET('1152921504606846976', 600)",
                               0));
  ASSERT_TRUE(ParkedWaitsReach(7));
  // The waits' deadline is ten minutes away; the process must exit well before.
  EXPECT_TRUE(server_->Stop(std::chrono::seconds(60)).ok());
  ASSERT_TRUE(grpc_waits.WaitAllDone(absl::Seconds(30)));
  EXPECT_EQ(grpc_waits.Count(absl::StatusCode::kUnavailable), 6);
  // The MySQL statement was answered before the process exited: ERROR 1053 when it was
  // interrupted in its wait, its result when shutdown came before the statement started.
  EXPECT_TRUE(mysql.ReadPacket().has_value());
}

}  // namespace
}  // namespace ordinal::integration
