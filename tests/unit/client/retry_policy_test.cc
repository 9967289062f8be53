// Which failures the cluster client retries, how long it waits, and how it reads statements.
#include "client/retry_policy.h"

#include <gtest/gtest.h>

#include "client/client.h"
#include "client/statement_kind.h"
#include "common/sql_error.h"
#include "tests/unit/client/fake_server.h"

namespace ordinal {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DelaysDoubleUpToTheCap) {
  Backoff backoff({.initial_backoff = milliseconds(50), .max_backoff = milliseconds(150)},
                  Backoff::Clock::now() + std::chrono::hours(1));
  EXPECT_EQ(backoff.NextDelay(), milliseconds(50));
  EXPECT_EQ(backoff.NextDelay(), milliseconds(100));
  EXPECT_EQ(backoff.NextDelay(), milliseconds(150));
  EXPECT_EQ(backoff.NextDelay(), milliseconds(150));
}

TEST(BackoffTest, NoDelayEndsPastTheDeadline) {
  Backoff backoff({}, Backoff::Clock::now() + milliseconds(10));
  EXPECT_EQ(backoff.NextDelay(), std::nullopt);
}

TEST(RetryPolicyTest, ReplicaWaitTimeoutIsARetryableRead) {
  absl::Status status = SqlError(absl::StatusCode::kUnavailable, MysqlErrno::kLockWaitTimeout,
                                 "Timed out waiting for position 7");
  EXPECT_TRUE(IsRetryableRead(status));
  EXPECT_FALSE(CertainlyNotSent(status));
}

TEST(RetryPolicyTest, SqlErrorsAreNotRetried) {
  absl::Status status =
      SqlError(absl::StatusCode::kNotFound, MysqlErrno::kNoSuchTable, "Table 'db.t' doesn't exist");
  EXPECT_FALSE(IsRetryableRead(status));
  EXPECT_FALSE(CertainlyNotSent(status));
}

TEST(RetryPolicyTest, LostConnectionMayHaveRunTheWrite) {
  absl::Status status = absl::UnavailableError(
      "Lost connection to OrdinalDB server on '127.0.0.1:1' (Socket closed)");
  SetMysqlErrno(status, 2013);
  EXPECT_TRUE(IsRetryableRead(status));
  EXPECT_FALSE(CertainlyNotSent(status));
}

TEST(RetryPolicyTest, RefusedConnectionCertainlyDidNotSend) {
  std::string address;
  {
    testing::FakeServer gone;
    address = gone.address();
  }  // nothing listens there any more
  absl::Status status = Client::Connect({.address = address}).status();
  EXPECT_TRUE(CertainlyNotSent(status)) << status;
}

TEST(RetryPolicyTest, ReplicaRefusalIsRecognisedByItsErrorNumber) {
  absl::Status status = SqlError(
      absl::StatusCode::kFailedPrecondition, MysqlErrno::kReadOnly,
      "This server is a read-only replica; send writes to the primary at ordinal-0.ordinal:7306");
  EXPECT_TRUE(IsReadOnlyReplicaError(status));
}

TEST(StatementKindTest, ReadKeywordsInAnyCaseAfterComments) {
  EXPECT_EQ(ClassifyStatement("select 1"), StatementKind::kRead);
  EXPECT_EQ(ClassifyStatement("  -- note\n SHOW TABLES"), StatementKind::kRead);
  EXPECT_EQ(ClassifyStatement("/* a */ # b\n Desc t"), StatementKind::kRead);
  EXPECT_EQ(ClassifyStatement("(SELECT 1)"), StatementKind::kRead);
  EXPECT_EQ(ClassifyStatement("EXPLAIN SELECT 1"), StatementKind::kRead);
  EXPECT_EQ(ClassifyStatement("checksum table t"), StatementKind::kRead);
  EXPECT_EQ(ClassifyStatement("DESCRIBE t"), StatementKind::kRead);
}

TEST(StatementKindTest, EverythingElseIsAWrite) {
  EXPECT_EQ(ClassifyStatement("INSERT INTO t VALUES (1)"), StatementKind::kWrite);
  EXPECT_EQ(ClassifyStatement("selected"), StatementKind::kWrite);
  EXPECT_EQ(ClassifyStatement("--SELECT"), StatementKind::kWrite);
  EXPECT_EQ(ClassifyStatement(""), StatementKind::kWrite);
}

TEST(StatementKindTest, SessionStatements) {
  EXPECT_EQ(ClassifyStatement("use shop"), StatementKind::kUse);
  EXPECT_EQ(ClassifyStatement("BEGIN"), StatementKind::kBegin);
  EXPECT_EQ(ClassifyStatement("start transaction"), StatementKind::kBegin);
  EXPECT_EQ(ClassifyStatement("COMMIT"), StatementKind::kEndTransaction);
  EXPECT_EQ(ClassifyStatement("rollback;"), StatementKind::kEndTransaction);
}

}  // namespace
}  // namespace ordinal
