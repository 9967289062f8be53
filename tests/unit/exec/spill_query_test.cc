// Statements over a tiny memory budget (64 KiB per statement) spill to temporary files and
// give the same results as with no budget (docs/memory-and-disk.md, "Spilling to disk"):
// sorts with LIMIT, DISTINCT, GROUP BY and joins over 30,000 rows, and hash joins of every
// kind over random keys (NULLs, repeats, one key with a tenth of the rows), and window
// functions one partition at a time. The same
// statements fail without a spill directory (so they did spill), the spill directory is
// empty afterwards, and a statement over the disk bound fails with 1114.
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/database.h"
#include "gtest/gtest.h"
#include "tests/unit/exec/sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kTinyBudget = 64 << 10;
constexpr int kRows = 30000;
constexpr int kRandomRows = 2000;

// One database with `options` over its own directory, filled with the same table.
struct Server {
  Server(const std::string& dir, DatabaseOptions options) {
    options.data_dir = dir;
    options.sync_commit = false;
    options.block_cache_bytes = 8 << 20;
    spill_dir = SpillDirectory(options);
    auto opened = Database::Open(options);
    EXPECT_TRUE(opened.ok()) << opened.status();
    db = *std::move(opened);
    sql = std::make_unique<SqlRunner>(db.get());
  }
  std::unique_ptr<Database> db;
  std::unique_ptr<SqlRunner> sql;
  std::string spill_dir;
};

class SpillQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "ordinal_spillq_XXXXXX").string();
    dir_ = new std::string(mkdtemp(pattern.data()));
    DatabaseOptions free_options;
    DatabaseOptions tiny = free_options;
    tiny.query_memory_bytes = kTinyBudget;
    tiny.query_spill_bytes = 64 << 20;
    DatabaseOptions no_spill = tiny;
    no_spill.spill_to_disk = false;
    DatabaseOptions small_disk = tiny;
    small_disk.query_spill_bytes = 256 << 10;
    unbounded_ = new Server(*dir_ + "/unbounded", free_options);
    tiny_ = new Server(*dir_ + "/tiny", tiny);
    no_spill_ = new Server(*dir_ + "/nospill", no_spill);
    small_disk_ = new Server(*dir_ + "/smalldisk", small_disk);
    for (Server* server : {unbounded_, tiny_, no_spill_, small_disk_}) Fill(*server->sql);
  }
  static void TearDownTestSuite() {
    for (Server* server : {unbounded_, tiny_, no_spill_, small_disk_}) delete server;
    std::error_code ignored;
    fs::remove_all(*dir_, ignored);
    delete dir_;
  }

  // t(id, g, s, v): g has 7 values, s about 10,000, v 1,000 (many ties); u joins on g2.
  static void Fill(SqlRunner& sql) {
    sql.Exec("CREATE TABLE t (id INT PRIMARY KEY, g INT, s VARCHAR(40), v INT)");
    sql.Exec("CREATE TABLE u (id INT PRIMARY KEY, g2 INT, w VARCHAR(40))");
    for (int first = 1; first <= kRows; first += 1000) {
      std::string t = "INSERT INTO t VALUES ";
      std::string u = "INSERT INTO u VALUES ";
      for (int i = first; i < first + 1000; ++i) {
        const char* sep = i == first ? "" : ",";
        absl::StrAppend(&t, sep, "(", i, ",", i % 7, ",'s", (i * 7919) % 10007, "',",
                        (i * 31) % 1000, ")");
        absl::StrAppend(&u, sep, "(", i, ",", (i * 13) % 20011, ",'w", i, "')");
      }
      sql.Exec(t);
      sql.Exec(u);
    }
    FillRandom(sql);
  }

  // r1(id, k, x), r2(id, k, y), r3(id, k, z), 2,000 rows each, no index but the primary
  // key, so that joins on k are hash joins. Keys are random in [1, 300], NULL for about one
  // row in 12, and 0 for a tenth of the rows (a partition too big for memory at once).
  static void FillRandom(SqlRunner& sql) {
    std::mt19937 random(12);
    for (const char* table : {"r1", "r2", "r3"}) {
      sql.Exec(absl::StrCat("CREATE TABLE ", table,
                            " (id INT PRIMARY KEY, k INT, x INT, pad VARCHAR(20))"));
      for (int first = 1; first <= kRandomRows; first += 1000) {
        std::string insert = absl::StrCat("INSERT INTO ", table, " VALUES ");
        for (int i = first; i < first + 1000; ++i) {
          const int pick = static_cast<int>(random() % 60);
          const std::string key = pick < 5    ? "NULL"
                                  : pick < 11 ? "0"
                                              : std::to_string(1 + random() % 300);
          absl::StrAppend(&insert, i == first ? "" : ",", "(", i, ",", key, ",",
                          random() % 1000, ",'pad", i, "')");
        }
        sql.Exec(insert);
      }
    }
  }

  // The query gives the same rows under the tiny budget as unbounded, and fails without a
  // spill directory (it did spill).
  static void ExpectSpilledEqual(const std::string& query, bool must_spill = true) {
    const std::string expected = unbounded_->sql->Query(query);
    ASSERT_FALSE(expected.empty()) << query;
    EXPECT_EQ(tiny_->sql->Query(query), expected) << query;
    if (!must_spill) {
      EXPECT_EQ(no_spill_->sql->Query(query), expected) << query;
      return;
    }
    const int failed = no_spill_->sql->Errno(query);
    EXPECT_TRUE(failed == 1038 || failed == 1114) << query << " -> " << failed;
    EXPECT_TRUE(fs::is_empty(tiny_->spill_dir)) << query;
  }

  static std::string* dir_;
  static Server* unbounded_;
  static Server* tiny_;
  static Server* no_spill_;
  static Server* small_disk_;
};

