// ALTER TABLE on a primary and two replicas under concurrent write load (docs/alter-table.md):
// the primary is killed with SIGKILL at a random point of a long online ALTER (a table copy
// that also adds an index), restarted, and then every pod holds either the old or the new
// definition of the table, the same one, consistent with its rows and indexes, with every
// acknowledged write (DESIGN.md: DDL is data, atomic commits, invariants 1 and 2). Then an
// ALTER runs to its end under the same load. The kill point comes from a seed, printed;
// ORDINAL_ALTER_SEED=<n> replays one.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tests/integration/cluster/cluster_fixture.h"

namespace ordinal::integration {
namespace {

constexpr int kWriters = 3;
// Rows that are in the table before the ALTER starts (writer 1000, not one of the load's).
constexpr int kFillerRows = 30000;
constexpr int kFillerWriter = 1000;
constexpr int64_t kFillerFirstId = 9'000'000'000'000;
constexpr char kAddAlter[] =
    "ALTER TABLE cluster.events ADD COLUMN note VARCHAR(8) NOT NULL DEFAULT 'new', "
    "ADD INDEX by_writer_seq (writer, seq)";
constexpr char kDropAlter[] =
    "ALTER TABLE cluster.events DROP COLUMN note, DROP INDEX by_writer_seq";

uint64_t Seed() {
  const char* env = std::getenv("ORDINAL_ALTER_SEED");
  uint64_t seed = 0;
  if (env != nullptr && absl::SimpleAtoi(env, &seed)) return seed;
  return std::random_device{}();
}

std::string Text(const v1::Value& value) {
  if (value.has_string_value()) return value.string_value();
  if (value.has_int_value()) return absl::StrCat(value.int_value());
  return "";
}

class ClusterAlterTest : public ClusterFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ClusterFixture::SetUp());
    ASSERT_NO_FATAL_FAILURE(CreateLoadSchema(kWriters));
    load_ = std::make_unique<WriteLoad>(cluster().address(0), cluster().password(), kWriters);
  }

  void TearDown() override {
    load_.reset();
    if (alter_.joinable()) alter_.join();
    ClusterFixture::TearDown();
  }

  void FillTable() {
    constexpr int kPerStatement = 500;
    for (int first = 0; first < kFillerRows; first += kPerStatement) {
      std::string sql = absl::StrCat("INSERT INTO ", kEventsTable, " VALUES ");
      for (int i = first; i < first + kPerStatement; ++i) {
        absl::StrAppend(&sql, i == first ? "" : ", ", "(", kFillerFirstId + i, ", ",
                        kFillerWriter, ", ", i, ", ", i % 7, ")");
      }
      Sql(0, sql);
    }
  }

  // Runs `sql` on the primary on a thread of its own.
  void StartAlter(const std::string& sql) {
    alter_done_ = false;
    alter_ = std::thread([this, sql] {
      alter_status_ = cluster().Execute(0, sql).status();
      alter_done_ = true;
    });
  }

  // Rows the running ALTER has copied (from SHOW PROCESSLIST on the primary), -1 when
  // no ALTER is copying.
  int64_t RowsCopied() {
    absl::StatusOr<v1::ExecuteResponse> list = cluster().Execute(0, "SHOW FULL PROCESSLIST");
    if (!list.ok()) return -1;
    for (const v1::Row& row : list->rows()) {
      if (row.values_size() < 8 || !absl::StartsWith(Text(row.values(7)), "ALTER TABLE")) {
        continue;
      }
      const std::string state = Text(row.values(6));
      const std::string copy = "copy to tmp table: ";
      if (!absl::StartsWith(state, copy)) return -1;
      int64_t copied = 0;
      const std::string rest = state.substr(copy.size());
      if (absl::SimpleAtoi(rest.substr(0, rest.find(' ')), &copied)) return copied;
    }
    return -1;
  }

  // Waits until the ALTER has copied `rows` rows or finished.
  void WaitForCopied(int64_t rows) {
    const absl::Time deadline = absl::Now() + kLoadProgressTimeout;
    while (!alter_done_ && RowsCopied() < rows && absl::Now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_LT(absl::Now(), deadline) << "the ALTER made no progress";
  }

  std::string CreateTable(int ordinal) {
    v1::ExecuteResponse response = Sql(ordinal, "SHOW CREATE TABLE cluster.events");
    if (response.rows_size() != 1 || response.rows(0).values_size() != 2) return "";
    return Text(response.rows(0).values(1));
  }

  // Every pod has the same definition, old or new, and its rows and index agree with it.
  // Returns whether it is the new one.
  bool ExpectOldOrNewTableEverywhere() {
    const std::string definition = CreateTable(0);
    const bool altered = absl::StrContains(definition, "`note`");
    EXPECT_EQ(altered, absl::StrContains(definition, "by_writer_seq")) << definition;
    for (int ordinal = 0; ordinal < cluster().pod_count(); ++ordinal) {
      SCOPED_TRACE(absl::StrCat("ordinal ", ordinal));
      EXPECT_EQ(CreateTable(ordinal), definition);
      const std::string from = absl::StrCat(" FROM ", kEventsTable);
      EXPECT_EQ(IntCell(ordinal, absl::StrCat("SELECT COUNT(*)", from, " WHERE writer = ",
                                              kFillerWriter)),
                kFillerRows);
      if (!altered) continue;
      EXPECT_EQ(IntCell(ordinal, absl::StrCat("SELECT COUNT(*)", from, " WHERE note = 'new'")),
                IntCell(ordinal, absl::StrCat("SELECT COUNT(*)", from)));
      for (int w : {0, 1, 2, kFillerWriter}) {
        // The index (writer = w) against a full scan (an expression no index answers).
        EXPECT_EQ(IntCell(ordinal, absl::StrCat("SELECT COUNT(*)", from, " WHERE writer = ", w,
                                                " AND seq >= 0")),
                  IntCell(ordinal, absl::StrCat("SELECT SUM(CASE WHEN writer + 0 = ", w,
                                                " THEN 1 ELSE 0 END)", from)))
            << "writer " << w;
      }
    }
    ExpectChecksumsEqual({kEventsTable, kCountersTable});
    return altered;
  }

  std::unique_ptr<WriteLoad> load_;
  std::thread alter_;
  std::atomic<bool> alter_done_{false};
  absl::Status alter_status_;
};

