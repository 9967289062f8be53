// Results and set operations over a tiny memory budget (64 KiB per statement;
// docs/memory-and-disk.md): a SELECT's rows given to a RowSink are not held, so results
// far over the budget stream whole (and fail with 1114 when they are to be held); UNION,
// EXCEPT and INTERSECT (DISTINCT and ALL) over 30,000 rows spill to temporary files and give
// the same rows as with no budget, fail without a spill directory (so they did spill), and
// leave the spill directory empty.
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/database.h"
#include "engine/sql/parser.h"
#include "gtest/gtest.h"
#include "tests/unit/exec/sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kTinyBudget = 64 << 10;
constexpr int kRows = 30000;

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

// Counts the rows it is given and the bytes of their strings; fails on row `fail_at`.
class CountingSink final : public RowSink {
 public:
  absl::Status Begin(const std::vector<ResultColumn>& columns) override {
    columns_ = columns.size();
    return absl::OkStatus();
  }
  absl::Status Row(const std::vector<Value>& row) override {
    if (++rows_ == fail_at) return absl::UnavailableError("the client went away");
    for (const Value& v : row) bytes_ += v.is_string() ? v.string_value().size() : 0;
    return absl::OkStatus();
  }
  size_t columns_ = 0;
  uint64_t rows_ = 0;
  uint64_t bytes_ = 0;
  uint64_t fail_at = 0;
};

class BoundedResultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "ordinal_bounded_XXXXXX").string();
    dir_ = new std::string(mkdtemp(pattern.data()));
    DatabaseOptions free_options;
    DatabaseOptions tiny = free_options;
    tiny.query_memory_bytes = kTinyBudget;
    tiny.query_spill_bytes = 64 << 20;
    DatabaseOptions no_spill = tiny;
    no_spill.spill_to_disk = false;
    unbounded_ = new Server(*dir_ + "/unbounded", free_options);
    tiny_ = new Server(*dir_ + "/tiny", tiny);
    no_spill_ = new Server(*dir_ + "/nospill", no_spill);
    for (Server* server : {unbounded_, tiny_, no_spill_}) Fill(*server->sql);
  }
  static void TearDownTestSuite() {
    for (Server* server : {unbounded_, tiny_, no_spill_}) delete server;
    std::error_code ignored;
    fs::remove_all(*dir_, ignored);
    delete dir_;
  }

  // t(id, g, s, v): g has 7 values, s about 10,000, v 1,000; u(id, g2, w): w all distinct.
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
  }

  // The same rows under the tiny budget as unbounded; without a spill directory the
  // statement fails (it did spill); nothing is left in the spill directory.
  static void ExpectSpilledEqual(const std::string& query) {
    const std::string expected = unbounded_->sql->Query(query);
    ASSERT_FALSE(expected.empty()) << query;
    EXPECT_EQ(tiny_->sql->Query(query), expected) << query;
    const int failed = no_spill_->sql->Errno(query);
    EXPECT_TRUE(failed == 1038 || failed == 1114) << query << " -> " << failed;
    EXPECT_TRUE(fs::is_empty(tiny_->spill_dir)) << query;
  }

  static absl::StatusOr<ResultSet> Stream(Server& server, const std::string& query,
                                          CountingSink* sink) {
    absl::StatusOr<std::unique_ptr<Session>> session = server.db->NewSession("test");
    if (!session.ok()) return session.status();
    absl::StatusOr<sql::Statement> statement = sql::ParseStatement(query);
    if (!statement.ok()) return statement.status();
    return (*session)->Execute(*statement, sink);
  }

  static std::string* dir_;
  static Server* unbounded_;
  static Server* tiny_;
  static Server* no_spill_;
};

std::string* BoundedResultsTest::dir_ = nullptr;
Server* BoundedResultsTest::unbounded_ = nullptr;
Server* BoundedResultsTest::tiny_ = nullptr;
Server* BoundedResultsTest::no_spill_ = nullptr;

