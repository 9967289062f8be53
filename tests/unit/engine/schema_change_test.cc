// DDL racing with writers: a schema change never leaves rows behind that the new schema
// does not account for (index entries missing, rows of a dropped table left in the store).
#include <atomic>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

class SchemaChangeTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE d");
    Run("USE d");
    Run("CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, k INT NOT NULL)");
  }

  std::unique_ptr<Session> SessionOnD() {
    std::unique_ptr<Session> session = NewSession();
    Run(*session, "USE d");
    return session;
  }

  std::string CountThroughIndex() { return Query("SELECT COUNT(*) FROM t WHERE k >= 0")[0][0]; }
  std::string CountByScan() { return Query("SELECT COUNT(*) FROM t")[0][0]; }
};

TEST_F(SchemaChangeTest, IndexBuiltWhileRowsArriveCoversEveryRow) {
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    std::unique_ptr<Session> session = SessionOnD();
    for (int i = 0; i < 20000 && !stop; ++i) {
      ASSERT_TRUE(session->Execute(absl::StrCat("INSERT INTO t (k) VALUES (", i, ")")).ok());
    }
  });
  // Let some rows land first so the backfill has work while the writer keeps going.
  while (Query("SELECT COUNT(*) FROM t")[0][0] == "0") std::this_thread::yield();
  Run("CREATE INDEX by_k ON t (k)");
  stop = true;
  writer.join();
  ASSERT_EQ(Query("EXPLAIN SELECT COUNT(*) FROM t WHERE k >= 0")[0][1], "index range");
  EXPECT_EQ(CountThroughIndex(), CountByScan());
}

TEST_F(SchemaChangeTest, TransactionThatWroteBeforeAnIndexAppearedCannotCommit) {
  std::unique_ptr<Session> writer = SessionOnD();
  Run(*writer, "BEGIN");
  Run(*writer, "INSERT INTO t (k) VALUES (7)");
  Run("CREATE INDEX by_k ON t (k)");
  EXPECT_EQ(Errno(*writer, "COMMIT"), 1213);
  EXPECT_EQ(CountThroughIndex(), CountByScan());
}

TEST_F(SchemaChangeTest, TransactionWritingToADroppedTableCannotCommit) {
  std::unique_ptr<Session> writer = SessionOnD();
  Run(*writer, "BEGIN");
  Run(*writer, "INSERT INTO t (k) VALUES (7)");
  Run("DROP TABLE t");
  EXPECT_EQ(Errno(*writer, "COMMIT"), 1213);
  // A table created under the same name starts empty.
  Run("CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, k INT NOT NULL)");
  EXPECT_EQ(CountByScan(), "0");
}

}  // namespace
}  // namespace ordinal::engine