TEST_F(ClusterAlterTest, PrimaryKilledMidAlterLeavesOldOrNewTableOnEveryPod) {
  const uint64_t seed = Seed();
  std::cout << "ORDINAL_ALTER_SEED=" << seed << std::endl;
  std::mt19937_64 random(seed);
  // A quarter of the runs kill the primary once the ALTER has finished.
  const int64_t kill_after =
      std::uniform_int_distribution<int64_t>(0, kFillerRows * 5 / 4)(random);
  std::cout << "killing the primary after " << kill_after << " rows copied" << std::endl;

  ASSERT_NO_FATAL_FAILURE(FillTable());
  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  load_->Start();
  ASSERT_NO_FATAL_FAILURE(WaitForAcknowledged(*load_, 50));
  StartAlter(kAddAlter);
  ASSERT_NO_FATAL_FAILURE(WaitForCopied(kill_after));
  ASSERT_TRUE(cluster().Kill(0).ok());
  alter_.join();
  std::cout << "ALTER: " << alter_status_ << std::endl;
  const int64_t at_kill = load_->total_acknowledged();
  absl::Status restarted = cluster().Restart(0);
  ASSERT_TRUE(restarted.ok()) << restarted;
  ASSERT_NO_FATAL_FAILURE(WaitForAcknowledged(*load_, at_kill + 50));
  load_->Stop();
  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  const bool altered = ExpectOldOrNewTableEverywhere();
  ExpectWritersIntact(*load_);
  if (alter_status_.ok()) EXPECT_TRUE(altered) << "an acknowledged ALTER was lost";

  // The load again, and an ALTER that runs to its end meanwhile.
  load_->Start();
  ASSERT_NO_FATAL_FAILURE(WaitForAcknowledged(*load_, load_->total_acknowledged() + 20));
  absl::StatusOr<v1::ExecuteResponse> done =
      cluster().Execute(0, altered ? kDropAlter : kAddAlter);
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_NO_FATAL_FAILURE(WaitForAcknowledged(*load_, load_->total_acknowledged() + 20));
  load_->Stop();
  ASSERT_NO_FATAL_FAILURE(ExpectConverged());
  ExpectWritersIntact(*load_);
  EXPECT_NE(ExpectOldOrNewTableEverywhere(), altered);
}

}  // namespace
}  // namespace ordinal::integration
