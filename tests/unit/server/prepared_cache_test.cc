// PreparedCache and PreparedStatement: a text is prepared once and found again, the least
// recently used statement makes room, a text that does not prepare is not kept, and which
// statements keep their parse.
#include "server/prepared_cache.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::server {
namespace {

std::string Text(int i) { return absl::StrCat("SELECT ? + ", i); }

TEST(PreparedCacheTest, SameTextFindsTheSameStatement) {
  PreparedCache cache;
  absl::StatusOr<PreparedStatement*> first = cache.Get("SELECT c FROM t WHERE id = ?");
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<PreparedStatement*> again = cache.Get("SELECT c FROM t WHERE id = ?");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*first, *again);
  EXPECT_EQ((*first)->parameter_count(), 1u);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(PreparedCacheTest, LeastRecentlyUsedMakesRoom) {
  PreparedCache cache;
  for (int i = 0; i < static_cast<int>(PreparedCache::kCapacity); ++i) {
    ASSERT_TRUE(cache.Get(Text(i)).ok());
  }
  PreparedStatement* zero = *cache.Get(Text(0));  // now the most recently used
  PreparedStatement* one = *cache.Get(Text(1));
  ASSERT_TRUE(cache.Get(Text(1000)).ok());  // forgets Text(2), the least recently used
  EXPECT_EQ(cache.size(), PreparedCache::kCapacity);
  EXPECT_EQ(*cache.Get(Text(0)), zero);
  EXPECT_EQ(*cache.Get(Text(1)), one);
  // Text(2) is prepared again, which forgets the next least recently used.
  ASSERT_TRUE(cache.Get(Text(2)).ok());
  EXPECT_EQ(cache.size(), PreparedCache::kCapacity);
}

TEST(PreparedCacheTest, TextThatDoesNotPrepareIsNotKept) {
  PreparedCache cache;
  absl::StatusOr<PreparedStatement*> bad = cache.Get("SELEC ?");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(GetMysqlErrno(bad.status()), MysqlErrno::kParse);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PreparedStatementTest, DataStatementsKeepTheirParse) {
  for (const char* sql : {"SELECT c FROM t WHERE id = ?", "INSERT INTO t VALUES (?, ?)",
                          "UPDATE t SET c = ? WHERE id = ?", "DELETE FROM t WHERE id = ?",
                          "BEGIN", "COMMIT"}) {
    absl::StatusOr<std::unique_ptr<PreparedStatement>> prepared = PreparedStatement::Prepare(sql);
    ASSERT_TRUE(prepared.ok()) << sql << ": " << prepared.status();
    EXPECT_TRUE((*prepared)->kept()) << sql;
  }
}

TEST(PreparedStatementTest, MarkersTheParserDoesNotTakeBindAsText) {
  absl::StatusOr<std::unique_ptr<PreparedStatement>> prepared =
      PreparedStatement::Prepare("SELECT c FROM t WHERE c = '?' LIMIT ?");
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  EXPECT_FALSE((*prepared)->kept());
  EXPECT_EQ((*prepared)->parameter_count(), 1u);  // the quoted one is text
  EXPECT_EQ((*prepared)->BindText({engine::Value::Int(3)}),
            "SELECT c FROM t WHERE c = '?' LIMIT 3");
}

TEST(PreparedStatementTest, PlacementComesFromTheStatement) {
  absl::StatusOr<std::unique_ptr<PreparedStatement>> read =
      PreparedStatement::Prepare("SELECT c FROM t WHERE id = ?");
  absl::StatusOr<std::unique_ptr<PreparedStatement>> write =
      PreparedStatement::Prepare("UPDATE t SET c = ? WHERE id = ?");
  absl::StatusOr<std::unique_ptr<PreparedStatement>> sleep =
      PreparedStatement::Prepare("SELECT SLEEP(?)");
  ASSERT_TRUE(read.ok() && write.ok() && sleep.ok());
  EXPECT_TRUE((*read)->runs_without_blocking());
  EXPECT_TRUE((*read)->only_reads());
  EXPECT_FALSE((*write)->runs_without_blocking());
  EXPECT_TRUE((*sleep)->parks());
}

}  // namespace
}  // namespace ordinal::server
