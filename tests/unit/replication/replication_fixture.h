// A fixture for replication tests: a primary Database served by a real gRPC server (the
// Replication service on 127.0.0.1, a free port) and a replica Database followed by a
// Follower, all in one process and one temp directory, with verbs to write, wait and
// compare.
#ifndef ORDINAL_TESTS_UNIT_REPLICATION_REPLICATION_FIXTURE_H_
#define ORDINAL_TESTS_UNIT_REPLICATION_REPLICATION_FIXTURE_H_

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "engine/database.h"
#include "gtest/gtest.h"
#include "proto/status_mapping.h"
#include "replication/ack_tracker.h"
#include "replication/backlog.h"
#include "replication/follower.h"
#include "replication/primary_service.h"

namespace ordinal::replication {

inline constexpr char kTestPassword[] = "replication-test-secret";

// A unique temporary directory, removed with its contents at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ordinal-repl-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A bounded wait for conditions that have no event to wait on (follower states).
inline bool Eventually(const std::function<bool()>& condition,
                       absl::Duration timeout = absl::Seconds(30)) {
  const absl::Time give_up = absl::Now() + timeout;
  while (!condition()) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return true;
}

class ReplicationFixture : public ::testing::Test {
 protected:
  void TearDown() override {
    StopFollower();
    StopPrimaryServer();
  }

  engine::DatabaseOptions Options(const std::string& name, engine::DatabaseRole role) {
    engine::DatabaseOptions options;
    options.data_dir = dir_.Sub(name);
    options.block_cache_bytes = 8 << 20;
    options.sync_commit = false;  // a process crash loses nothing; tests need no fsync
    options.role = role;
    options.primary_address = "127.0.0.1";
    return options;
  }

  static std::unique_ptr<engine::Database> OpenOrDie(const engine::DatabaseOptions& options) {
    absl::StatusOr<std::unique_ptr<engine::Database>> db = engine::Database::Open(options);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }

  void OpenPrimary() { primary_ = OpenOrDie(Options("primary", engine::DatabaseRole::kPrimary)); }
  void OpenReplica() {
    replica_.reset();
    replica_ = OpenOrDie(Options("replica", engine::DatabaseRole::kReplica));
  }

  // Starts the backlog and a gRPC server with the Replication service for primary_.
  void StartPrimaryServer() {
    backlog_ = std::make_unique<Backlog>(*primary_, Backlog::Config{});
    ASSERT_TRUE(backlog_->Start().ok());
    PrimaryService::Config config;
    config.heartbeat_interval = absl::Milliseconds(100);
    service_ = std::make_unique<PrimaryService>(
        *primary_, *backlog_, acks_,
        [](grpc::ServerContext* context) {
          auto it = context->client_metadata().find(kPasswordMetadataKey);
          if (it == context->client_metadata().end() || it->second != kTestPassword) {
            return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "wrong password");
          }
          return grpc::Status::OK;
        },
        config);
    grpc::ServerBuilder builder;
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
  }

  void StopPrimaryServer() {
    if (service_) service_->Shutdown();
    if (server_) server_->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
    server_.reset();
    service_.reset();
    if (backlog_) backlog_->Stop();
    backlog_.reset();
  }

  Follower::Config FollowerConfig() {
    Follower::Config config;
    config.primary_address = "127.0.0.1:" + std::to_string(port_);
    config.password = kTestPassword;
    config.replica_ordinal = 1;
    config.replica_address = "127.0.0.1:1";
    config.initial_backoff = absl::Milliseconds(20);
    config.max_backoff = absl::Milliseconds(200);
    return config;
  }

  void StartFollower() {
    follower_ = std::make_unique<Follower>(*replica_, FollowerConfig());
    ASSERT_TRUE(follower_->Start().ok());
  }

  void StopFollower() {
    if (follower_) follower_->Stop();
    follower_.reset();
  }

  std::string FollowerState() { return follower_->State().state(); }

  // Waits (bounded) until the replica applied everything the primary has now.
  bool ReplicaCatchesUp() {
    return replica_->WaitForPosition(primary_->LatestPosition(), absl::Now() + absl::Seconds(60))
        .ok();
  }

  static engine::ResultSet Run(engine::Database& db, const std::string& sql) {
    absl::StatusOr<std::unique_ptr<engine::Session>> session = db.NewSession("");
    EXPECT_TRUE(session.ok()) << session.status();
    if (!session.ok()) return engine::ResultSet{};
    absl::StatusOr<engine::ResultSet> result = (*session)->Execute(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status();
    return result.ok() ? *std::move(result) : engine::ResultSet{};
  }

  void CreateTable() {
    Run(*primary_, "CREATE DATABASE d");
    Run(*primary_, "CREATE TABLE d.t (id INT PRIMARY KEY, writer INT, seq INT)");
  }

  // Inserts `rows` rows for `writer` with sequence numbers [from, from + rows).
  void InsertRows(int writer, int from, int rows) {
    absl::StatusOr<std::unique_ptr<engine::Session>> session = primary_->NewSession("d");
    ASSERT_TRUE(session.ok()) << session.status();
    for (int seq = from; seq < from + rows; ++seq) {
      const std::string sql = "INSERT INTO t VALUES (" + std::to_string(writer * 1000000 + seq) +
                              ", " + std::to_string(writer) + ", " + std::to_string(seq) + ")";
      absl::StatusOr<engine::ResultSet> result = (*session)->Execute(sql);
      ASSERT_TRUE(result.ok()) << sql << ": " << result.status();
    }
  }

  static std::string Checksum(engine::Database& db) {
    engine::ResultSet result = Run(db, "CHECKSUM TABLE d.t");
    if (result.rows.size() != 1 || result.rows[0].size() != 2) return "<no checksum>";
    return result.rows[0][1].ToString();
  }

  static std::string Scalar(engine::Database& db, const std::string& sql) {
    engine::ResultSet result = Run(db, sql);
    if (result.rows.size() != 1 || result.rows[0].empty()) return "<no value>";
    return result.rows[0][0].ToString();
  }

  TempDir dir_;
  std::unique_ptr<engine::Database> primary_;
  std::unique_ptr<engine::Database> replica_;
  std::unique_ptr<Backlog> backlog_;
  AckTracker acks_;
  std::unique_ptr<PrimaryService> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::unique_ptr<Follower> follower_;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_TESTS_UNIT_REPLICATION_REPLICATION_FIXTURE_H_
