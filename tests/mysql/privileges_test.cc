// Users and privileges against real ordinald processes (docs/users-and-privileges.md): a
// least-privilege account over both front ends (gRPC and the MySQL protocol with the
// mariadb CLI and PyMySQL), wrong passwords, dropped users, REVOKE, MAX_USER_CONNECTIONS,
// and in a cluster: accounts replicate, replicas stream as the replication user, and
// accounts without REPLICATION SLAVE are refused by the log stream and by clone.
#include <fstream>
#include <memory>
#include <string>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/sql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ordinal/v1/clone.grpc.pb.h"
#include "ordinal/v1/replication.grpc.pb.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/mysql/client_runner.h"
#include "tests/testing/cluster.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kPython[] = "/usr/bin/python3";

#define ORD_NEED_PROGRAM(p) \
  if (!HaveProgram(p)) GTEST_SKIP() << p << " is not installed (scripts/install-deps.sh)"

// Sql.Execute of `sql` on `address` as `user`.
absl::StatusOr<v1::ExecuteResponse> ExecuteAs(const std::string& address, const std::string& user,
                                              const std::string& password,
                                              const std::string& sql) {
  auto stub = v1::Sql::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  context.AddMetadata(kUserMetadataKey, user);
  context.AddMetadata(kPasswordMetadataKey, password);
  v1::ExecuteRequest request;
  request.set_sql(sql);
  v1::ExecuteResponse response;
  grpc::Status status = stub->Execute(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status, context);
  return response;
}

int ErrnoOf(const absl::StatusOr<v1::ExecuteResponse>& r) {
  return r.ok() ? 0 : static_cast<int>(GetMysqlErrno(r.status()));
}

class PrivilegesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    for (const char* sql : {"CREATE DATABASE d", "CREATE TABLE d.t (k INT PRIMARY KEY)",
                            "INSERT INTO d.t VALUES (1)",
                            "CREATE USER reader IDENTIFIED BY 'reader-pw'",
                            "GRANT SELECT ON d.t TO reader"}) {
      ASSERT_TRUE(Root(sql).ok()) << sql;
    }
  }

  absl::StatusOr<v1::ExecuteResponse> Root(const std::string& sql) {
    return ExecuteAs(server_->address(), "root", kTestPassword, sql);
  }

  CommandResult Mariadb(const std::string& user, const std::string& password,
                        const std::string& sql) {
    return RunCommand({"mariadb", "-h", "127.0.0.1", "-P", std::to_string(server_->mysql_port()),
                       "-u", user, "--batch", "-e", sql},
                      {{"MYSQL_PWD", password}}, 60);
  }

  CommandResult PyMysql(const std::string& user, const std::string& password,
                        const std::string& sql) {
    const std::string script = absl::StrCat(
        "import pymysql,sys\n"
        "try:\n"
        "  c=pymysql.connect(host='127.0.0.1',port=",
        server_->mysql_port(),
        ",user=sys.argv[1],password=sys.argv[2])\n"
        "  cur=c.cursor(); cur.execute(sys.argv[3]); print('rows', cur.fetchall())\n"
        "except pymysql.err.MySQLError as e:\n"
        "  print('error', e.args[0], e.args[1]); sys.exit(3)\n");
    return RunCommand({kPython, "-c", script, user, password, sql}, {}, 60);
  }

  std::unique_ptr<ServerProcess> server_;
};

TEST_F(PrivilegesTest, LeastPrivilegeAccountOverGrpc) {
  absl::StatusOr<v1::ExecuteResponse> read =
      ExecuteAs(server_->address(), "reader", "reader-pw", "SELECT k FROM d.t");
  ASSERT_TRUE(read.ok()) << read.status();
  absl::StatusOr<v1::ExecuteResponse> write =
      ExecuteAs(server_->address(), "reader", "reader-pw", "INSERT INTO d.t VALUES (2)");
  EXPECT_EQ(ErrnoOf(write), 1142);
  EXPECT_THAT(std::string(write.status().message()),
              HasSubstr("INSERT command denied to user 'reader'@'127.0.0.1' for table 't'"));
  EXPECT_EQ(ErrnoOf(ExecuteAs(server_->address(), "reader", "wrong", "SELECT 1")), 1045);
}