std::string* SpillQueryTest::dir_ = nullptr;
Server* SpillQueryTest::unbounded_ = nullptr;
Server* SpillQueryTest::tiny_ = nullptr;
Server* SpillQueryTest::no_spill_ = nullptr;
Server* SpillQueryTest::small_disk_ = nullptr;

TEST_F(SpillQueryTest, OrderByWithLimitSpillsAndKeepsTiesInScanOrder) {
  // OFFSET 0: the top-n buffer fits in memory and nothing spills.
  for (int offset : {0, 9990, 29970}) {
    ExpectSpilledEqual(
        absl::StrCat("SELECT id, s, v FROM t ORDER BY v DESC LIMIT 30 OFFSET ", offset),
        offset > 0);
    ExpectSpilledEqual(absl::StrCat("SELECT id, g FROM t ORDER BY g, s LIMIT 20 OFFSET ", offset),
                       offset > 0);
  }
}

TEST_F(SpillQueryTest, TopNWithinTheBudgetNeedsNoDisk) {
  const std::string query = "SELECT id, s FROM t ORDER BY s DESC, id LIMIT 5";
  EXPECT_EQ(no_spill_->sql->Query(query), unbounded_->sql->Query(query));
}

TEST_F(SpillQueryTest, DistinctSpills) {
  ExpectSpilledEqual("SELECT DISTINCT s FROM t ORDER BY s LIMIT 25 OFFSET 5000");
  ExpectSpilledEqual("SELECT DISTINCT s, g FROM t ORDER BY g DESC, s LIMIT 25 OFFSET 20000");
  ExpectSpilledEqual("SELECT DISTINCT LENGTH(s), s FROM t ORDER BY CONCAT(s, 'x') DESC LIMIT 10");
  // Unordered, a spilled DISTINCT comes out in value order (unspilled: first occurrences).
  const std::string unordered = "SELECT DISTINCT s FROM t LIMIT 30 OFFSET 30";
  EXPECT_EQ(tiny_->sql->Query(unordered),
            unbounded_->sql->Query("SELECT DISTINCT s FROM t ORDER BY s LIMIT 30 OFFSET 30"));
  EXPECT_EQ(no_spill_->sql->Errno(unordered), 1114);
}

