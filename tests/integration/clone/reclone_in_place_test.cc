// A re-clone replaces a replica's store inside the running process (issue 9, "one
// lifecycle, one long-lived server"): the same pid keeps serving, its port never refuses a
// connection, its metric counters keep counting across the swap, the old store's sessions
// end with a clear error, and the replica converges with the primary.
#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "tests/integration/clone/clone_pods.h"
#include "tests/testing/server_process.h"
#include "tests/testing/sockets.h"
#include "tests/testing/sql_stub.h"

namespace ordinal::testing {
namespace {

constexpr char kTable[] = "swapdb.rows";
constexpr char kSelects[] = "ordinal_statements_total{kind=\"select\"}";
constexpr absl::Duration kConnectEvery = absl::Milliseconds(2);

// Connects to a port and runs a read on it in a loop until stopped, counting what a client
// sees: refused connections, and the status codes of the reads.
class PortWatch {
 public:
  PortWatch(ClonePods& pods, int ordinal) : pods_(pods), ordinal_(ordinal) {
    connects_ = std::thread([this] { Connects(); });
    reads_ = std::thread([this] { Reads(); });
  }
  ~PortWatch() { Stop(); }

  void Stop() {
    stop_ = true;
    if (connects_.joinable()) connects_.join();
    if (reads_.joinable()) reads_.join();
  }

  int connected() const { return connected_; }
  int refused() const { return refused_; }
  int other_failures() const { return other_failures_; }
  std::map<absl::StatusCode, int> reads() {
    absl::MutexLock lock(&mu_);
    return reads_by_code_;
  }
  std::string first_unavailable() {
    absl::MutexLock lock(&mu_);
    return first_unavailable_;
  }

 private:
  // One connection every kConnectEvery: the swap takes hundreds of milliseconds.
  void Connects() {
    while (!stop_) {
      absl::Status connect = TcpConnect(pods_.host(ordinal_), pods_.port());
      if (connect.ok()) {
        ++connected_;
      } else if (connect.code() == absl::StatusCode::kUnavailable) {
        ++refused_;
      } else {
        ++other_failures_;
      }
      absl::SleepFor(kConnectEvery);
    }
  }

  void Reads() {
    std::shared_ptr<grpc::Channel> channel = Connect(pods_.address(ordinal_));
    while (!stop_) {
      absl::StatusOr<v1::ExecuteResponse> response =
          Execute(channel, absl::StrCat("SELECT COUNT(*) FROM ", kTable));
      absl::MutexLock lock(&mu_);
      ++reads_by_code_[response.status().code()];
      if (response.status().code() == absl::StatusCode::kUnavailable &&
          first_unavailable_.empty()) {
        first_unavailable_ = std::string(response.status().message());
      }
    }
  }

  ClonePods& pods_;
  const int ordinal_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connected_{0};
  std::atomic<int> refused_{0};
  std::atomic<int> other_failures_{0};
  absl::Mutex mu_;
  std::map<absl::StatusCode, int> reads_by_code_ ABSL_GUARDED_BY(mu_);
  std::string first_unavailable_ ABSL_GUARDED_BY(mu_);
  std::thread connects_;
  std::thread reads_;
};

class RecloneInPlaceTest : public ::testing::Test {
 protected:
  void Sql(int ordinal, const std::string& sql) {
    absl::StatusOr<v1::ExecuteResponse> response = pods_.Sql(ordinal, sql);
    ASSERT_TRUE(response.ok()) << response.status() << " for " << sql.substr(0, 80);
  }

  void Insert(int64_t first_id, int rows, int bytes) {
    std::string sql = absl::StrCat("INSERT INTO ", kTable, " VALUES ");
    for (int i = 0; i < rows; ++i) {
      absl::StrAppend(&sql, i == 0 ? "" : ", ", "(", first_id + i, ", '",
                      std::string(bytes, static_cast<char>('a' + (first_id + i) % 26)), "')");
    }
    Sql(0, sql);
  }

  double Selects() { return MetricValue(ScrapeMetrics(pods_.host(1), metrics_port_), kSelects); }