TEST_F(PrivilegesTest, LeastPrivilegeAccountOverTheMysqlProtocol) {
  ORD_NEED_PROGRAM("mariadb");
  CommandResult read = Mariadb("reader", "reader-pw", "SELECT k FROM d.t");
  ASSERT_EQ(read.exit_code, 0) << read.output;
  CommandResult write = Mariadb("reader", "reader-pw", "INSERT INTO d.t VALUES (2)");
  EXPECT_NE(write.exit_code, 0);
  EXPECT_THAT(write.output, HasSubstr("ERROR 1142 (42000)"));
  EXPECT_THAT(write.output, HasSubstr("INSERT command denied to user 'reader'@'127.0.0.1' for "
                                      "table 't'"));
  CommandResult wrong = Mariadb("reader", "not-it", "SELECT 1");
  EXPECT_THAT(wrong.output, HasSubstr("ERROR 1045 (28000): Access denied for user "
                                      "'reader'@'127.0.0.1' (using password: YES)"));
}

TEST_F(PrivilegesTest, PyMysqlLogsInWithCachingSha2AndIsRefusedInserts) {
  ORD_NEED_PROGRAM(kPython);
  CommandResult read = PyMysql("reader", "reader-pw", "SELECT k FROM d.t");
  ASSERT_EQ(read.exit_code, 0) << read.output;
  EXPECT_THAT(read.output, HasSubstr("rows ((1,),)"));
  CommandResult write = PyMysql("reader", "reader-pw", "INSERT INTO d.t VALUES (2)");
  EXPECT_THAT(write.output, HasSubstr("error 1142"));
  CommandResult wrong = PyMysql("reader", "nope", "SELECT 1");
  EXPECT_THAT(wrong.output, HasSubstr("error 1045"));
}

TEST_F(PrivilegesTest, ADroppedUserCannotLogInAndRevokeHoldsAtOnce) {
  ORD_NEED_PROGRAM("mariadb");
  ASSERT_TRUE(Root("REVOKE SELECT ON d.t FROM reader").ok());
  EXPECT_EQ(ErrnoOf(ExecuteAs(server_->address(), "reader", "reader-pw", "SELECT k FROM d.t")),
            1142);
  ASSERT_TRUE(Root("DROP USER reader").ok());
  EXPECT_EQ(ErrnoOf(ExecuteAs(server_->address(), "reader", "reader-pw", "SELECT 1")), 1045);
  EXPECT_THAT(Mariadb("reader", "reader-pw", "SELECT 1").output, HasSubstr("ERROR 1045"));
}

TEST_F(PrivilegesTest, MaxUserConnectionsIsError1226) {
  ORD_NEED_PROGRAM(kPython);
  ASSERT_TRUE(Root("CREATE USER one IDENTIFIED WITH mysql_native_password BY 'pw' "
                   "WITH MAX_USER_CONNECTIONS 1")
                  .ok());
  const std::string script = absl::StrCat(
      "import pymysql\n"
      "a=pymysql.connect(host='127.0.0.1',port=", server_->mysql_port(),
      ",user='one',password='pw')\n"
      "try:\n"
      "  pymysql.connect(host='127.0.0.1',port=", server_->mysql_port(),
      ",user='one',password='pw')\n"
      "except pymysql.err.MySQLError as e:\n"
      "  print('error', e.args[0], e.args[1])\n");
  CommandResult r = RunCommand({kPython, "-c", script}, {}, 60);
  EXPECT_THAT(r.output, HasSubstr("error 1226 User 'one' has exceeded the "
                                  "'max_user_connections' resource"));
}

