// A fixture for tests that drive the engine through Session::Execute: a Database in a
// fresh temp directory, and helpers that run SQL and render results as text.
#ifndef ORDINAL_TESTS_UNIT_ENGINE_SESSION_FIXTURE_H_
#define ORDINAL_TESTS_UNIT_ENGINE_SESSION_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/sql_error.h"
#include "engine/database.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/scoped_temp_dir.h"

namespace ordinal::engine {

using Rows = std::vector<std::vector<std::string>>;

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenDatabase(); }

  void OpenDatabase() {
    session_.reset();
    db_.reset();
    DatabaseOptions options;
    options.data_dir = dir_.Sub("db");
    options.block_cache_bytes = 8 << 20;
    options.sync_commit = false;  // a process crash loses nothing; tests need no fsync
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    session_ = NewSession();
  }

  std::unique_ptr<Session> NewSession() {
    absl::StatusOr<std::unique_ptr<Session>> session = db_->NewSession("");
    EXPECT_TRUE(session.ok()) << session.status();
    return std::move(*session);
  }

  // Runs `sql`, which must succeed.
  static ResultSet Run(Session& session, const std::string& sql) {
    absl::StatusOr<ResultSet> result = session.Execute(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status();
    return result.ok() ? *std::move(result) : ResultSet{};
  }
  ResultSet Run(const std::string& sql) { return Run(*session_, sql); }

  // Runs `sql`, which must fail, and returns its MySQL error number.
  static int Errno(Session& session, const std::string& sql) {
    absl::StatusOr<ResultSet> result = session.Execute(sql);
    EXPECT_FALSE(result.ok()) << sql << " succeeded";
    return result.ok() ? 0 : static_cast<int>(GetMysqlErrno(result.status()));
  }
  int Errno(const std::string& sql) { return Errno(*session_, sql); }

  // Runs `sql` and renders its rows as text ("NULL" for NULL).
  static Rows Query(Session& session, const std::string& sql) {
    Rows rows;
    for (const std::vector<Value>& row : Run(session, sql).rows) {
      std::vector<std::string> cells;
      for (const Value& value : row) cells.push_back(value.ToString());
      rows.push_back(std::move(cells));
    }
    return rows;
  }
  Rows Query(const std::string& sql) { return Query(*session_, sql); }

  // The names of a statement's result columns.
  std::vector<std::string> ColumnNames(const std::string& sql) {
    std::vector<std::string> names;
    for (const ResultColumn& column : Run(sql).columns) names.push_back(column.name);
    return names;
  }

  ordinal::testing::ScopedTempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_TESTS_UNIT_ENGINE_SESSION_FIXTURE_H_