  // Writes on the primary until its retained log starts after `position`.
  void PurgePrimaryLogPast(uint64_t position) {
    int64_t id = 1'000'000;
    ASSERT_TRUE(pods_.WaitFor(
        [&] {
          Insert(id, 20, 20'000);
          id += 20;
          absl::StatusOr<v1::GetStatusResponse> primary = pods_.Status(0);
          return primary.ok() && primary->oldest_retained_position() > position;
        },
        absl::Seconds(150), "the primary to purge its log past the replica").ok());
  }

  ClonePods pods_;
  int metrics_port_ = PickFreePort();
};

TEST_F(RecloneInPlaceTest, PurgedReplicaSwapsItsStoreInPlaceWithoutRestarting) {
  ASSERT_TRUE(pods_.Spawn(0, {"--log_retention_seconds=2", "--log_retention_bytes=0"}).ok());
  ASSERT_TRUE(pods_.WaitServing(0).ok()) << pods_.log(0);
  Sql(0, "CREATE DATABASE swapdb");
  Sql(0, absl::StrCat("CREATE TABLE ", kTable, " (id BIGINT PRIMARY KEY, v TEXT)"));
  for (int id = 0; id < 200; id += 20) Insert(id, 20, 1000);
  ASSERT_TRUE(pods_.Spawn(1, {absl::StrCat("--metrics_port=", metrics_port_)}).ok());
  ASSERT_TRUE(pods_.WaitServing(1).ok());
  ASSERT_TRUE(pods_.WaitCaughtUp(1).ok()) << pods_.log(1);
  for (int i = 0; i < 5; ++i) Sql(1, absl::StrCat("SELECT COUNT(*) FROM ", kTable));
  const double selects_before = Selects();
  ASSERT_GE(selects_before, 5);
  absl::StatusOr<std::string> session = OpenSession(Connect(pods_.address(1)));
  ASSERT_TRUE(session.ok()) << session.status();
  absl::StatusOr<v1::GetStatusResponse> replica = pods_.Status(1);
  ASSERT_TRUE(replica.ok()) << replica.status();

  // The replica pauses (as in a long stall) while the primary purges its position.
  const pid_t pid = pods_.pid(1);
  ASSERT_EQ(kill(pid, SIGSTOP), 0);
  PurgePrimaryLogPast(replica->replication().applied_position());
  ASSERT_EQ(kill(pid, SIGCONT), 0);

  PortWatch watch(pods_, 1);
  ASSERT_TRUE(pods_.WaitLog(1, "store swapped in place", absl::Seconds(180)).ok());
  ASSERT_TRUE(pods_.WaitCaughtUp(1).ok()) << pods_.log(1);
  watch.Stop();

  EXPECT_TRUE(pods_.Running(1));
  EXPECT_EQ(pods_.pid(1), pid);
  const std::string log = pods_.log(1);
  EXPECT_EQ(log.find("starting: ordinal 1"), log.rfind("starting: ordinal 1")) << "restarted";
  EXPECT_TRUE(absl::StrContains(log, "cloning -> swapping")) << log;
  EXPECT_TRUE(absl::StrContains(log, "swapping -> catching-up")) << log;
  EXPECT_EQ(watch.refused(), 0) << "the port refused connections during the swap";
  EXPECT_GT(watch.connected(), 0);
  const std::map<absl::StatusCode, int> reads = watch.reads();
  for (const auto& [code, count] : reads) {
    EXPECT_TRUE(code == absl::StatusCode::kOk || code == absl::StatusCode::kUnavailable)
        << count << " read(s) ended with " << absl::StatusCodeToString(code);
  }
  EXPECT_GT(Selects(), selects_before) << "the counters restarted";
  absl::StatusOr<v1::ExecuteResponse> old_session =
      Execute(Connect(pods_.address(1)), "SELECT 1", *session);
  EXPECT_EQ(old_session.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(old_session.status().message(), "replaced by a re-clone"))
      << old_session.status();

  absl::StatusOr<std::string> primary_sum = pods_.Checksum(0, kTable);
  absl::StatusOr<std::string> replica_sum = pods_.Checksum(1, kTable);
  ASSERT_TRUE(primary_sum.ok() && replica_sum.ok());
  EXPECT_EQ(*replica_sum, *primary_sum);

  const size_t swap = log.find("store swapped in place");
  std::printf("swap: %s\n", log.substr(swap, log.find('\n', swap) - swap).c_str());
  std::printf("during the re-clone and swap: %d connections, %d refused, %d other failures; "
              "reads: ", watch.connected(), watch.refused(), watch.other_failures());
  for (const auto& [code, count] : reads) {
    std::printf("%s %d  ", absl::StatusCodeToString(code).c_str(), count);
  }
  std::printf("\nfirst UNAVAILABLE: %s\n", watch.first_unavailable().c_str());
}

}  // namespace
}  // namespace ordinal::testing
