// A table far larger than the block cache: after a reopen every read comes through SST
// files and a 1 MiB cache, and point reads, ranges, scans and index reads stay exact.
#include <string>

#include "absl/strings/str_cat.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

constexpr int kRows = 20000;
constexpr int kPadBytes = 1000;  // ~20 MB of rows against a 1 MiB block cache
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

class LargeTableTest : public SessionTest {
 protected:
  void ReopenWithTinyCache() {
    session_.reset();
    db_.reset();
    DatabaseOptions options;
    options.data_dir = dir_.Sub("db");
    options.block_cache_bytes = 1 << 20;
    options.sync_commit = false;
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    session_ = NewSession();
    Run("USE big");
  }
};

TEST_F(LargeTableTest, ReadsStayExactWhenTheTableDwarfsTheBlockCache) {
  Run("CREATE DATABASE big");
  Run("USE big");
  Run("CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, pad TEXT, KEY by_k (k))");
  uint64_t seed = 42;  // incompressible padding, so the files really are that large
  auto random_pad = [&seed] {
    std::string pad(kPadBytes, ' ');
    for (char& c : pad) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      c = kAlphabet[seed >> 58];
    }
    return pad;
  };
  for (int first = 0; first < kRows; first += 500) {
    std::string sql = "INSERT INTO t VALUES ";
    for (int id = first; id < first + 500; ++id) {
      absl::StrAppend(&sql, id == first ? "" : ",", "(", id, ",", id % 97, ",'", random_pad(),
                      "')");
    }
    Run(sql);
  }
  const std::string checksum = Query("CHECKSUM TABLE t")[0][1];
  ReopenWithTinyCache();

  ASSERT_GT(db_->GetIntProperty("rocksdb.total-sst-files-size").value_or(0), 8u << 20);  // 8x the cache
  EXPECT_EQ(Query("SELECT COUNT(*), SUM(id) FROM t"),
            (Rows{{absl::StrCat(kRows), absl::StrCat(int64_t{kRows} * (kRows - 1) / 2)}}));
  EXPECT_EQ(Query("SELECT k FROM t WHERE id = 12345"), (Rows{{absl::StrCat(12345 % 97)}}));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t WHERE id BETWEEN 100 AND 5099"), (Rows{{"5000"}}));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t WHERE k = 5"),
            (Rows{{absl::StrCat(kRows / 97 + (5 < kRows % 97 ? 1 : 0))}}));
  EXPECT_EQ(Query("CHECKSUM TABLE t")[0][1], checksum);
}

}  // namespace
}  // namespace ordinal::engine