TEST_F(BoundedResultsTest, StreamedRowsAreNotHeld) {
  for (const std::string query :
       {"SELECT id, s, CONCAT(s, s, s) FROM t", "SELECT id, s FROM t ORDER BY s DESC",
        "SELECT t.id, u.w FROM t JOIN u ON u.id = t.id", "SELECT s, COUNT(*) FROM t GROUP BY s",
        "SELECT s FROM t UNION ALL SELECT w FROM u"}) {
    // Held whole, the result is over the budget (what spills did, and the result failed).
    EXPECT_EQ(tiny_->sql->Errno(query), 1114) << query;
    CountingSink sink;
    absl::StatusOr<ResultSet> result = Stream(*tiny_, query, &sink);
    ASSERT_TRUE(result.ok()) << query << ": " << result.status();
    EXPECT_TRUE(result->streamed) << query;
    EXPECT_TRUE(result->rows.empty()) << query;
    EXPECT_EQ(result->streamed_rows, sink.rows_) << query;
    EXPECT_EQ(sink.rows_, static_cast<uint64_t>(query.find("GROUP") != std::string::npos
                                                     ? 10007
                                                     : query.find("UNION") != std::string::npos
                                                           ? 2 * kRows
                                                           : kRows))
        << query;
    EXPECT_GT(sink.columns_, 0u);
    EXPECT_TRUE(fs::is_empty(tiny_->spill_dir)) << query;
  }
  // A plain scan needs no disk at all.
  CountingSink all;
  ASSERT_TRUE(Stream(*no_spill_, "SELECT id, s FROM t", &all).ok());
  EXPECT_EQ(all.rows_, static_cast<uint64_t>(kRows));
}

TEST_F(BoundedResultsTest, ASinkErrorEndsTheStatement) {
  CountingSink sink;
  sink.fail_at = 100;
  absl::StatusOr<ResultSet> result = Stream(*tiny_, "SELECT id FROM t", &sink);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(sink.rows_, 100u);
}

TEST_F(BoundedResultsTest, StatementsThatDoNotStreamFillTheResult) {
  CountingSink sink;
  absl::StatusOr<ResultSet> result =
      Stream(*unbounded_, "SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 3", &sink);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->streamed);
  EXPECT_EQ(result->rows.size(), 3u);
  EXPECT_EQ(result->found_rows, static_cast<uint64_t>(kRows));
  EXPECT_EQ(sink.rows_, 0u);
  result = Stream(*unbounded_, "SHOW TABLES", &sink);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->streamed);
  EXPECT_EQ(result->rows.size(), 2u);
}

TEST_F(BoundedResultsTest, UnionDistinctSpills) {
  ExpectSpilledEqual("SELECT s FROM t UNION SELECT w FROM u ORDER BY 1 LIMIT 10 OFFSET 20000");
  ExpectSpilledEqual("SELECT v FROM t UNION ALL SELECT v FROM t UNION SELECT id FROM u "
                     "ORDER BY 1 DESC LIMIT 5 OFFSET 29990");
  ExpectSpilledEqual("SELECT s, g FROM t UNION DISTINCT SELECT s, v % 7 FROM t "
                     "ORDER BY 2, 1 LIMIT 12 OFFSET 30000");
}

TEST_F(BoundedResultsTest, ExceptAndIntersectSpill) {
  ExpectSpilledEqual("SELECT s, g FROM t EXCEPT SELECT s, g FROM t WHERE v < 500 "
                     "ORDER BY s, g LIMIT 20 OFFSET 1000");
  ExpectSpilledEqual("SELECT v FROM t INTERSECT SELECT g2 % 1000 FROM u ORDER BY 1 DESC LIMIT 15");
  ExpectSpilledEqual("SELECT s FROM t INTERSECT SELECT s FROM t WHERE g = 3 "
                     "ORDER BY 1 LIMIT 10 OFFSET 3000");
}

TEST_F(BoundedResultsTest, AllFormsKeepMultiplicitiesWhenSpilled) {
  ExpectSpilledEqual("SELECT v FROM t INTERSECT ALL SELECT id % 1000 FROM u "
                     "ORDER BY 1 LIMIT 10 OFFSET 25000");
  ExpectSpilledEqual("SELECT g FROM t EXCEPT ALL SELECT id % 5 FROM u ORDER BY 1 LIMIT 10 "
                     "OFFSET 8000");
  ExpectSpilledEqual("SELECT g, v FROM t EXCEPT ALL SELECT g, v FROM t WHERE id % 3 = 0 "
                     "ORDER BY 2 DESC, 1 LIMIT 10 OFFSET 19000");
}

TEST_F(BoundedResultsTest, SpilledSetOperationsStream) {
  // The whole result of a spilled UNION goes to the sink: one row per distinct value.
  CountingSink sink;
  absl::StatusOr<ResultSet> result =
      Stream(*tiny_, "SELECT s FROM t UNION SELECT s FROM t UNION SELECT w FROM u", &sink);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(sink.rows_, static_cast<uint64_t>(kRows) +
                            std::stoull(unbounded_->sql->Query("SELECT COUNT(DISTINCT s) FROM t")));
  EXPECT_TRUE(fs::is_empty(tiny_->spill_dir));
}

}  // namespace
}  // namespace ordinal::engine::testing