// A DISTINCT ordered by its columns holds repeats only until they pass the budget; then it
// drops them and keeps the few distinct rows in memory, needing no disk.
TEST_F(SpillQueryTest, DistinctOfFewValuesOverManyRowsNeedsNoDisk) {
  for (const std::string query : {"SELECT DISTINCT g FROM t ORDER BY g",
                                  "SELECT DISTINCT g FROM t ORDER BY g DESC LIMIT 3"}) {
    EXPECT_EQ(no_spill_->sql->Query(query), unbounded_->sql->Query(query)) << query;
  }
}

TEST_F(SpillQueryTest, GroupBySpillsWithGroupsInKeyOrder) {
  ExpectSpilledEqual(
      "SELECT s, COUNT(*), SUM(v), MIN(id), MAX(g) FROM t GROUP BY s ORDER BY s LIMIT 20 "
      "OFFSET 4000");
  ExpectSpilledEqual("SELECT v, g, COUNT(*), AVG(id) FROM t GROUP BY v, g HAVING COUNT(*) > 4 "
                     "ORDER BY COUNT(*) DESC, v, g LIMIT 15");
  ExpectSpilledEqual("SELECT COUNT(*), SUM(c), MAX(s) FROM (SELECT s, COUNT(*) AS c FROM t "
                     "GROUP BY s HAVING c > 3) d");
}

// Spilled groups are aggregated again from their rows, in the order they were produced:
// GROUP_CONCAT (also without ORDER BY), BIT_*, the statistics and COUNT(DISTINCT a, b)
// give the same results.
TEST_F(SpillQueryTest, SpilledGroupsGiveTheSameGroupConcatBitsAndStatistics) {
  ExpectSpilledEqual(
      "SELECT s, GROUP_CONCAT(id ORDER BY v DESC, id), BIT_OR(v), BIT_XOR(id), BIT_AND(v), "
      "STDDEV_SAMP(v), VAR_POP(id), COUNT(DISTINCT g, v) FROM t GROUP BY s ORDER BY s "
      "LIMIT 20 OFFSET 4000");
  ExpectSpilledEqual(
      "SELECT s, GROUP_CONCAT(g SEPARATOR ''), GROUP_CONCAT(DISTINCT v) FROM t GROUP BY s "
      "ORDER BY s LIMIT 20 OFFSET 9000");
}

TEST_F(SpillQueryTest, JoinFeedingASpilledGroupBy) {
  // The planner may read `u` once for a hash join or look it up by its primary key; either
  // way the statement runs within the budget (a hash join's build side spills).
  ExpectSpilledEqual("SELECT t.s, COUNT(*), MAX(u.w) FROM t JOIN u ON u.id = t.id "
                     "GROUP BY t.s ORDER BY t.s DESC LIMIT 10 OFFSET 100");
}

// A multiset fingerprint of the rows of a join of r1 (a), r2 (b) and maybe r3 (c): their
// number and sums over their ids, NULLs counted apart.
std::string Fingerprint(const std::string& from, bool with_c = false) {
  std::string select =
      "SELECT COUNT(*), COUNT(b.id), SUM(a.id), SUM(b.id), SUM(a.id * COALESCE(b.id, 7)), "
      "SUM(COALESCE(b.x, 3) * 1000 + a.x)";
  if (with_c) absl::StrAppend(&select, ", COUNT(c.id), SUM(COALESCE(c.id, 5) * a.id)");
  return absl::StrCat(select, " FROM ", from);
}

TEST_F(SpillQueryTest, HashJoinsSpillWithTheSameRows) {
  ExpectSpilledEqual(Fingerprint("r1 a JOIN r2 b ON b.k = a.k"));
  ExpectSpilledEqual(Fingerprint("r1 a JOIN r2 b ON b.k = a.k AND b.x < a.x"));
  ExpectSpilledEqual(Fingerprint("r1 a JOIN r2 b ON b.k = a.k WHERE a.x > 100 AND b.x + a.x < 1200"));
}

