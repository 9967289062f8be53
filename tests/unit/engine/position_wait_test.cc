// WAIT_FOR_EXECUTED_GTID_SET(position[, timeout]) over the engine's commit positions: 0 once
// the server has the position, 1 when the timeout passes first, MySQL's errors for bad input.
#include <string>

#include "absl/strings/str_cat.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

class PositionWaitTest : public SessionTest {
 protected:
  std::string Wait(const std::string& args) {
    Rows rows = Query(absl::StrCat("SELECT WAIT_FOR_EXECUTED_GTID_SET(", args, ")"));
    return rows.empty() ? "" : rows[0][0];
  }
};

TEST_F(PositionWaitTest, AReachedPositionReturnsZero) {
  Run("CREATE DATABASE d");
  Run("CREATE TABLE d.t (k INT PRIMARY KEY)");
  const uint64_t position = Run("INSERT INTO d.t VALUES (1)").commit_position;
  ASSERT_GT(position, 0u);
  EXPECT_EQ(Wait(absl::StrCat("'", position, "', 1")), "0");
  EXPECT_EQ(Wait(absl::StrCat(position)), "0");
  EXPECT_EQ(Wait("''"), "0");
}

TEST_F(PositionWaitTest, AnUnreachedPositionTimesOutWithOne) {
  const uint64_t future = db_->LatestPosition() + 1000;
  EXPECT_EQ(Wait(absl::StrCat("'", future, "', 0.01")), "1");
}

TEST_F(PositionWaitTest, NullArgumentsGiveNull) {
  EXPECT_EQ(Wait("NULL"), "NULL");
  EXPECT_EQ(Wait("'1', NULL"), "NULL");
}

TEST_F(PositionWaitTest, AMalformedPositionIs1772AndANegativeTimeout1210) {
  EXPECT_EQ(Errno("SELECT WAIT_FOR_EXECUTED_GTID_SET('3E11FA47-71CA-11E1:1-5')"), 1772);
  EXPECT_EQ(Errno("SELECT WAIT_FOR_EXECUTED_GTID_SET('-4')"), 1772);
  EXPECT_EQ(Errno("SELECT WAIT_FOR_EXECUTED_GTID_SET('1', -1)"), 1210);
  EXPECT_EQ(Errno("SELECT WAIT_FOR_EXECUTED_GTID_SET()"), 1582);
}

}  // namespace
}  // namespace ordinal::engine
