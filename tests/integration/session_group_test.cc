// ordinal::SessionGroup against a real ordinald: many sessions driven from one thread each
// get their own answers, statement errors leave the session (and its transaction) open, a
// restart is survived as Client survives it, a statement without an answer in time is
// cancelled without losing the session slot, and the destructor ends what is in flight.
#include "client/session_group.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/client.h"
#include "common/sql_error.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/integration/server_fixture.h"

namespace ordinal::integration {
namespace {

// Bounds every wait for answers in these tests.
constexpr absl::Duration kAnswerLimit = absl::Seconds(60);

class SessionGroupTest : public ServerFixture {
 protected:
  ClientOptions GroupOptions(const std::string& database = "") {
    return {.address = server_->address(), .password = server_->password(),
            .database = database};
  }

  std::unique_ptr<SessionGroup> Connect(int sessions, const ClientOptions& options) {
    absl::StatusOr<std::unique_ptr<SessionGroup>> group =
        SessionGroup::Connect(options, sessions);
    EXPECT_TRUE(group.ok()) << group.status();
    return group.ok() ? *std::move(group) : nullptr;
  }

  // Runs `sql` in `session` and polls until its answer (bounded).
  static absl::StatusOr<ResultSet> Run(SessionGroup& group, int session, const std::string& sql) {
    std::optional<absl::StatusOr<ResultSet>> answer;
    group.Execute(session, sql,
                  [&answer](absl::StatusOr<ResultSet> rs) { answer = std::move(rs); });
    const absl::Time give_up = absl::Now() + kAnswerLimit;
    while (!answer.has_value() && absl::Now() < give_up) {
      group.Poll(std::chrono::milliseconds(100));
    }
    if (!answer.has_value()) return absl::DeadlineExceededError("no answer in the test's limit");
    return *std::move(answer);
  }

