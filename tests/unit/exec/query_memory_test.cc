// Bounded working memory of statements (engine/exec/query_memory.h): every buffer the
// executor fills charges its statement; past the bound the statement fails with 1038 (a
// sort) or 1114 (any other buffer), and the session goes on. Buffers give their charge back
// when freed, so repeated subqueries within the bound never add up. The database has no
// spill directory: what spills instead of failing is spill_query_test's.
#include "engine/exec/query_memory.h"

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/database.h"
#include "gtest/gtest.h"
#include "tests/unit/exec/sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

constexpr uint64_t kStatementBytes = 256 << 10;
constexpr int kRows = 200;  // of 4 KiB: about 800 KiB, three times the bound

class QueryMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "ordinal_qmem_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    DatabaseOptions options;
    options.data_dir = dir_ + "/data";
    options.sync_commit = false;
    options.block_cache_bytes = 8 << 20;
    options.query_memory_bytes = kStatementBytes;
    options.query_memory_total_bytes = 4 * kStatementBytes;
    options.spill_to_disk = false;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    sql_ = std::make_unique<SqlRunner>(db_.get());
    sql_->Exec("CREATE TABLE t (id INT PRIMARY KEY, g INT, v LONGTEXT)");
    for (int id = 1; id <= kRows; id += 20) {
      std::string insert = "INSERT INTO t VALUES ";
      for (int i = id; i < id + 20; ++i) {
        absl::StrAppend(&insert, i == id ? "" : ",", "(", i, ",", i % 7, ",REPEAT(SHA2('", i,
                        "',256),64))");
      }
      sql_->Exec(insert);
    }
  }
  void TearDown() override {
    sql_.reset();
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  int Errno(const std::string& sql) { return sql_->Errno(sql); }
  std::string Query(const std::string& sql) { return sql_->Query(sql); }

  std::string dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlRunner> sql_;
};

TEST_F(QueryMemoryTest, SortOverTheBoundFailsWithOutOfSortMemory) {
  EXPECT_EQ(Errno("SELECT v FROM t ORDER BY v"), 1038);
  EXPECT_EQ(Query("SELECT id FROM t WHERE id <= 3 ORDER BY v DESC").size(), 5u);
}

TEST_F(QueryMemoryTest, ResultGroupsAndJoinsOverTheBoundFailWithTableFull) {
  EXPECT_EQ(Errno("SELECT * FROM t"), 1114);
  EXPECT_EQ(Errno("SELECT v, COUNT(*) FROM t GROUP BY v"), 1114);
  EXPECT_EQ(Errno("SELECT COUNT(*) FROM t a JOIN t b ON a.v = b.v"), 1114);
  EXPECT_EQ(Errno("SELECT COUNT(*) FROM (SELECT v FROM t) AS d"), 1114);
  EXPECT_EQ(Errno("SELECT id FROM t UNION ALL SELECT v FROM t"), 1114);
}

TEST_F(QueryMemoryTest, RecursiveCteOverTheBoundFailsWithTableFull) {
  EXPECT_EQ(Errno("WITH RECURSIVE r(n, s) AS (SELECT 1, REPEAT('x', 2000) UNION ALL "
                  "SELECT n + 1, s FROM r WHERE n < 500) SELECT COUNT(*) FROM r"),
            1114);
}

TEST_F(QueryMemoryTest, StreamingAndSmallBuffersRunAndTheSessionGoesOn) {
  EXPECT_EQ(Errno("SELECT * FROM t ORDER BY v"), 1038);
  EXPECT_EQ(Query("SELECT COUNT(*), SUM(LENGTH(v)) FROM t"),
            absl::StrCat(kRows, ",", kRows * 4096));
  EXPECT_EQ(Query("SELECT g, COUNT(*) FROM t GROUP BY g ORDER BY g LIMIT 2"), "0,28;1,29");
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY id LIMIT 2"), "1;2");
  // An uncorrelated subquery's rows are charged while they are built, not per outer row.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t WHERE g IN (SELECT g FROM t WHERE id <= 10)"),
            absl::StrCat(kRows));
  sql_->Exec("INSERT INTO t VALUES (0, 0, 'after')");
  EXPECT_EQ(Query("SELECT v FROM t WHERE id = 0"), "after");
}

TEST(QueryMemoryPoolTest, TotalBoundIsSharedAndGivenBack) {
  exec::QueryMemoryPool pool;
  pool.SetLimits(/*per_statement_bytes=*/100, /*total_bytes=*/150);
  exec::QueryMemory first(pool);
  exec::QueryMemory second(pool);
  ASSERT_TRUE(first.Charge(100, exec::MemoryUse::kTemporaryTable).ok());
  EXPECT_EQ(GetMysqlErrno(first.Charge(1, exec::MemoryUse::kSort)), MysqlErrno::kOutOfSortMemory);
  const absl::Status over_total = second.Charge(60, exec::MemoryUse::kTemporaryTable);
  EXPECT_EQ(GetMysqlErrno(over_total), MysqlErrno::kRecordFileFull);
  EXPECT_EQ(over_total.code(), absl::StatusCode::kResourceExhausted);
  {
    exec::MemoryCharge charge(&second, exec::MemoryUse::kTemporaryTable);
    ASSERT_TRUE(charge.Add(50).ok());
    EXPECT_EQ(pool.used_bytes(), 150u);
  }
  EXPECT_EQ(pool.used_bytes(), 100u);
}

}  // namespace
}  // namespace ordinal::engine::testing
