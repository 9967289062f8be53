// ordinald as a process: health, reflection, authentication, start-up failures, shutdown,
// sessions and concurrent clients.
#include <grpcpp/client_context.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/synchronization/mutex.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/integration/server_fixture.h"

namespace ordinal::integration {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ordinal::testing::Credentials;
using ordinal::testing::HealthStatus;

absl::StatusOr<ordinal::v1::GetStatusResponse> GetStatus(
    const std::shared_ptr<grpc::Channel>& channel, const Credentials& credentials = {}) {
  auto stub = ordinal::v1::Admin::NewStub(channel);
  grpc::ClientContext context;
  if (credentials.send) {
    context.AddMetadata(kUserMetadataKey, credentials.user);
    context.AddMetadata(kPasswordMetadataKey, credentials.password);
  }
  ordinal::v1::GetStatusResponse response;
  grpc::Status status = stub->GetStatus(&context, {}, &response);
  if (!status.ok()) return FromGrpcStatus(status, context);
  return response;
}

ordinal::v1::ExecuteRequest Request(const std::string& sql) {
  ordinal::v1::ExecuteRequest request;
  request.set_sql(sql);
  return request;
}

class ServerTest : public ServerFixture {};

TEST_F(ServerTest, HealthIsServingForEveryProbeName) {
  for (const char* name : {"", "ordinal.liveness", "ordinal.readiness", "ordinal.startup"}) {
    auto health = ordinal::testing::CheckHealth(channel_, name);
    ASSERT_TRUE(health.ok()) << name << ": " << health.status();
    EXPECT_EQ(*health, HealthStatus::kServing) << name;
  }
}

TEST_F(ServerTest, ReflectionListsTheServices) {
  auto services = ordinal::testing::ListServices(channel_);
  ASSERT_TRUE(services.ok()) << services.status();
  EXPECT_THAT(*services, Contains("ordinal.v1.Sql"));
  EXPECT_THAT(*services, Contains("ordinal.v1.Admin"));
  EXPECT_THAT(*services, Contains("grpc.health.v1.Health"));
}

TEST_F(ServerTest, WrongPasswordIsUnauthenticatedAndChangesNothing) {
  CreateTable();
  auto response = ordinal::testing::Execute(channel_, Request("INSERT INTO d.t VALUES (1, 'x')"),
                                            Credentials{"root", "wrong"});
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(GetMysqlErrno(response.status()), MysqlErrno::kAccessDenied);
  EXPECT_THAT(response.status().message(), HasSubstr("Access denied for user 'root'"));
  EXPECT_EQ(CountRows(), 0);
}

TEST_F(ServerTest, MissingPasswordIsUnauthenticated) {
  Credentials none;
  none.send = false;
  auto response = ordinal::testing::Execute(channel_, Request("SELECT 1"), none);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnauthenticated);
  auto session = ordinal::testing::OpenSession(channel_, "", none);
  EXPECT_EQ(session.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(GetStatus(channel_, none).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(ServerTest, OtherUserIsUnauthenticated) {
  auto response = ordinal::testing::Execute(
      channel_, Request("SELECT 1"), Credentials{"bob", ordinal::testing::kTestPassword});
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(ServerTest, AdminReportsPrimaryRole) {
  auto status = GetStatus(channel_);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->role(), "primary");
  EXPECT_EQ(status->ordinal(), 0u);
  EXPECT_FALSE(status->version().empty());
}

TEST_F(ServerTest, SigtermExitsZeroAndKeepsData) {
  CreateTable();
  Sql("INSERT INTO d.t VALUES (1, 'kept')");
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_TRUE(server_->Restart().ok());
  Reconnect();
  EXPECT_EQ(ordinal::testing::FirstCell(Sql("SELECT v FROM d.t WHERE id = 1")), "kept");
}

TEST_F(ServerTest, UseLastsForTheSession) {
  CreateTable();
  auto session = ordinal::testing::OpenSession(channel_);
  ASSERT_TRUE(session.ok()) << session.status();
  Sql("USE d", *session);
  auto response = Sql("INSERT INTO t VALUES (1, 'a')", *session);
  EXPECT_EQ(response.current_database(), "d");
  EXPECT_EQ(CountRows(), 1);
}

TEST_F(ServerTest, OpenSessionSelectsDatabase) {
  CreateTable();
  auto session = ordinal::testing::OpenSession(channel_, "d");
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(ordinal::testing::FirstCell(Sql("SELECT COUNT(*) FROM t", *session)), "0");
}

TEST_F(ServerTest, TransactionSpansCallsOfOneSession) {
  CreateTable();
  auto session = ordinal::testing::OpenSession(channel_, "d");
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_TRUE(Sql("BEGIN", *session).in_transaction());
  Sql("INSERT INTO t VALUES (1, 'a')", *session);
  Sql("INSERT INTO t VALUES (2, 'b')", *session);
  EXPECT_EQ(CountRows(), 0);  // not visible to others before COMMIT
  auto commit = Sql("COMMIT", *session);
  EXPECT_FALSE(commit.in_transaction());
  EXPECT_GT(commit.commit_position(), 0u);
  EXPECT_EQ(CountRows(), 2);
}

TEST_F(ServerTest, ClosingASessionRollsBack) {
  CreateTable();
  auto session = ordinal::testing::OpenSession(channel_, "d");
  ASSERT_TRUE(session.ok()) << session.status();
  Sql("BEGIN", *session);
  Sql("INSERT INTO t VALUES (1, 'a')", *session);
  ASSERT_TRUE(ordinal::testing::CloseSession(channel_, *session).ok());
  EXPECT_EQ(CountRows(), 0);
  EXPECT_EQ(Try("SELECT 1", *session).code(), absl::StatusCode::kNotFound);
}

TEST_F(ServerTest, UnknownSessionIsNotFound) {
  EXPECT_EQ(Try("SELECT 1", "0123456789abcdef0123456789abcdef").code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ServerTest, MinPositionOfAnAcknowledgedWriteIsServedAtOnce) {
  CreateTable();
  auto write = Sql("INSERT INTO d.t VALUES (1, 'a')");
  ASSERT_GT(write.commit_position(), 0u);
  auto request = Request("SELECT COUNT(*) FROM d.t");
  request.set_min_position(write.commit_position());
  auto read = ordinal::testing::Execute(channel_, request);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(ordinal::testing::FirstCell(*read), "1");
}

TEST_F(ServerTest, MinPositionBeyondTheLogIsUnavailableAfterTheWait) {
  auto request = Request("SELECT 1");
  request.set_min_position(uint64_t{1} << 60);
  request.set_wait_timeout_ms(100);
  auto read = ordinal::testing::Execute(channel_, request);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetMysqlErrno(read.status()), MysqlErrno::kLockWaitTimeout);
}

TEST_F(ServerTest, ConcurrentSessionsKeepEveryInsert) {
  CreateTable();
  constexpr int kThreads = 8;
  constexpr int kRowsPerThread = 200;
  absl::Mutex mu;
  std::vector<std::string> failures;  // guarded by mu
  auto fail = [&](const absl::Status& status) {
    absl::MutexLock lock(&mu);
    failures.push_back(status.ToString());
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto channel = ordinal::testing::Connect(server_->address());
      auto session = ordinal::testing::OpenSession(channel, "d");
      if (!session.ok()) return fail(session.status());
      for (int i = 0; i < kRowsPerThread; ++i) {
        int id = t * kRowsPerThread + i;
        auto r = ordinal::testing::Execute(
            channel, absl::StrCat("INSERT INTO t VALUES (", id, ", 'v", id, "')"), *session);
        if (!r.ok()) fail(r.status());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_THAT(failures, ::testing::IsEmpty());
  EXPECT_EQ(CountRows(), kThreads * kRowsPerThread);
}

class IdleSessionTest : public ServerFixture {
  ServerOptions Options() override {
    ServerOptions options;
    options.flags = {"--session_idle_timeout_s=1"};
    return options;
  }
};

TEST_F(IdleSessionTest, IdleSessionIsClosedAndRolledBack) {
  CreateTable();
  auto session = ordinal::testing::OpenSession(channel_, "d");
  ASSERT_TRUE(session.ok()) << session.status();
  Sql("BEGIN", *session);
  Sql("INSERT INTO t VALUES (1, 'a')", *session);
  // Waits for the outcome (the server closing the session), bounded by the test timeout.
  absl::Status status;
  do {
    auto admin = GetStatus(channel_);
    ASSERT_TRUE(admin.ok()) << admin.status();
    if (admin->open_sessions() == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (true);
  EXPECT_EQ(Try("SELECT 1", *session).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(CountRows(), 0);
}

// An empty ordinal 1 whose predecessor never comes: it is live, knows it is a replica,
// and waits to clone (tests/integration/clone covers the clone itself).
class ReplicaOrdinalTest : public ServerFixture {
  ServerOptions Options() override {
    ServerOptions options;
    options.ordinal = 1;
    options.wait_for_service = "ordinal.liveness";
    return options;
  }
};

TEST_F(ReplicaOrdinalTest, NonZeroOrdinalStartsAsReplica) {
  auto status = GetStatus(channel_);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->role(), "replica");
  EXPECT_EQ(status->ordinal(), 1u);
  EXPECT_EQ(status->primary_address(), "127.0.1.0:7306");
  EXPECT_EQ(status->replication().state(), "cloning");
}

class InsecureTest : public ServerFixture {
  ServerOptions Options() override {
    ServerOptions options;
    options.password = "";
    return options;
  }
};

TEST_F(InsecureTest, CallsWithoutPasswordWork) {
  Credentials none;
  none.send = false;
  auto response = ordinal::testing::Execute(channel_, Request("SELECT 1"), none);
  EXPECT_TRUE(response.ok()) << response.status();
}

// Start-up failures: ServerProcess::Start reports the exit and the server's log.
TEST(ServerStartTest, RefusesToStartWithoutPassword) {
  ServerOptions options;
  options.password = "";
  options.flags = {"--insecure_no_password=false"};
  auto server = ServerProcess::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(server.status().message(), HasSubstr("exit code 2"));
  EXPECT_THAT(server.status().message(), HasSubstr("ORDINAL_ROOT_PASSWORD"));
}

TEST(ServerStartTest, PasswordFileIsAccepted) {
  std::string dir = ordinal::testing::MakeTempDir("ordinal-password");
  std::string path = dir + "/password";
  {
    std::ofstream out(path);
    out << "from-file\n";
  }
  ServerOptions options;
  options.password = "";
  options.flags = {"--insecure_no_password=false", "--password_file=" + path};
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = ordinal::testing::Connect((*server)->address());
  EXPECT_TRUE(ordinal::testing::Execute(channel, Request("SELECT 1"),
                                        Credentials{"root", "from-file"})
                  .ok());
  EXPECT_EQ(ordinal::testing::Execute(channel, Request("SELECT 1")).status().code(),
            absl::StatusCode::kUnauthenticated);
  ordinal::testing::RemoveTree(dir);
}

TEST(ServerStartTest, UnknownFlagExitsWithStatus2) {
  ServerOptions options;
  options.flags = {"--no_such_flag=1"};
  auto server = ServerProcess::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(server.status().message(), HasSubstr("exit code 2"));
  EXPECT_THAT(server.status().message(), HasSubstr("unknown flag '--no_such_flag=1'"));
}

TEST(ServerStartTest, BadFlagValueExitsWithStatus2) {
  for (const char* flag : {"--port=70000", "--sync_commit=maybe", "--block_cache_mb=abc"}) {
    ServerOptions options;
    options.flags = {flag};
    auto server = ServerProcess::Start(options);
    ASSERT_FALSE(server.ok()) << flag;
    EXPECT_THAT(server.status().message(), HasSubstr("exit code 2")) << flag;
  }
}

TEST(ServerStartTest, BadEnvironmentValueNamesTheVariable) {
  ServerOptions options;
  options.env = {"ORDINAL_SYNC_REPLICAS=lots"};
  auto server = ServerProcess::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(server.status().message(), HasSubstr("ORDINAL_SYNC_REPLICAS"));
}

TEST(ServerStartTest, SecondServerOnTheSamePortFailsClearly) {
  auto first = ServerProcess::Start();
  ASSERT_TRUE(first.ok()) << first.status();
  ServerOptions options;
  options.flags = {absl::StrCat("--port=", (*first)->port())};
  auto second = ServerProcess::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr("exit code 1"));
  EXPECT_THAT(second.status().message(), HasSubstr("cannot listen on"));
  auto channel = ordinal::testing::Connect((*first)->address());
  EXPECT_TRUE(ordinal::testing::Execute(channel, "SELECT 1").ok());
}

}  // namespace
}  // namespace ordinal::integration
