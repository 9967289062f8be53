// Sql.Session, the streaming session RPC, against real ordinald processes: each statement
// on a stream gets what Sql.Execute gives it in a session (results and errors alike), the
// stream's end closes its session and rolls back, bad requests get their own errors, and a
// replica refuses a write on a stream as it does on Execute, a prepared one too.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "client/client.h"
#include "common/sql_error.h"
#include "common/status_reason.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/integration/server_fixture.h"
#include "tests/testing/cluster.h"

namespace ordinal::integration {
namespace {

// Bounds every stream of these tests.
constexpr absl::Duration kStreamLimit = absl::Seconds(60);

// One Sql.Session stream driven synchronously.
class TestStream {
 public:
  TestStream(const std::shared_ptr<grpc::Channel>& channel, const std::string& password)
      : stub_(v1::Sql::NewStub(channel)) {
    context_.set_deadline(absl::ToChronoTime(absl::Now() + kStreamLimit));
    context_.AddMetadata(kPasswordMetadataKey, password);
    stream_ = stub_->Session(&context_);
  }

  // Sends `request` and reads its answer; nullopt when the stream ended instead (Finish
  // then tells why).
  std::optional<v1::SessionResponse> Send(const v1::SessionRequest& request) {
    v1::SessionResponse response;
    if (!stream_->Write(request) || !stream_->Read(&response)) return std::nullopt;
    return response;
  }

  std::optional<v1::SessionResponse> Open(const std::string& database = "") {
    v1::SessionRequest request;
    request.set_database(database);
    return Send(request);
  }

  std::optional<v1::SessionResponse> Run(const std::string& sql) {
    v1::SessionRequest request;
    request.set_sql(sql);
    return Send(request);
  }

  // Half-closes and returns the call's status (errno and reason from the trailing metadata).
  absl::Status Close() {
    stream_->WritesDone();
    return Finish();
  }

  absl::Status Finish() { return FromGrpcStatus(stream_->Finish(), context_); }

  // Cuts the stream as a lost connection would.
  void Cut() { context_.TryCancel(); }