  // Admin.GetStatus's open_sessions; -1 when the call failed.
  int OpenSessions() {
    auto stub = v1::Admin::NewStub(channel_);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + ordinal::testing::kCallTimeout));
    context.AddMetadata(kPasswordMetadataKey, server_->password());
    v1::GetStatusResponse response;
    grpc::Status status = stub->GetStatus(&context, {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return status.ok() ? static_cast<int>(response.open_sessions()) : -1;
  }

  static std::string FirstCell(const absl::StatusOr<ResultSet>& rs) {
    if (!rs.ok() || rs->rows.empty() || rs->rows[0].empty()) return "<none>";
    return rs->rows[0][0].ToString();
  }
};

TEST_F(SessionGroupTest, ManySessionsEachGetTheirOwnAnswers) {
  constexpr int kSessions = 24;
  constexpr int kRounds = 20;
  std::unique_ptr<SessionGroup> group = Connect(kSessions, GroupOptions());
  ASSERT_NE(group, nullptr);
  // Each session selects a database of its own, so a mixed-up answer shows.
  for (int i = 0; i < kSessions; ++i) Sql(absl::StrCat("CREATE DATABASE g", i));
  std::map<int, std::vector<std::string>> answers;
  auto send_all = [&](auto make_sql) {
    for (int i = 0; i < kSessions; ++i) {
      group->Execute(i, make_sql(i), [&answers, i](absl::StatusOr<ResultSet> rs) {
        answers[i].push_back(rs.ok() ? (rs->rows.empty() ? "ok" : rs->rows[0][0].ToString())
                                     : std::string(rs.status().ToString()));
      });
    }
    const absl::Time give_up = absl::Now() + kAnswerLimit;
    while (group->in_flight() > 0 && absl::Now() < give_up) {
      group->Poll(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(group->in_flight(), 0);
  };
  send_all([](int i) { return absl::StrCat("USE g", i); });
  for (int round = 0; round < kRounds; ++round) {
    send_all([round](int i) {
      return absl::StrCat("SELECT CONCAT(DATABASE(), '/', ", round, ")");
    });
  }
  for (int i = 0; i < kSessions; ++i) {
    ASSERT_EQ(answers[i].size(), static_cast<size_t>(kRounds + 1)) << "session " << i;
    EXPECT_EQ(answers[i][0], "ok");
    for (int round = 0; round < kRounds; ++round) {
      EXPECT_EQ(answers[i][round + 1], absl::StrCat("g", i, "/", round)) << "session " << i;
    }
    EXPECT_EQ(group->current_database(i), absl::StrCat("g", i));
  }
}

TEST_F(SessionGroupTest, StatementErrorKeepsTheSessionAndItsTransaction) {
  CreateTable("d");
  std::unique_ptr<SessionGroup> group = Connect(2, GroupOptions("d"));
  ASSERT_NE(group, nullptr);
  ASSERT_TRUE(Run(*group, 0, "BEGIN").ok());
  ASSERT_TRUE(Run(*group, 0, "INSERT INTO t VALUES (1, 'a')").ok());
  absl::StatusOr<ResultSet> missing = Run(*group, 0, "SELECT * FROM no_such_table");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(GetMysqlErrno(missing.status()), MysqlErrno::kNoSuchTable) << missing.status();
  EXPECT_TRUE(group->in_transaction(0));
  // The other session does not see the uncommitted row; the first one does.
  EXPECT_EQ(FirstCell(Run(*group, 1, "SELECT COUNT(*) FROM t")), "0");
  EXPECT_EQ(FirstCell(Run(*group, 0, "SELECT COUNT(*) FROM t")), "1");
  ASSERT_TRUE(Run(*group, 0, "COMMIT").ok());
  EXPECT_FALSE(group->in_transaction(0));
  EXPECT_EQ(FirstCell(Run(*group, 1, "SELECT COUNT(*) FROM t")), "1");
}

TEST_F(SessionGroupTest, SecondStatementOnABusySessionFailsAtOnce) {
  std::unique_ptr<SessionGroup> group = Connect(1, GroupOptions());
  ASSERT_NE(group, nullptr);
  std::optional<absl::StatusOr<ResultSet>> first;
  group->Execute(0, "SELECT SLEEP(0.2)", [&first](absl::StatusOr<ResultSet> rs) { first = rs; });
  std::optional<absl::Status> second;
  group->Execute(0, "SELECT 1", [&second](absl::StatusOr<ResultSet> rs) { second = rs.status(); });
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->code(), absl::StatusCode::kFailedPrecondition);
  std::optional<absl::Status> out_of_range;
  group->Execute(7, "SELECT 1",
                 [&out_of_range](absl::StatusOr<ResultSet> rs) { out_of_range = rs.status(); });
  ASSERT_TRUE(out_of_range.has_value());
  EXPECT_EQ(out_of_range->code(), absl::StatusCode::kInvalidArgument);
  const absl::Time give_up = absl::Now() + kAnswerLimit;
  while (!first.has_value() && absl::Now() < give_up) group->Poll(std::chrono::milliseconds(100));
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->ok()) << first->status();
}

TEST_F(SessionGroupTest, UnknownDatabaseFailsConnect) {
  absl::StatusOr<std::unique_ptr<SessionGroup>> group =
      SessionGroup::Connect(GroupOptions("no_such_db"), 3);
  ASSERT_FALSE(group.ok());
  EXPECT_EQ(GetMysqlErrno(group.status()), MysqlErrno::kBadDb) << group.status();
}

TEST_F(SessionGroupTest, SessionsSurviveARestartAsClientDoes) {
  std::unique_ptr<SessionGroup> group = Connect(2, GroupOptions());
  ASSERT_NE(group, nullptr);
  ASSERT_TRUE(Run(*group, 0, "SELECT 1").ok());
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_TRUE(server_->Restart().ok());
  // The streams ended while idle: the statements never left, so they run in new sessions.
  EXPECT_EQ(FirstCell(Run(*group, 0, "SELECT 2")), "2");
  EXPECT_EQ(FirstCell(Run(*group, 1, "SELECT 3")), "3");
  // Inside a transaction the same restart is an error: the transaction is gone.
  ASSERT_TRUE(Run(*group, 0, "BEGIN").ok());
  ASSERT_TRUE(server_->Kill().ok());
  ASSERT_TRUE(server_->Restart().ok());
  absl::Status lost = Run(*group, 0, "SELECT 4").status();
  EXPECT_FALSE(lost.ok());
  EXPECT_NE(lost.message().find("transaction was rolled back"), absl::string_view::npos) << lost;
  EXPECT_FALSE(group->in_transaction(0));
  EXPECT_EQ(FirstCell(Run(*group, 0, "SELECT 5")), "5");
  EXPECT_EQ(FirstCell(Run(*group, 1, "SELECT 6")), "6");
}

TEST_F(SessionGroupTest, StatementWithoutAnAnswerInTimeIsCancelled) {
  ClientOptions options = GroupOptions();
  // Long enough for opening streams on a loaded machine, far below the statement's sleep.
  options.timeout = std::chrono::milliseconds(2000);
  std::unique_ptr<SessionGroup> group = Connect(2, options);
  ASSERT_NE(group, nullptr);
  absl::Status slow = Run(*group, 0, "SELECT SLEEP(50)").status();
  EXPECT_EQ(slow.code(), absl::StatusCode::kDeadlineExceeded) << slow;
  EXPECT_EQ(static_cast<int>(GetMysqlErrno(slow)), 2013) << slow;
  // The session goes on, on a new stream; the other one was never disturbed.
  EXPECT_EQ(FirstCell(Run(*group, 0, "SELECT 7")), "7");
  EXPECT_EQ(FirstCell(Run(*group, 1, "SELECT 8")), "8");
}

TEST_F(SessionGroupTest, DestructorEndsStatementsInFlight) {
  std::unique_ptr<SessionGroup> group = Connect(2, GroupOptions());
  ASSERT_NE(group, nullptr);
  std::optional<absl::Status> slow;
  group->Execute(0, "SELECT SLEEP(30)",
                 [&slow](absl::StatusOr<ResultSet> rs) { slow = rs.status(); });
  ASSERT_TRUE(Run(*group, 1, "SELECT 1").ok());
  EXPECT_EQ(OpenSessions(), 2);
  group.reset();
  ASSERT_TRUE(slow.has_value());
  EXPECT_FALSE(slow->ok());
  // The server closes both sessions as their streams end.
  const absl::Time give_up = absl::Now() + kAnswerLimit;
  while (OpenSessions() != 0 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(OpenSessions(), 0);
}

}  // namespace
}  // namespace ordinal::integration