TEST_F(SpillQueryTest, OuterHashJoinsSpillKeepingUnmatchedRows) {
  // Unmatched rows: NULL keys, keys the other side lacks, and rows whose key matches but
  // whose other condition does not (across the chunks of the skewed key's partition).
  ExpectSpilledEqual(Fingerprint("r1 a LEFT JOIN r2 b ON b.k = a.k"));
  ExpectSpilledEqual(Fingerprint("r1 a LEFT JOIN r2 b ON b.k = a.k AND b.x < a.x - 500"));
  ExpectSpilledEqual(Fingerprint("r2 b RIGHT JOIN r1 a ON b.k = a.k AND b.x > a.x"));
  ExpectSpilledEqual(
      Fingerprint("r1 a LEFT JOIN r2 b ON b.k = a.k AND a.x < 500 WHERE b.id IS NULL"));
}

TEST_F(SpillQueryTest, SemiAndAntiJoinsUnderTheBudget) {
  for (const char* where :
       {"EXISTS (SELECT 1 FROM r2 b WHERE b.k = a.k AND b.x > a.x)",
        "NOT EXISTS (SELECT 1 FROM r2 b WHERE b.k = a.k AND b.x > a.x)",
        "a.k IN (SELECT b.k FROM r2 b WHERE b.x < 200)",
        "a.k NOT IN (SELECT b.k FROM r2 b WHERE b.x < 200 AND b.k IS NOT NULL)"}) {
    const std::string query =
        absl::StrCat("SELECT COUNT(*), SUM(a.id), SUM(a.x) FROM r1 a WHERE ", where);
    EXPECT_EQ(tiny_->sql->Query(query), unbounded_->sql->Query(query)) << query;
  }
  EXPECT_TRUE(fs::is_empty(tiny_->spill_dir));
}

TEST_F(SpillQueryTest, SeveralSpilledHashJoinsInOneQuery) {
  ExpectSpilledEqual(
      Fingerprint("r1 a JOIN r2 b ON b.k = a.k LEFT JOIN r3 c ON c.k = b.x", true), true);
  ExpectSpilledEqual(
      Fingerprint("r1 a LEFT JOIN r2 b ON b.k = a.k LEFT JOIN r3 c ON c.k = a.x", true),
      true);
}

TEST_F(SpillQueryTest, SpilledHashJoinFeedsGroupByAndLimit) {
  ExpectSpilledEqual(
      "SELECT a.k, COUNT(*), SUM(b.x), MAX(b.pad) FROM r1 a JOIN r2 b ON b.k = a.k "
      "GROUP BY a.k ORDER BY a.k LIMIT 20 OFFSET 100");
  // A LIMIT without ORDER BY may stop the join early: any 5 rows will do, but 5 of them.
  EXPECT_EQ(tiny_->sql->Query("SELECT COUNT(*) FROM (SELECT a.id FROM r1 a JOIN r2 b ON "
                              "b.k = a.k LIMIT 5) d"),
            "5");
  EXPECT_TRUE(fs::is_empty(tiny_->spill_dir));
}

TEST_F(SpillQueryTest, ExplainAnalyzeShowsASpilledHashJoin) {
  const std::string query = "SELECT COUNT(*) FROM r1 a JOIN r2 b ON b.k = a.k";
  const std::string tree = tiny_->sql->Query("EXPLAIN ANALYZE " + query);
  EXPECT_NE(tree.find("Hash join"), std::string::npos) << tree;
  EXPECT_NE(tree.find("(spilled: "), std::string::npos) << tree;
  const std::string in_memory = unbounded_->sql->Query("EXPLAIN ANALYZE " + query);
  EXPECT_EQ(in_memory.find("spilled"), std::string::npos) << in_memory;
}

// The build side's hash table (keys, slots, chains) counts against its share with the rows:
// 56 rows of r2 fit the 16 KiB share by their own size (64 of them do) but not with their
// table, so the join spills, with the same answer.
TEST_F(SpillQueryTest, HashTableCountsWithTheBuildRows) {
  const std::string query =
      "SELECT COUNT(*), SUM(a.x), SUM(b.x) FROM r1 a JOIN r2 b ON b.k = a.k AND b.id <= 56";
  const std::string tree = tiny_->sql->Query("EXPLAIN ANALYZE " + query);
  EXPECT_NE(tree.find("Hash join"), std::string::npos) << tree;
  EXPECT_NE(tree.find("(spilled: "), std::string::npos) << tree;
  EXPECT_EQ(tiny_->sql->Query(query), unbounded_->sql->Query(query));
  EXPECT_TRUE(fs::is_empty(tiny_->spill_dir));
}