 private:
  std::unique_ptr<v1::Sql::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::SessionRequest, v1::SessionResponse>> stream_;
};

// A statement's outcome in a form that compares across the two RPCs.
absl::StatusOr<v1::ExecuteResponse> Outcome(const v1::SessionResponse& response) {
  if (!response.has_error()) return response.result();
  const v1::StatementError& error = response.error();
  absl::Status status(static_cast<absl::StatusCode>(error.code()), error.message());
  if (error.mysql_errno() != 0) SetMysqlErrno(status, static_cast<int>(error.mysql_errno()));
  return WithReason(status, StatusReasonFromName(error.reason()));
}

// What a client acts on in an outcome: a result but its commit position (which differs
// between two runs), or an error's code, MySQL errno and reason (messages may name
// positions); `database` is written as {db}.
std::string Describe(const absl::StatusOr<v1::ExecuteResponse>& outcome,
                     const std::string& database) {
  std::string text;
  if (!outcome.ok()) {
    const std::string_view reason = StatusReasonName(GetStatusReason(outcome.status()));
    text = absl::StrCat("error ", static_cast<int>(outcome.status().code()), " errno ",
                        static_cast<int>(GetMysqlErrno(outcome.status())), " reason '",
                        absl::string_view(reason.data(), reason.size()), "'");
  } else {
    v1::ExecuteResponse copy = *outcome;
    copy.clear_commit_position();
    text = copy.ShortDebugString();
  }
  return absl::StrReplaceAll(text, {{database, "{db}"}});
}

struct Step {
  std::string sql;  // {db} stands for the run's database
  uint64_t min_position = 0;
  uint32_t wait_timeout_ms = 0;
};

// DDL, DML, reads with rows, errors with their MySQL numbers, a rolled-back transaction, a
// parked wait (SLEEP) and a position wait that times out.
std::vector<Step> Steps() {
  return {
      {"CREATE DATABASE {db}"},
      {"USE {db}"},
      {"CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(20), d DECIMAL(5,2))"},
      {"INSERT INTO t (v, d) VALUES ('a', 1.5), ('b', NULL), ('c', -2.25)"},
      {"SELECT id, v, d FROM t ORDER BY id"},
      {"UPDATE t SET v = 'z' WHERE id = 2"},
      {"SELECT * FROM missing"},
      {"SELEC 1"},
      {"INSERT INTO t (id, v) VALUES (1, 'dup')"},
      {"BEGIN"},
      {"INSERT INTO t (v) VALUES ('d')"},
      {"SELECT COUNT(*) FROM t"},
      {"ROLLBACK"},
      {"SELECT COUNT(*), MAX(v) FROM t"},
      {"SHOW TABLES"},
      {"SELECT SLEEP(0)"},
      {"SELECT 1", /*min_position=*/uint64_t{1} << 60, /*wait_timeout_ms=*/50},
      {"DROP TABLE t"},
      {"SELECT DATABASE()"},
  };
}

class SessionStreamTest : public ServerFixture {
 protected:
  std::unique_ptr<TestStream> NewStream(const std::string& password = ordinal::testing::kTestPassword) {
    return std::make_unique<TestStream>(channel_, password);
  }

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
};

TEST_F(SessionStreamTest, StatementsGetWhatExecuteGives) {
  const std::vector<Step> steps = Steps();
  std::vector<std::string> on_stream;
  {
    std::unique_ptr<TestStream> stream = NewStream();
    ASSERT_TRUE(stream->Open().has_value()) << stream->Finish();
    for (const Step& step : steps) {
      v1::SessionRequest request;
      request.set_sql(absl::StrReplaceAll(step.sql, {{"{db}", "db_on_stream"}}));
      request.set_min_position(step.min_position);
      request.set_wait_timeout_ms(step.wait_timeout_ms);
      std::optional<v1::SessionResponse> response = stream->Send(request);
      ASSERT_TRUE(response.has_value()) << step.sql << ": " << stream->Finish();
      on_stream.push_back(Describe(Outcome(*response), "db_on_stream"));
    }
    EXPECT_TRUE(stream->Close().ok());
  }
  absl::StatusOr<std::string> session = ordinal::testing::OpenSession(channel_);
  ASSERT_TRUE(session.ok()) << session.status();
  for (size_t i = 0; i < steps.size(); ++i) {
    v1::ExecuteRequest request;
    request.set_session_id(*session);
    request.set_sql(absl::StrReplaceAll(steps[i].sql, {{"{db}", "db_on_calls"}}));
    request.set_min_position(steps[i].min_position);
    request.set_wait_timeout_ms(steps[i].wait_timeout_ms);
    EXPECT_EQ(on_stream[i], Describe(ordinal::testing::Execute(channel_, request), "db_on_calls"))
        << steps[i].sql;
  }
  // The errors kept their numbers.
  EXPECT_NE(on_stream[6].find("errno 1146"), std::string::npos) << on_stream[6];
  EXPECT_NE(on_stream[7].find("errno 1064"), std::string::npos) << on_stream[7];
  EXPECT_NE(on_stream[8].find("errno 1062"), std::string::npos) << on_stream[8];
}

TEST_F(SessionStreamTest, OpenSelectsTheDatabase) {
  CreateTable("shop");
  std::unique_ptr<TestStream> stream = NewStream();
  std::optional<v1::SessionResponse> opened = stream->Open("shop");
  ASSERT_TRUE(opened.has_value()) << stream->Finish();
  EXPECT_EQ(opened->result().current_database(), "shop");
  EXPECT_FALSE(opened->result().has_result_set());
  std::optional<v1::SessionResponse> count = stream->Run("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(ordinal::testing::FirstCell(count->result()), "0");
  EXPECT_TRUE(stream->Close().ok());
}

TEST_F(SessionStreamTest, FirstStatementMayTravelWithTheOpen) {
  std::unique_ptr<TestStream> stream = NewStream();
  std::optional<v1::SessionResponse> response = stream->Run("SELECT 40 + 2");
  ASSERT_TRUE(response.has_value()) << stream->Finish();
  EXPECT_EQ(ordinal::testing::FirstCell(response->result()), "42");
  EXPECT_TRUE(stream->Close().ok());
}

TEST_F(SessionStreamTest, HalfCloseEndsTheCallAndTheSession) {
  const int before = OpenSessions();
  std::unique_ptr<TestStream> stream = NewStream();
  ASSERT_TRUE(stream->Open().has_value());
  EXPECT_EQ(OpenSessions(), before + 1);
  EXPECT_TRUE(stream->Close().ok());
  // The session is closed before the call ends.
  EXPECT_EQ(OpenSessions(), before);
}

TEST_F(SessionStreamTest, CutMidTransactionRollsBack) {
  CreateTable();
  const int before = OpenSessions();
  std::unique_ptr<TestStream> stream = NewStream();
  ASSERT_TRUE(stream->Open("d").has_value());
  ASSERT_TRUE(stream->Run("BEGIN").has_value());
  std::optional<v1::SessionResponse> insert = stream->Run("INSERT INTO t VALUES (1, 'x')");
  ASSERT_TRUE(insert.has_value());
  ASSERT_FALSE(insert->has_error()) << insert->error().message();
  EXPECT_TRUE(insert->result().in_transaction());
  stream->Cut();
  EXPECT_EQ(stream->Finish().code(), absl::StatusCode::kCancelled);
  // The server notices the cut on its own schedule: wait (bounded) for the session to go.
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (OpenSessions() != before && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(OpenSessions(), before);
  EXPECT_EQ(CountRows(), 0);
  // The row's key is free: the transaction's write is gone, not merely invisible.
  Sql("INSERT INTO d.t VALUES (1, 'y')");
}

TEST_F(SessionStreamTest, StatementErrorsKeepTheStreamAndTheTransaction) {
  CreateTable();
  std::unique_ptr<TestStream> stream = NewStream();
  ASSERT_TRUE(stream->Open("d").has_value());
  ASSERT_TRUE(stream->Run("BEGIN").has_value());
  ASSERT_TRUE(stream->Run("INSERT INTO t VALUES (1, 'x')").has_value());
  std::optional<v1::SessionResponse> duplicate = stream->Run("INSERT INTO t VALUES (1, 'x')");
  ASSERT_TRUE(duplicate.has_value());
  ASSERT_TRUE(duplicate->has_error());
  EXPECT_EQ(duplicate->error().mysql_errno(), 1062u);
  EXPECT_EQ(duplicate->error().sqlstate(), "23000");
  std::optional<v1::SessionResponse> commit = stream->Run("COMMIT");
  ASSERT_TRUE(commit.has_value());
  EXPECT_FALSE(commit->has_error());
  EXPECT_GT(commit->result().commit_position(), 0u);
  EXPECT_EQ(CountRows(), 1);
  EXPECT_TRUE(stream->Close().ok());
}

TEST_F(SessionStreamTest, UnknownDatabaseEndsTheCallWithItsErrno) {
  const int before = OpenSessions();
  std::unique_ptr<TestStream> stream = NewStream();
  EXPECT_FALSE(stream->Open("missing").has_value());
  absl::Status status = stream->Finish();
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kBadDb) << status;
  EXPECT_EQ(OpenSessions(), before);
}

TEST_F(SessionStreamTest, WrongPasswordIsUnauthenticated) {
  std::unique_ptr<TestStream> stream = NewStream("wrong");
  EXPECT_FALSE(stream->Open().has_value());
  EXPECT_EQ(stream->Finish().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(SessionStreamTest, BadRequestsGetTheirOwnErrors) {
  std::unique_ptr<TestStream> stream = NewStream();
  ASSERT_TRUE(stream->Open().has_value());
  // An empty statement after the open is an empty query, as on Execute.
  std::optional<v1::SessionResponse> empty = stream->Run("");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->has_error());
  EXPECT_EQ(Describe(Outcome(*empty), ""), Describe(ordinal::testing::Execute(channel_, ""), ""));
  // Two statements, a NUL byte, a statement over the engine's size limit.
  for (const std::string& sql : {std::string("SELECT 1; SELECT 2"), std::string("SELECT '\0'", 10),
                                 std::string("SELECT '") + std::string(5 << 20, 'x') + "'"}) {
    std::optional<v1::SessionResponse> response = stream->Run(sql);
    ASSERT_TRUE(response.has_value()) << sql.substr(0, 40) << ": " << stream->Finish();
    EXPECT_EQ(Describe(Outcome(*response), ""),
              Describe(ordinal::testing::Execute(channel_, sql), ""))
        << sql.substr(0, 40);
  }
  // The stream still works.
  std::optional<v1::SessionResponse> after = stream->Run("SELECT 7");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(ordinal::testing::FirstCell(after->result()), "7");
  // A database on a later request is ignored.
  v1::SessionRequest request;
  request.set_sql("SELECT DATABASE()");
  request.set_database("missing");
  std::optional<v1::SessionResponse> database = stream->Send(request);
  ASSERT_TRUE(database.has_value());
  EXPECT_FALSE(database->has_error());
  EXPECT_TRUE(stream->Close().ok());
}

TEST_F(SessionStreamTest, ManyStreamsLeaveNoSessionBehind) {
  const int before = OpenSessions();
  for (int i = 0; i < 20; ++i) {
    std::unique_ptr<TestStream> stream = NewStream();
    ASSERT_TRUE(stream->Run("SELECT 1").has_value());
    if (i % 2 == 0) {
      EXPECT_TRUE(stream->Close().ok());
    } else {
      stream->Cut();
      stream->Finish().IgnoreError();
    }
  }
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (OpenSessions() != before && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(OpenSessions(), before);
}

TEST_F(SessionStreamTest, ShutdownEndsAnIdleStreamPromptly) {
  std::unique_ptr<TestStream> stream = NewStream();
  ASSERT_TRUE(stream->Open().has_value());
  const absl::Time start = absl::Now();
  ASSERT_TRUE(server_->Stop().ok());
  // An idle stream holds neither the call gate nor the store: shutdown does not wait for it
  // to end (the bound is far above the drain's 200 ms, far below its 5 s grace).
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));
  EXPECT_FALSE(stream->Run("SELECT 1").has_value());
  EXPECT_FALSE(stream->Finish().ok());
}

TEST_F(SessionStreamTest, ClientRunsItsNextStatementInANewSessionAfterARestart) {
  absl::StatusOr<std::unique_ptr<Client>> client =
      Client::Connect({.address = server_->address(), .password = server_->password()});
  ASSERT_TRUE(client.ok()) << client.status();
  ASSERT_TRUE((*client)->Execute("SELECT 1").ok());
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_TRUE(server_->Restart().ok());
  // The stream ended while the client was idle: the statement never left, so it runs in a
  // new session.
  absl::StatusOr<ResultSet> after = (*client)->Execute("SELECT 2");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->rows[0][0].ToString(), "2");
  // Inside a transaction the same restart is an error: the transaction is gone.
  ASSERT_TRUE((*client)->Begin().ok());
  ASSERT_TRUE(server_->Kill().ok());
  ASSERT_TRUE(server_->Restart().ok());
  absl::Status lost = (*client)->Execute("SELECT 3").status();
  EXPECT_FALSE(lost.ok());
  EXPECT_NE(lost.message().find("transaction was rolled back"), absl::string_view::npos) << lost;
  EXPECT_FALSE((*client)->in_transaction());
  EXPECT_TRUE((*client)->Execute("SELECT 4").ok());
}

class SessionStreamIdleTest : public SessionStreamTest {
 protected:
  ServerOptions Options() override { return {.flags = {"--session_idle_timeout_s=1"}}; }
};

TEST_F(SessionStreamIdleTest, ExpiredSessionEndsItsStreamAsUnknownSession) {
  std::unique_ptr<TestStream> stream = NewStream();
  ASSERT_TRUE(stream->Open().has_value());
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (OpenSessions() != 0 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(50));
  ASSERT_EQ(OpenSessions(), 0);
  std::optional<v1::SessionResponse> response = stream->Run("SELECT 1");
  ASSERT_TRUE(response.has_value());
  ASSERT_TRUE(response->has_error());
  EXPECT_EQ(response->error().reason(), "unknown-session");
  EXPECT_EQ(response->error().code(), static_cast<int>(grpc::StatusCode::NOT_FOUND));
  absl::Status end = stream->Finish();
  EXPECT_EQ(end.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetStatusReason(end), StatusReason::kUnknownSession);
}

class SessionStreamReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ordinal::testing::ClusterProcessOptions options;
    options.pods = 2;
    auto cluster = ordinal::testing::ClusterProcess::Start(options);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
  }

