// ALTER TABLE while writers run (docs/alter-table.md): inserts, updates, primary key moves
// and deletes committed during a table copy are all in the new table, exactly; its new
// index agrees with a scan; SHOW PROCESSLIST shows the copy's progress.
#include <atomic>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

constexpr int kRows = 20000;

class AlterOnlineTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE d");
    Run("USE d");
    Run("CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL)");
    for (int first = 0; first < kRows; first += 1000) {
      std::string sql = "INSERT INTO t VALUES ";
      for (int id = first; id < first + 1000; ++id) {
        absl::StrAppend(&sql, id == first ? "" : ", ", "(", id, ", ", id % 100, ")");
        model_[id] = id % 100;
      }
      Run(sql);
    }
  }

  std::unique_ptr<Session> SessionOnD() {
    std::unique_ptr<Session> session = NewSession();
    Run(*session, "USE d");
    return session;
  }

  // One random write; the model follows the statements that succeeded.
  void RandomWrite(Session& session, std::mt19937& random, int& next_id) {
    auto existing = [&] {
      auto it = model_.lower_bound(static_cast<int>(random() % (kRows + next_id)));
      return it == model_.end() ? model_.begin()->first : it->first;
    };
    const int choice = static_cast<int>(random() % 4);
    if (choice == 0) {
      const int id = kRows * 10 + next_id++;
      if (session.Execute(absl::StrCat("INSERT INTO t VALUES (", id, ", 5)")).ok()) {
        model_[id] = 5;
      }
    } else if (choice == 1) {
      const int id = existing();
      if (session.Execute(absl::StrCat("UPDATE t SET k = k + 1 WHERE id = ", id)).ok()) {
        ++model_[id];
      }
    } else if (choice == 2) {
      const int id = existing();
      const int moved = id + kRows * 100;
      if (model_.count(moved) == 0 &&
          session.Execute(absl::StrCat("UPDATE t SET id = ", moved, " WHERE id = ", id)).ok()) {
        model_[moved] = model_[id];
        model_.erase(id);
      }
    } else {
      const int id = existing();
      if (session.Execute(absl::StrCat("DELETE FROM t WHERE id = ", id)).ok()) model_.erase(id);
    }
  }

  std::map<int, int> model_;  // id -> k, as the writes that succeeded left it
};

TEST_F(AlterOnlineTest, WritesDuringTheCopyAreAllInTheNewTable) {
  std::atomic<bool> done{false};
  std::atomic<int> writes_during{0};
  std::thread alter([&] {
    std::unique_ptr<Session> session = SessionOnD();
    Run(*session, "ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 7, ADD INDEX by_k (k)");
    done = true;
  });
  std::unique_ptr<Session> writer = SessionOnD();
  std::mt19937 random(42);
  int next_id = 0;
  while (!done) {
    RandomWrite(*writer, random, next_id);
    ++writes_during;
  }
  alter.join();
  std::cout << "writes committed or refused while the ALTER ran: " << writes_during << std::endl;
  EXPECT_GT(writes_during.load(), 0);
  Rows rows = Query("SELECT id, k, c FROM t ORDER BY id");
  ASSERT_EQ(rows.size(), model_.size());
  auto it = model_.begin();
  for (const std::vector<std::string>& row : rows) {
    EXPECT_EQ(row[0], absl::StrCat(it->first));
    EXPECT_EQ(row[1], absl::StrCat(it->second)) << "id " << it->first;
    EXPECT_EQ(row[2], "7");
    ++it;
  }
  ASSERT_EQ(Query("EXPLAIN SELECT COUNT(*) FROM t WHERE k >= 0")[0][1], "index range");
  EXPECT_EQ(Query("SELECT COUNT(*), SUM(id) FROM t WHERE k >= 0"),
            Query("SELECT COUNT(*), SUM(id) FROM t"));
}

TEST_F(AlterOnlineTest, ProcessListShowsTheCopyProgress) {
  std::atomic<bool> done{false};
  const std::string statement = "ALTER TABLE t MODIFY k BIGINT NOT NULL";
  std::thread alter([&] {
    std::unique_ptr<Session> session = SessionOnD();
    Run(*session, statement);
    done = true;
  });
  std::string seen;
  while (!done && seen.empty()) {
    for (const std::vector<std::string>& row : Query("SHOW PROCESSLIST")) {
      if (row[7] == statement && absl::StartsWith(row[6], "copy to tmp table: ")) seen = row[6];
    }
  }
  alter.join();
  EXPECT_TRUE(absl::EndsWith(seen, absl::StrCat(" of ", kRows, " rows"))) << seen;
}

TEST_F(AlterOnlineTest, KilledAlterLeavesTheTableAsItWas) {
  std::unique_ptr<Session> session = SessionOnD();
  std::atomic<bool> done{false};
  absl::Status status;
  std::thread alter([&] {
    status = session->Execute("ALTER TABLE t ADD COLUMN c INT, ADD INDEX by_k (k)").status();
    done = true;
  });
  // KILL QUERY as the MySQL front end sends it, once the copy runs.
  bool copying = false;
  while (!done && !copying) {
    for (const std::vector<std::string>& row : Query("SHOW PROCESSLIST")) {
      copying = copying || absl::StartsWith(row[6], "copy to tmp table: ");
    }
  }
  session->interrupt()->Interrupt(
      SqlError(absl::StatusCode::kCancelled, MysqlErrno::kQueryInterrupted,
               "Query execution was interrupted"));
  alter.join();
  if (!copying) GTEST_SKIP() << "the ALTER ended before the copy was seen";
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kQueryInterrupted) << status;
  EXPECT_EQ(ColumnNames("SELECT * FROM t"), (std::vector<std::string>{"id", "k"}));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM t")[0][0], absl::StrCat(kRows));
  Run("ALTER TABLE t ADD COLUMN c INT");  // no shadow left behind to block it
}

TEST_F(AlterOnlineTest, FailedCopyLeavesTheTableAsItWas) {
  Run("INSERT INTO t VALUES (-1, 1000)");
  EXPECT_EQ(Errno("ALTER TABLE t MODIFY k TINYINT NOT NULL, ADD COLUMN c INT"), 1264);
  EXPECT_EQ(Query("SELECT COUNT(*), SUM(k) FROM t"),
            Query("SELECT COUNT(*), SUM(k) FROM t WHERE id >= -1"));
  EXPECT_EQ(ColumnNames("SELECT * FROM t"), (std::vector<std::string>{"id", "k"}));
  Run("ALTER TABLE t ADD COLUMN c INT");  // no shadow left behind to block it
}

}  // namespace
}  // namespace ordinal::engine