TEST_F(SpillQueryTest, SortWithoutLimitSpillsAndTheResultIsBounded) {
  // The rows being sorted pass the bound and spill; the result (ids alone) fits.
  ExpectSpilledEqual("SELECT id FROM t WHERE id <= 600 ORDER BY s DESC, v");
  ExpectSpilledEqual("SELECT id + 0 FROM t WHERE v < 20 ORDER BY CONCAT(s, 'x'), id");
  // SQL_CALC_FOUND_ROWS sorts every row and keeps only the LIMIT.
  const std::string found =
      "SELECT SQL_CALC_FOUND_ROWS id, s FROM t ORDER BY s, id DESC LIMIT 5 OFFSET 2000";
  EXPECT_EQ(tiny_->sql->Query(found), unbounded_->sql->Query(found));
  EXPECT_EQ(tiny_->sql->Query("SELECT FOUND_ROWS()"), absl::StrCat(kRows));
  EXPECT_NE(no_spill_->sql->Errno(found), 0);
  // A result larger than the bound still fails, sorted or not.
  EXPECT_EQ(tiny_->sql->Errno("SELECT id, s FROM t ORDER BY s"), 1114);
  EXPECT_EQ(no_spill_->sql->Errno("SELECT id, s FROM t ORDER BY s"), 1038);
  EXPECT_EQ(tiny_->sql->Errno("SELECT * FROM t"), 1114);
  EXPECT_EQ(tiny_->sql->Query("SELECT COUNT(*) FROM t"), absl::StrCat(kRows));
  EXPECT_TRUE(fs::is_empty(tiny_->spill_dir));
}

TEST_F(SpillQueryTest, WindowsSharingTheirPartitionSpillAPartitionAtATime) {
  // v has 1,000 partitions of 30 rows: over the bound together, each well within it.
  // (The window's rows are the query's: a top-n keeps the result within the bound.)
  ExpectSpilledEqual(
      "SELECT id, ROW_NUMBER() OVER w AS rn, SUM(g) OVER (PARTITION BY v ORDER BY g, id) AS "
      "running, LAG(s) OVER w AS prev_s, COUNT(*) OVER (PARTITION BY v) AS cnt FROM t "
      "WINDOW w AS (PARTITION BY v ORDER BY s, id) ORDER BY running DESC, rn, id LIMIT 20 "
      "OFFSET 100");
  ExpectSpilledEqual(
      "SELECT v, id, RANK() OVER (PARTITION BY v ORDER BY g DESC) AS r FROM t "
      "ORDER BY r DESC, v, id LIMIT 10 OFFSET 50");
  EXPECT_TRUE(fs::is_empty(tiny_->spill_dir));
  // Windows partitioned differently, or not at all, need every row: the bound's error.
  EXPECT_EQ(tiny_->sql->Errno("SELECT MAX(x) FROM (SELECT ROW_NUMBER() OVER (ORDER BY id) "
                              "AS x FROM t) d"),
            1114);
  EXPECT_EQ(tiny_->sql->Errno("SELECT MAX(x + y) FROM (SELECT ROW_NUMBER() OVER (PARTITION BY "
                              "g) AS x, ROW_NUMBER() OVER (PARTITION BY v) AS y FROM t) d"),
            1114);
}

TEST_F(SpillQueryTest, StatementOverTheDiskBoundFailsWithTableFull) {
  const std::string query = "SELECT id, s, v FROM t ORDER BY v LIMIT 10 OFFSET 29000";
  EXPECT_EQ(small_disk_->sql->Errno(query), 1114);
  EXPECT_TRUE(fs::is_empty(small_disk_->spill_dir));
  EXPECT_EQ(small_disk_->sql->Query("SELECT id FROM t ORDER BY v, id LIMIT 1"), "1000");
}

}  // namespace
}  // namespace ordinal::engine::testing
