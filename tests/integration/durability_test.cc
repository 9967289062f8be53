// Invariant 1: with --sync_commit=on (the default), a write acknowledged to a client
// survives kill -9 of the server.
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "tests/integration/server_fixture.h"

namespace ordinal::integration {
namespace {

class DurabilityTest : public ServerFixture {
 protected:
  void KillAndRestart() {
    ASSERT_TRUE(server_->Kill().ok());
    auto restarted = server_->Restart();
    ASSERT_TRUE(restarted.ok()) << restarted;
    Reconnect();
  }
};

TEST_F(DurabilityTest, AcknowledgedInsertsSurviveKill9) {
  constexpr int kRows = 500;
  CreateTable();
  for (int i = 0; i < kRows; ++i) {
    auto channel = ordinal::testing::Connect(server_->address());  // a client per insert
    auto response = ordinal::testing::Execute(
        channel, absl::StrCat("INSERT INTO d.t VALUES (", i, ", 'row ", i, "')"));
    ASSERT_TRUE(response.ok()) << response.status();
  }
  const std::string checksum = Checksum();
  KillAndRestart();
  EXPECT_EQ(CountRows(), kRows);
  EXPECT_EQ(Checksum(), checksum);
}

TEST_F(DurabilityTest, CommittedTransactionSurvivesKill9AndOpenOneVanishes) {
  CreateTable();
  auto committed = ordinal::testing::OpenSession(channel_, "d");
  auto open = ordinal::testing::OpenSession(channel_, "d");
  ASSERT_TRUE(committed.ok() && open.ok());
  Sql("BEGIN", *committed);
  Sql("INSERT INTO t VALUES (1, 'committed'), (2, 'committed')", *committed);
  Sql("COMMIT", *committed);
  Sql("BEGIN", *open);
  Sql("INSERT INTO t VALUES (3, 'open')", *open);
  KillAndRestart();
  EXPECT_EQ(CountRows(), 2);
}

TEST_F(DurabilityTest, EveryAcknowledgedConcurrentWriteSurvivesKill9) {
  constexpr int kWriters = 4;
  constexpr int kAcksBeforeKill = 400;
  CreateTable();
  absl::Mutex mu;
  std::set<int> acknowledged;  // guarded by mu
  absl::Notification enough;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto channel = ordinal::testing::Connect(server_->address());
      for (int i = 0;; ++i) {
        int id = i * kWriters + w;
        auto r = ordinal::testing::Execute(channel,
                                           absl::StrCat("INSERT INTO d.t VALUES (", id, ", 'w')"));
        if (!r.ok()) return;  // the server was killed
        absl::MutexLock lock(&mu);
        acknowledged.insert(id);
        if (acknowledged.size() >= kAcksBeforeKill && !enough.HasBeenNotified()) enough.Notify();
      }
    });
  }
  enough.WaitForNotification();
  ASSERT_TRUE(server_->Kill().ok());  // writes are still in flight
  for (auto& writer : writers) writer.join();
  auto restarted = server_->Restart();
  ASSERT_TRUE(restarted.ok()) << restarted;
  Reconnect();

  auto rows = Sql("SELECT id FROM d.t");
  std::set<int> present;
  for (const auto& row : rows.rows()) present.insert(static_cast<int>(row.values(0).int_value()));
  absl::MutexLock lock(&mu);
  for (int id : acknowledged) EXPECT_TRUE(present.count(id)) << "acknowledged row " << id << " lost";
}

}  // namespace
}  // namespace ordinal::integration
