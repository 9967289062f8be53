// Foreign keys between concurrent transactions (docs/foreign-keys.md, "Concurrency"): of a
// parent delete and a child insert under that parent, whichever commits second fails with
// 1213, in either order, so no orphan can commit; children inserted concurrently under one
// parent do not conflict with each other.
#include <string>

#include "gtest/gtest.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

constexpr int kDeadlock = 1213;

class ForeignKeyConcurrencyTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE shop");
    Run("USE shop");
    Run("CREATE TABLE parent (id INT PRIMARY KEY, note INT)");
    Run("CREATE TABLE child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES "
        "parent (id))");
    Run("INSERT INTO parent VALUES (1, 0), (2, 0)");
    other_ = NewSession();
    Run(*other_, "USE shop");
  }

  // Child rows whose parent is missing.
  std::string Orphans() {
    return Query("SELECT COUNT(*) FROM child WHERE pid NOT IN (SELECT id FROM parent)")[0][0];
  }

  std::unique_ptr<Session> other_;
};

TEST_F(ForeignKeyConcurrencyTest, ChildCommittedFirstMakesTheParentDeleteFail) {
  Run("BEGIN");
  Run("DELETE FROM parent WHERE id = 1");  // no children yet
  Run(*other_, "BEGIN");
  Run(*other_, "INSERT INTO child VALUES (10, 1)");  // parent 1 is in its snapshot
  Run(*other_, "COMMIT");
  EXPECT_EQ(Errno("COMMIT"), kDeadlock);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM parent WHERE id = 1"), (Rows{{"1"}}));
  EXPECT_EQ(Orphans(), "0");
}

TEST_F(ForeignKeyConcurrencyTest, ParentDeleteCommittedFirstMakesTheChildInsertFail) {
  Run("BEGIN");
  Run("DELETE FROM parent WHERE id = 1");
  Run(*other_, "BEGIN");
  Run(*other_, "INSERT INTO child VALUES (10, 1)");
  Run("COMMIT");
  EXPECT_EQ(Errno(*other_, "COMMIT"), kDeadlock);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM child"), (Rows{{"0"}}));
}

TEST_F(ForeignKeyConcurrencyTest, ReferencedColumnUpdateRacesLikeADelete) {
  Run("BEGIN");
  Run("UPDATE parent SET id = 3 WHERE id = 1");
  Run(*other_, "BEGIN");
  Run(*other_, "INSERT INTO child VALUES (10, 1)");
  Run(*other_, "COMMIT");
  EXPECT_EQ(Errno("COMMIT"), kDeadlock);
  EXPECT_EQ(Orphans(), "0");
}

TEST_F(ForeignKeyConcurrencyTest, ChildrenOfOneParentDoNotConflict) {
  Run("BEGIN");
  Run("INSERT INTO child VALUES (10, 1)");
  Run(*other_, "BEGIN");
  Run(*other_, "INSERT INTO child VALUES (11, 1)");
  Run(*other_, "COMMIT");
  Run("COMMIT");
  EXPECT_EQ(Query("SELECT id FROM child ORDER BY id"), (Rows{{"10"}, {"11"}}));
}

TEST_F(ForeignKeyConcurrencyTest, OtherParentsAreIndependent) {
  Run("BEGIN");
  Run("DELETE FROM parent WHERE id = 2");
  Run(*other_, "BEGIN");
  Run(*other_, "INSERT INTO child VALUES (10, 1)");
  Run(*other_, "COMMIT");
  Run("COMMIT");
  EXPECT_EQ(Query("SELECT id FROM parent"), (Rows{{"1"}}));
}

}  // namespace
}  // namespace ordinal::engine
