// A fixture for the engine side of replication: a primary Database and a replica Database
// in one temp directory, with verbs to write on the primary, read its log, and ship the
// log to the replica.
#ifndef ORDINAL_TESTS_UNIT_ENGINE_REPLICATION_FIXTURE_H_
#define ORDINAL_TESTS_UNIT_ENGINE_REPLICATION_FIXTURE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/sql_error.h"
#include "engine/database.h"
#include "engine/log.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/scoped_temp_dir.h"

namespace ordinal::engine {

inline constexpr char kPrimaryAddress[] = "ordinal-0.ordinal:7306";

class ReplicationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    OpenPrimary();
    OpenReplica();
  }

  DatabaseOptions Options(const std::string& name, DatabaseRole role) {
    DatabaseOptions options;
    options.data_dir = dir_.Sub(name);
    options.block_cache_bytes = 8 << 20;
    options.sync_commit = false;  // a process crash loses nothing; tests need no fsync
    options.role = role;
    options.primary_address = kPrimaryAddress;
    return options;
  }

  static std::unique_ptr<Database> OpenOrDie(const DatabaseOptions& options) {
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }

  void OpenPrimary() {
    primary_.reset();
    primary_ = OpenOrDie(Options("primary", DatabaseRole::kPrimary));
  }

  void OpenReplica() {
    replica_.reset();
    replica_ = OpenOrDie(Options("replica", DatabaseRole::kReplica));
  }

  // Runs `sql` in a new session of `db`; it must succeed.
  static ResultSet Run(Database& db, const std::string& sql) {
    absl::StatusOr<std::unique_ptr<Session>> session = db.NewSession("");
    EXPECT_TRUE(session.ok()) << session.status();
    if (!session.ok()) return ResultSet{};
    absl::StatusOr<ResultSet> result = (*session)->Execute(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status();
    return result.ok() ? *std::move(result) : ResultSet{};
  }

  // Runs `sql` in a new session of `db` and returns its status.
  static absl::Status Try(Database& db, const std::string& sql) {
    absl::StatusOr<std::unique_ptr<Session>> session = db.NewSession("");
    if (!session.ok()) return session.status();
    return (*session)->Execute(sql).status();
  }

  // Creates d.t (id INT PRIMARY KEY, v VARCHAR(20)) on the primary.
  void CreateTable() {
    Run(*primary_, "CREATE DATABASE d");
    Run(*primary_, "CREATE TABLE d.t (id INT PRIMARY KEY, v VARCHAR(20))");
  }

  // Inserts rows [from, to) into d.t on the primary, one commit each.
  void InsertRows(int from, int to) {
    for (int i = from; i < to; ++i) {
      Run(*primary_,
          "INSERT INTO d.t VALUES (" + std::to_string(i) + ", 'v" + std::to_string(i) + "')");
    }
  }

  // Every batch `cursor` returns until it catches up.
  static std::vector<LogBatch> Drain(LogCursor& cursor) {
    std::vector<LogBatch> batches;
    while (true) {
      absl::StatusOr<std::optional<LogBatch>> batch = cursor.Next();
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok() || !batch->has_value()) return batches;
      batches.push_back(std::move(**batch));
    }
  }

  // Every batch of the primary's log after `position`.
  std::vector<LogBatch> ReadLog(uint64_t position) {
    absl::StatusOr<std::unique_ptr<LogCursor>> cursor = primary_->OpenLog(position);
    EXPECT_TRUE(cursor.ok()) << cursor.status();
    if (!cursor.ok()) return {};
    return Drain(**cursor);
  }

  // Adopts the primary's cluster id on the replica, then applies every batch the replica
  // has not applied yet, one ApplyBatches call for all of them.
  void Ship() {
    ASSERT_TRUE(replica_->AdoptClusterId(primary_->ClusterId()).ok());
    std::vector<LogBatch> batches = ReadLog(replica_->AppliedPosition());
    absl::Status applied = replica_->ApplyBatches(batches);
    ASSERT_TRUE(applied.ok()) << applied;
  }

  // The CHECKSUM TABLE value of `table` on `db`.
  static std::string Checksum(Database& db, const std::string& table) {
    ResultSet result = Run(db, "CHECKSUM TABLE " + table);
    if (result.rows.size() != 1 || result.rows[0].size() != 2) return "<no checksum>";
    return result.rows[0][1].ToString();
  }

  // The rows of `sql` on `db`, as text.
  static std::vector<std::vector<std::string>> Query(Database& db, const std::string& sql) {
    std::vector<std::vector<std::string>> rows;
    for (const std::vector<Value>& row : Run(db, sql).rows) {
      std::vector<std::string> cells;
      for (const Value& value : row) cells.push_back(value.ToString());
      rows.push_back(std::move(cells));
    }
    return rows;
  }

  ordinal::testing::ScopedTempDir dir_;
  std::unique_ptr<Database> primary_;
  std::unique_ptr<Database> replica_;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_TESTS_UNIT_ENGINE_REPLICATION_FIXTURE_H_
