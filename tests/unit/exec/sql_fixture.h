// A fixture that opens a fresh Database in a unique temp dir and runs SQL in one session
// with database `test` selected.
#ifndef ORDINAL_TESTS_UNIT_EXEC_SQL_FIXTURE_H_
#define ORDINAL_TESTS_UNIT_EXEC_SQL_FIXTURE_H_

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql_error.h"
#include "engine/database.h"
#include "gtest/gtest.h"

namespace ordinal::engine::testing {

// A database in its own temp dir, removed on destruction.
class TempDatabase {
 public:
  TempDatabase() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ordinal_exec_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    DatabaseOptions options;
    options.data_dir = dir_ + "/data";
    options.sync_commit = false;
    options.block_cache_bytes = 8 << 20;
    auto db = Database::Open(options);
    EXPECT_TRUE(db.ok()) << db.status();
    if (db.ok()) db_ = *std::move(db);
  }
  ~TempDatabase() {
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  Database* db() { return db_.get(); }

 private:
  std::string dir_;
  std::unique_ptr<Database> db_;
};

// Runs statements in one session; the first statement creates and selects `test`.
class SqlRunner {
 public:
  explicit SqlRunner(Database* db) {
    auto session = db->NewSession("");
    EXPECT_TRUE(session.ok()) << session.status();
    if (session.ok()) session_ = *std::move(session);
    Exec("CREATE DATABASE IF NOT EXISTS test");
    Exec("USE test");
  }

  // Runs a statement that must succeed.
  ResultSet Exec(std::string_view sql) {
    if (session_ == nullptr) return ResultSet{};
    absl::StatusOr<ResultSet> result = session_->Execute(sql);
    EXPECT_TRUE(result.ok()) << sql << " -> " << result.status();
    return result.ok() ? *std::move(result) : ResultSet{};
  }

  // Runs a statement that must fail; returns its MySQL error number.
  int Errno(std::string_view sql) {
    if (session_ == nullptr) return 0;
    absl::StatusOr<ResultSet> result = session_->Execute(sql);
    EXPECT_FALSE(result.ok()) << sql << " unexpectedly succeeded";
    return result.ok() ? 0 : static_cast<int>(GetMysqlErrno(result.status()));
  }

  absl::Status Status(std::string_view sql) {
    if (session_ == nullptr) return absl::InternalError("no session");
    return session_->Execute(sql).status();
  }

  // The rows of a query: cells joined by ',', rows by ';'.
  std::string Query(std::string_view sql) {
    ResultSet result = Exec(sql);
    std::vector<std::string> rows;
    for (const auto& row : result.rows) {
      std::vector<std::string> cells;
      for (const Value& v : row) cells.push_back(v.ToString());
      rows.push_back(absl::StrJoin(cells, ","));
    }
    return absl::StrJoin(rows, ";");
  }

  // EXPLAIN's row for a query: "access|index|key_columns|detail".
  std::string Explain(std::string_view select) {
    ResultSet result = Exec(std::string("EXPLAIN ") + std::string(select));
    if (result.rows.size() != 1 || result.rows[0].size() < 5) return "<bad explain>";
    const auto& row = result.rows[0];
    return absl::StrJoin({row[1].ToString(), row[2].ToString(), row[3].ToString(),
                          row[4].ToString()},
                         "|");
  }

  Session* session() { return session_.get(); }

 private:
  std::unique_ptr<Session> session_;
};

class SqlTest : public ::testing::Test {
 protected:
  SqlTest() : sql_(db_.db()) {}

  ResultSet Exec(std::string_view sql) { return sql_.Exec(sql); }
  int Errno(std::string_view sql) { return sql_.Errno(sql); }
  std::string Query(std::string_view sql) { return sql_.Query(sql); }
  std::string Explain(std::string_view sql) { return sql_.Explain(sql); }
  // The rows of `sql` in the order returned, each its values followed by commas ("1,a,").
  std::vector<std::string> RowLines(std::string_view sql) {
    std::vector<std::string> lines;
    for (const auto& row : Exec(sql).rows) {
      std::string line;
      for (const Value& v : row) absl::StrAppend(&line, v.ToString(), ",");
      lines.push_back(std::move(line));
    }
    return lines;
  }

  TempDatabase db_;
  SqlRunner sql_;
};

}  // namespace ordinal::engine::testing

#endif  // ORDINAL_TESTS_UNIT_EXEC_SQL_FIXTURE_H_