// KILL (both statements and COM_PROCESS_KILL): an account without SUPER may stop only the
// connections of its own user name; 1095 for anyone else's, which stays connected.
TEST_F(PrivilegesTest, KillingAnotherUsersConnectionNeedsSuper) {
  ORD_NEED_PROGRAM(kPython);
  const std::string script = absl::StrCat(
      "import os, pymysql\n"
      "def connect(user, password):\n"
      "  return pymysql.connect(host='127.0.0.1', port=", server_->mysql_port(),
      ", user=user, password=password)\n"
      "def attempt(what, call):\n"
      "  try:\n"
      "    call(); print(what, 'ok')\n"
      "  except pymysql.err.MySQLError as e:\n"
      "    print(what, 'error', e.args[0])\n"
      "root = connect('root', os.environ['ROOT_PW'])\n"
      "mine, other = connect('reader', 'reader-pw'), connect('reader', 'reader-pw')\n"
      "cur = mine.cursor()\n"
      "attempt('kill-root', lambda: cur.execute('KILL %d' % root.thread_id()))\n"
      "attempt('kill-query-root', lambda: cur.execute('KILL QUERY %d' % root.thread_id()))\n"
      "attempt('com-kill-root', lambda: mine.kill(root.thread_id()))\n"
      "attempt('root-alive', lambda: root.cursor().execute('SELECT 1'))\n"
      "attempt('kill-own-user', lambda: cur.execute('KILL %d' % other.thread_id()))\n"
      "attempt('other-alive', lambda: other.cursor().execute('SELECT 1'))\n"
      "attempt('root-kills-reader', lambda: root.kill(mine.thread_id()))\n"
      "attempt('mine-alive', lambda: cur.execute('SELECT 1'))\n");
  CommandResult r = RunCommand({kPython, "-c", script}, {{"ROOT_PW", kTestPassword}}, 60);
  EXPECT_THAT(r.output, HasSubstr("kill-root error 1095"));
  EXPECT_THAT(r.output, HasSubstr("kill-query-root error 1095"));
  EXPECT_THAT(r.output, HasSubstr("com-kill-root error 1095"));
  EXPECT_THAT(r.output, HasSubstr("root-alive ok"));
  EXPECT_THAT(r.output, HasSubstr("kill-own-user ok"));
  EXPECT_THAT(r.output, HasSubstr("other-alive error"));
  EXPECT_THAT(r.output, HasSubstr("root-kills-reader ok"));
  EXPECT_THAT(r.output, HasSubstr("mine-alive error"));
}

TEST_F(PrivilegesTest, PasswordsNeverReachTheProcessListOrTheLog) {
  ASSERT_TRUE(Root("CREATE USER p IDENTIFIED BY 'very-secret-pw'").ok());
  EXPECT_FALSE(Root("CREATE USER p2 IDENTIFID BY 'very-secret-pw'").ok());
  std::ifstream log(server_->log_path());
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find("very-secret-pw"), std::string::npos);
  EXPECT_EQ(text.find(kTestPassword), std::string::npos);
}

// ---- in a cluster ----

class ReplicationUserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("repl-user");
    const std::string file = dir_ + "/repl-password";
    std::ofstream(file) << "repl-secret\n";
    ClusterProcessOptions options;
    options.pods = 2;
    options.flags = {"--replication_user=repl", "--replication_password_file=" + file};
    absl::StatusOr<std::unique_ptr<ClusterProcess>> cluster = ClusterProcess::Start(options);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
  }
  void TearDown() override {
    cluster_.reset();
    RemoveTree(dir_);
  }

  // Retries `sql` on `ordinal` as `user` until it succeeds (replication is asynchronous).
  absl::StatusOr<v1::ExecuteResponse> Eventually(int ordinal, const std::string& user,
                                                 const std::string& password,
                                                 const std::string& sql) {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    for (;;) {
      absl::StatusOr<v1::ExecuteResponse> r =
          ExecuteAs(cluster_->address(ordinal), user, password, sql);
      if (r.ok() || absl::Now() > deadline) return r;
      absl::SleepFor(absl::Milliseconds(50));
    }
  }

  std::string dir_;
  std::unique_ptr<ClusterProcess> cluster_;
};

