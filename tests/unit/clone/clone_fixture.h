// Shared verbs for the clone tests: a unique temp dir, databases opened in it, SQL helpers,
// and data loading.
#ifndef ORDINAL_TESTS_UNIT_CLONE_CLONE_FIXTURE_H_
#define ORDINAL_TESTS_UNIT_CLONE_CLONE_FIXTURE_H_

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/database.h"
#include "gtest/gtest.h"

namespace ordinal::replication {

// A unique temporary directory, removed with its contents at scope exit.
class CloneTempDir {
 public:
  CloneTempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ordinal-clone-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~CloneTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

class CloneFixture : public ::testing::Test {
 protected:
  engine::DatabaseOptions Options(const std::string& dir, engine::DatabaseRole role) {
    engine::DatabaseOptions options;
    options.data_dir = dir;
    options.block_cache_bytes = 8 << 20;
    options.sync_commit = false;  // a process crash loses nothing; tests need no fsync
    options.role = role;
    options.primary_address = "127.0.0.1";
    return options;
  }

  std::unique_ptr<engine::Database> Open(const std::string& dir, engine::DatabaseRole role) {
    absl::StatusOr<std::unique_ptr<engine::Database>> db = engine::Database::Open(Options(dir, role));
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }
  std::unique_ptr<engine::Database> OpenPrimary(const std::string& dir) {
    return Open(dir, engine::DatabaseRole::kPrimary);
  }
  std::unique_ptr<engine::Database> OpenReplica(const std::string& dir) {
    return Open(dir, engine::DatabaseRole::kReplica);
  }

  static engine::ResultSet Run(engine::Database& db, const std::string& sql) {
    absl::StatusOr<std::unique_ptr<engine::Session>> session = db.NewSession("");
    EXPECT_TRUE(session.ok()) << session.status();
    if (!session.ok()) return engine::ResultSet{};
    absl::StatusOr<engine::ResultSet> result = (*session)->Execute(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status();
    return result.ok() ? *std::move(result) : engine::ResultSet{};
  }

  // Creates d.t and inserts `rows` rows of about `row_bytes` bytes each, many per
  // transaction.
  static void Load(engine::Database& db, int from, int rows, int row_bytes = 100) {
    if (from == 0) {
      Run(db, "CREATE DATABASE d");
      Run(db, "CREATE TABLE d.t (id INT PRIMARY KEY, payload TEXT)");
    }
    for (int i = from; i < from + rows; i += 100) {
      std::string sql = "INSERT INTO d.t VALUES ";
      for (int id = i; id < std::min(i + 100, from + rows); ++id) {
        if (id != i) sql += ", ";
        sql += "(" + std::to_string(id) + ", '" + Payload(id, row_bytes) + "')";
      }
      Run(db, sql);
    }
  }

  // Hex digits that do not compress, so table files are about as large as the rows.
  static std::string Payload(int id, int bytes) {
    std::string out;
    uint64_t x = 0x9e3779b97f4a7c15ull * static_cast<uint64_t>(id + 1);
    while (static_cast<int>(out.size()) < bytes) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      out.push_back("0123456789abcdef"[x & 15]);
    }
    return out;
  }

  static std::string Checksum(engine::Database& db) {
    engine::ResultSet result = Run(db, "CHECKSUM TABLE d.t");
    if (result.rows.size() != 1 || result.rows[0].size() != 2) return "<no checksum>";
    return result.rows[0][1].ToString();
  }

  static std::string Count(engine::Database& db) {
    engine::ResultSet result = Run(db, "SELECT COUNT(*) FROM d.t");
    if (result.rows.size() != 1 || result.rows[0].empty()) return "<no value>";
    return result.rows[0][0].ToString();
  }

  static bool Exists(const std::string& path) {
    std::error_code error;
    return std::filesystem::exists(path, error);
  }

  CloneTempDir dir_;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_TESTS_UNIT_CLONE_CLONE_FIXTURE_H_