  std::unique_ptr<ordinal::testing::ClusterProcess> cluster_;
};

TEST_F(SessionStreamReplicaTest, ReplicaRefusesWritesNamingThePrimary) {
  ASSERT_TRUE(cluster_->Execute(0, "CREATE DATABASE d").ok());
  ASSERT_TRUE(cluster_->Execute(0, "CREATE TABLE d.t (id INT PRIMARY KEY)").ok());
  ASSERT_TRUE(cluster_->WaitConverged(absl::Seconds(30)).ok());
  TestStream stream(ordinal::testing::Connect(cluster_->address(1)), cluster_->password());
  ASSERT_TRUE(stream.Open("d").has_value()) << stream.Finish();
  std::optional<v1::SessionResponse> write = stream.Run("INSERT INTO t VALUES (1)");
  ASSERT_TRUE(write.has_value()) << stream.Finish();
  ASSERT_TRUE(write->has_error());
  EXPECT_EQ(write->error().code(), static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
  EXPECT_EQ(write->error().mysql_errno(), 1290u);
  EXPECT_EQ(write->error().primary_address(), cluster_->address(0));
  // Reads go on in the same session.
  std::optional<v1::SessionResponse> read = stream.Run("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(ordinal::testing::FirstCell(read->result()), "0");
  EXPECT_TRUE(stream.Close().ok());
}

TEST_F(SessionStreamReplicaTest, ReplicaRefusesAPreparedWriteWith1290) {
  ASSERT_TRUE(cluster_->Execute(0, "CREATE DATABASE d").ok());
  ASSERT_TRUE(cluster_->Execute(0, "CREATE TABLE d.t (id INT PRIMARY KEY)").ok());
  ASSERT_TRUE(cluster_->Execute(0, "INSERT INTO d.t VALUES (1)").ok());
  ASSERT_TRUE(cluster_->WaitConverged(absl::Seconds(30)).ok());
  absl::StatusOr<std::unique_ptr<Client>> client = Client::Connect(
      {.address = cluster_->address(1), .password = cluster_->password(), .database = "d"});
  ASSERT_TRUE(client.ok()) << client.status();
  absl::StatusOr<ResultSet> write = (*client)->Execute("INSERT INTO t VALUES (?)", {Value::Int(2)});
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetMysqlErrno(write.status()), MysqlErrno::kReadOnly);
  EXPECT_EQ((*client)->redirect_address(), cluster_->address(0));
  // A prepared read runs on the replica.
  absl::StatusOr<ResultSet> read =
      (*client)->Execute("SELECT COUNT(*) FROM t WHERE id = ?", {Value::Int(1)});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->rows[0][0].ToString(), "1");
}

}  // namespace
}  // namespace ordinal::integration