TEST_F(ReplicationUserTest, TheReplicationAccountHoldsOnlyReplicationSlave) {
  absl::StatusOr<v1::ExecuteResponse> grants =
      ExecuteAs(cluster_->address(0), "root", kTestPassword, "SHOW GRANTS FOR repl");
  ASSERT_TRUE(grants.ok()) << grants.status();
  EXPECT_THAT(grants->DebugString(), HasSubstr("GRANT REPLICATION SLAVE ON *.* TO `repl`@`%`"));
  EXPECT_EQ(ErrnoOf(ExecuteAs(cluster_->address(0), "repl", "repl-secret",
                              "CREATE DATABASE nope")),
            1044);
}

TEST_F(ReplicationUserTest, AUserCreatedOnThePrimaryLogsInOnAReplica) {
  ASSERT_TRUE(ExecuteAs(cluster_->address(0), "root", kTestPassword,
                        "CREATE USER app IDENTIFIED BY 'app-pw'")
                  .ok());
  absl::StatusOr<v1::ExecuteResponse> r = Eventually(1, "app", "app-pw", "SELECT CURRENT_USER()");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->DebugString(), HasSubstr("app@%"));
}

TEST_F(ReplicationUserTest, ReplicasStreamAsTheReplicationUserNotRoot) {
  // Once root's password is no longer the one every pod was started with, only the
  // replication user's credentials can carry the log to the replica.
  ASSERT_TRUE(ExecuteAs(cluster_->address(0), "root", kTestPassword,
                        "ALTER USER root IDENTIFIED BY 'rotated'")
                  .ok());
  ASSERT_TRUE(Eventually(1, "root", "rotated", "SELECT 1").ok());  // the ALTER replicated
  // A restarted replica logs in to its primary again, with its configured credentials.
  ASSERT_TRUE(cluster_->Stop(1).ok());
  ASSERT_TRUE(cluster_->Restart(1).ok());
  ASSERT_TRUE(ExecuteAs(cluster_->address(0), "root", "rotated", "CREATE DATABASE after").ok());
  absl::StatusOr<v1::ExecuteResponse> r =
      Eventually(1, "root", "rotated", "SHOW TABLES FROM after");
  EXPECT_TRUE(r.ok()) << r.status();
}

TEST_F(ReplicationUserTest, StreamAndCloneRefuseAccountsWithoutReplicationSlave) {
  ASSERT_TRUE(ExecuteAs(cluster_->address(0), "root", kTestPassword,
                        "CREATE USER app IDENTIFIED BY 'app-pw'")
                  .ok());
  auto channel = grpc::CreateChannel(cluster_->address(0), grpc::InsecureChannelCredentials());
  {
    auto stub = v1::Replication::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    context.AddMetadata(kUserMetadataKey, "app");
    context.AddMetadata(kPasswordMetadataKey, "app-pw");
    auto stream = stub->Stream(&context);
    v1::ReplicaMessage subscribe;
    subscribe.mutable_subscribe()->set_replica_ordinal(9);
    stream->Write(subscribe);
    stream->WritesDone();
    v1::PrimaryMessage ignored;
    while (stream->Read(&ignored)) {
    }
    grpc::Status status = stream->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("REPLICATION SLAVE"));
  }
  {
    auto stub = v1::Clone::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    context.AddMetadata(kUserMetadataKey, "app");
    context.AddMetadata(kPasswordMetadataKey, "app-pw");
    auto reader = stub->Snapshot(&context, v1::SnapshotRequest());
    v1::SnapshotChunk chunk;
    while (reader->Read(&chunk)) {
    }
    grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  }
}

}  // namespace
}  // namespace ordinal::testing
