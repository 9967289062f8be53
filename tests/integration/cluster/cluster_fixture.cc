#include "tests/integration/cluster/cluster_fixture.h"

#include <chrono>
#include <ostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/testing/sql_stub.h"

namespace ordinal::integration {

std::ostream& operator<<(std::ostream& out, const WriterTally& t) {
  return out << "{rows=" << t.rows << " seq=" << t.min_seq << ".." << t.max_seq
             << " counter n=" << t.counter_n << " last_seq=" << t.counter_last_seq << "}";
}

void ClusterFixture::SetUp() {
  absl::StatusOr<std::unique_ptr<ClusterProcess>> cluster = ClusterProcess::Start(Options());
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  cluster_ = *std::move(cluster);
}

void ClusterFixture::TearDown() {
  if (HasFailure() && cluster_ != nullptr) {
    std::cerr << "peer template " << cluster_->peer_template() << "\n"
              << cluster_->AllLogTails();
  }
}

v1::ExecuteResponse ClusterFixture::Sql(int ordinal, const std::string& sql) {
  absl::StatusOr<v1::ExecuteResponse> response = cluster_->Execute(ordinal, sql);
  EXPECT_TRUE(response.ok()) << "ordinal " << ordinal << ": " << sql << ": " << response.status();
  return response.ok() ? *response : v1::ExecuteResponse();
}

int64_t ClusterFixture::IntCell(int ordinal, const std::string& sql) {
  v1::ExecuteResponse response = Sql(ordinal, sql);
  if (response.rows_size() == 0 || response.rows(0).values_size() == 0) return -1;
  const v1::Value& cell = response.rows(0).values(0);
  if (cell.has_int_value()) return cell.int_value();
  if (cell.has_string_value()) return std::stoll(cell.string_value());
  return -1;  // NULL: e.g. MIN over no rows
}

void ClusterFixture::CreateLoadSchema(int writers) {
  for (const std::string& sql : WriteLoadSchema(writers)) Sql(0, sql);
  ExpectConverged();
}

void ClusterFixture::WaitForAcknowledged(const WriteLoad& load, int64_t total) {
  const absl::Time deadline = absl::Now() + kLoadProgressTimeout;
  while (load.total_acknowledged() < total && absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GE(load.total_acknowledged(), total)
      << "the load made no progress; first error: " << load.first_error();
}

void ClusterFixture::ExpectConverged() {
  absl::Status converged = cluster_->WaitConverged(kConvergeTimeout);
  ASSERT_TRUE(converged.ok()) << converged;
}

void ClusterFixture::ExpectChecksumsEqual(const std::vector<std::string>& tables) {
  for (const std::string& table : tables) {
    absl::StatusOr<std::string> on_primary = cluster_->Checksum(0, table);
    ASSERT_TRUE(on_primary.ok()) << table << ": " << on_primary.status();
    for (int ordinal = 1; ordinal < cluster_->pod_count(); ++ordinal) {
      if (!cluster_->pod(ordinal).running()) continue;
      absl::StatusOr<std::string> on_replica = cluster_->Checksum(ordinal, table);
      ASSERT_TRUE(on_replica.ok()) << table << " on ordinal " << ordinal << ": "
                                   << on_replica.status();
      EXPECT_EQ(*on_replica, *on_primary) << "CHECKSUM TABLE " << table << " on ordinal "
                                          << ordinal;
    }
  }
}

WriterTally ClusterFixture::Tally(int ordinal, int w) {
  const std::string where = absl::StrCat(" FROM ", kEventsTable, " WHERE writer = ", w);
  const std::string counter = absl::StrCat(" FROM ", kCountersTable, " WHERE writer = ", w);
  WriterTally t;
  t.rows = IntCell(ordinal, "SELECT COUNT(*)" + where);
  t.min_seq = IntCell(ordinal, "SELECT MIN(seq)" + where);
  t.max_seq = IntCell(ordinal, "SELECT MAX(seq)" + where);
  t.counter_n = IntCell(ordinal, "SELECT n" + counter);
  t.counter_last_seq = IntCell(ordinal, "SELECT last_seq" + counter);
  return t;
}

void ClusterFixture::ExpectWritersIntact(const WriteLoad& load) {
  for (int w = 0; w < load.writers(); ++w) {
    const WriterTally on_primary = Tally(0, w);
    for (int ordinal = 0; ordinal < cluster_->pod_count(); ++ordinal) {
      if (!cluster_->pod(ordinal).running()) continue;
      const WriterTally t = ordinal == 0 ? on_primary : Tally(ordinal, w);
      SCOPED_TRACE(absl::StrCat("writer ", w, " on ordinal ", ordinal));
      // Contiguous: seqs 1..rows, each once (the primary key), and the counter agrees.
      EXPECT_GT(t.rows, 0) << t;
      EXPECT_EQ(t.min_seq, 1) << t;
      EXPECT_EQ(t.max_seq, t.rows) << t;
      EXPECT_EQ(t.counter_n, t.rows) << t;
      EXPECT_EQ(t.counter_last_seq, t.rows) << t;
      EXPECT_GE(t.rows, load.acknowledged(w)) << "acknowledged writes are missing: " << t;
      EXPECT_EQ(t, on_primary);
    }
  }
}

}  // namespace ordinal::integration
