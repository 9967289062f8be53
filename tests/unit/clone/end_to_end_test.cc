// A clone source served by a real gRPC server on 127.0.0.1 and a CloneSink in the same
// process: consistent copies at exact positions, corruption that is never installed,
// cancellation that leaves nothing behind, resume, re-clone, and the concurrency limit.
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "proto/status_mapping.h"
#include "replication/clone_files.h"
#include "replication/clone_install.h"
#include "replication/clone_service.h"
#include "replication/clone_sink.h"
#include "replication/clone_source.h"
#include "tests/unit/clone/clone_fixture.h"

namespace ordinal::replication {
namespace {

constexpr char kPassword[] = "clone-test-secret";

class CloneEndToEndTest : public CloneFixture {
 protected:
  void SetUp() override {
    primary_ = OpenPrimary(dir_.Sub("primary"));
    ASSERT_NE(primary_, nullptr);
    Load(*primary_, 0, 20000);  // a few MB
  }

  void TearDown() override { StopSource(); }

  // Serves clones of `db` on a fresh port.
  void StartSource(engine::Database& db, CloneSourceOptions options = {}) {
    options.scratch_dir = scratch_dir();
    options.chunk_bytes = 64 << 10;  // many chunks even for a few MB
    source_ = std::make_unique<CloneSource>(db, std::move(options));
    service_ = std::make_unique<CloneService>(*source_, [](grpc::ServerContext* context) {
      auto it = context->client_metadata().find(kPasswordMetadataKey);
      if (it == context->client_metadata().end() || it->second != kPassword) {
        return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "wrong password");
      }
      return grpc::Status::OK;
    });
    grpc::ServerBuilder builder;
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }

  void StopSource() {
    if (source_) source_->Shutdown();
    if (server_) server_->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
    server_.reset();
    service_.reset();
    source_.reset();
  }

  CloneSinkOptions SinkOptions() {
    CloneSinkOptions options;
    options.source_address = "127.0.0.1:" + std::to_string(port_);
    options.password = kPassword;
    options.data_dir = data_dir();
    options.requester_ordinal = 1;
    options.max_attempts = 1;
    options.initial_backoff = absl::Milliseconds(10);
    options.max_backoff = absl::Milliseconds(50);
    return options;
  }

  absl::StatusOr<CloneResult> Clone(CloneSinkOptions options) {
    CloneSink sink(std::move(options));
    return sink.Run();
  }

  std::string data_dir() { return dir_.Sub("target/data"); }
  std::string scratch_dir() { return dir_.Sub("source-scratch"); }
  bool ScratchIsEmpty() {
    std::error_code error;
    return !Exists(scratch_dir()) || std::filesystem::is_empty(scratch_dir(), error);
  }
  bool SourceBecomesIdle() { return source_->WaitUntilIdle(absl::Now() + absl::Seconds(30)); }

  std::unique_ptr<engine::Database> primary_;
  std::unique_ptr<CloneSource> source_;
  std::unique_ptr<CloneService> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

TEST_F(CloneEndToEndTest, CloneOfThePrimaryOpensAsReplicaAtItsPosition) {
  StartSource(*primary_);
  absl::StatusOr<CloneResult> result = Clone(SinkOptions());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->position, primary_->LatestPosition());
  EXPECT_EQ(result->cluster_id, primary_->ClusterId());
  EXPECT_FALSE(NeedsClone(data_dir()));
  std::unique_ptr<engine::Database> replica = OpenReplica(data_dir());
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(replica->AppliedPosition(), result->position);
  EXPECT_EQ(replica->ClusterId(), primary_->ClusterId());
  EXPECT_EQ(Checksum(*replica), Checksum(*primary_));
  EXPECT_FALSE(Exists(ClonePaths(data_dir()).staging));
  ASSERT_TRUE(SourceBecomesIdle());
  EXPECT_TRUE(ScratchIsEmpty());
  EXPECT_EQ(source_->counters().clones_served, 1u);
}

TEST_F(CloneEndToEndTest, CloneOfAReplicaIsAtTheReplicasAppliedPosition) {
  absl::StatusOr<engine::CheckpointInfo> info = primary_->CreateCheckpoint(dir_.Sub("r1"));
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_TRUE(
      engine::Database::PrepareClonedDirectory(dir_.Sub("r1"), info->position, info->cluster_id)
          .ok());
  std::unique_ptr<engine::Database> replica = OpenReplica(dir_.Sub("r1"));
  ASSERT_NE(replica, nullptr);
  Load(*primary_, 20000, 100);  // the primary moves on; the replica does not follow here
  StartSource(*replica);
  absl::StatusOr<CloneResult> result = Clone(SinkOptions());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->position, replica->AppliedPosition());
  EXPECT_LT(result->position, primary_->LatestPosition());
  std::unique_ptr<engine::Database> copy = OpenReplica(data_dir());
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(copy->AppliedPosition(), replica->AppliedPosition());
  EXPECT_EQ(Checksum(*copy), Checksum(*replica));
}

TEST_F(CloneEndToEndTest, CorruptedChunkIsNeverInstalled) {
  CloneSourceOptions options;
  options.test_only_mutate_chunk = [](ordinal::v1::FileChunk& chunk) {
    if (!chunk.data().empty()) (*chunk.mutable_data())[0] ^= 0x5a;
  };
  StartSource(*primary_, options);
  absl::StatusOr<CloneResult> result = Clone(SinkOptions());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDataLoss) << result.status();
  EXPECT_FALSE(Exists(data_dir()));
  EXPECT_TRUE(NeedsClone(data_dir()));
}

TEST_F(CloneEndToEndTest, CorruptedChunkIsRetriedAndTheCloneCompletes) {
  auto corrupted = std::make_shared<std::atomic<int>>(0);
  CloneSourceOptions options;
  options.test_only_mutate_chunk = [corrupted](ordinal::v1::FileChunk& chunk) {
    if (!chunk.data().empty() && corrupted->fetch_add(1) == 0) (*chunk.mutable_data())[0] ^= 1;
  };
  StartSource(*primary_, options);
  CloneSinkOptions sink = SinkOptions();
  sink.max_attempts = 3;
  absl::StatusOr<CloneResult> result = Clone(sink);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->attempts, 2);
  std::unique_ptr<engine::Database> replica = OpenReplica(data_dir());
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(Checksum(*replica), Checksum(*primary_));
}

TEST_F(CloneEndToEndTest, CancelledTransferLeavesNoCheckpointAndNoCompleteDataDir) {
  CloneSourceOptions options;
  options.rate_limit_bytes_per_second = 256 << 10;  // seconds for 2 MB: cancelled midway
  StartSource(*primary_, options);
  CloneSinkOptions sink_options = SinkOptions();
  CloneSink* sink_ptr = nullptr;
  sink_options.on_progress = [&] {
    if (sink_ptr->Progress().bytes_received > 0) sink_ptr->Cancel();
  };
  CloneSink sink(sink_options);
  sink_ptr = &sink;
  absl::StatusOr<CloneResult> result = sink.Run();
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled) << result.status();
  ASSERT_TRUE(SourceBecomesIdle());
  EXPECT_TRUE(ScratchIsEmpty());
  EXPECT_EQ(source_->counters().clones_failed, 1u);
  EXPECT_TRUE(NeedsClone(data_dir()));
  EXPECT_TRUE(StagingInProgress(ClonePaths(data_dir())));
}

TEST_F(CloneEndToEndTest, InterruptedCloneResumesWithoutResendingVerifiedTableFiles) {
  StartSource(*primary_);
  CloneSinkOptions first_options = SinkOptions();
  first_options.files_in_flight = 1;  // the first verified file is the first table file
  CloneSink* first_ptr = nullptr;
  first_options.on_progress = [&] {
    if (first_ptr->Progress().files_verified >= 1) first_ptr->Cancel();
  };
  CloneSink first(first_options);
  first_ptr = &first;
  ASSERT_EQ(first.Run().status().code(), absl::StatusCode::kCancelled);
  ASSERT_TRUE(StagingInProgress(ClonePaths(data_dir())));

  CloneSink second(SinkOptions());
  absl::StatusOr<CloneResult> result = second.Run();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GT(second.Progress().bytes_kept, 0u);
  std::unique_ptr<engine::Database> replica = OpenReplica(data_dir());
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(Checksum(*replica), Checksum(*primary_));
}

TEST_F(CloneEndToEndTest, SeveralFilesInFlightCopyEveryFileExactly) {
  Load(*primary_, 20000, 20000);  // more than one table file
  StartSource(*primary_);
  CloneSinkOptions options = SinkOptions();
  options.files_in_flight = 4;
  absl::StatusOr<CloneResult> result = Clone(options);
  ASSERT_TRUE(result.ok()) << result.status();
  std::unique_ptr<engine::Database> replica = OpenReplica(data_dir());
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(replica->AppliedPosition(), primary_->LatestPosition());
  EXPECT_EQ(Checksum(*replica), Checksum(*primary_));
}

TEST_F(CloneEndToEndTest, CorruptedChunkAmongSeveralFilesInFlightIsDetected) {
  Load(*primary_, 20000, 20000);
  auto chunks = std::make_shared<std::atomic<int>>(0);
  CloneSourceOptions source_options;
  source_options.test_only_mutate_chunk = [chunks](ordinal::v1::FileChunk& chunk) {
    // The fifth chunk with data: files are interleaved by then.
    if (!chunk.data().empty() && chunks->fetch_add(1) == 4) (*chunk.mutable_data())[0] ^= 1;
  };
  StartSource(*primary_, source_options);
  CloneSinkOptions options = SinkOptions();
  options.files_in_flight = 4;
  absl::StatusOr<CloneResult> result = Clone(options);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDataLoss) << result.status();
  EXPECT_FALSE(Exists(data_dir()));  // nothing installed, not even in part
  EXPECT_TRUE(NeedsClone(data_dir()));
}

TEST_F(CloneEndToEndTest, SourceStoppedWithSeveralFilesInFlightResumesWithTheVerifiedFiles) {
  Load(*primary_, 20000, 20000);
  CloneSourceOptions slow;
  slow.rate_limit_bytes_per_second = 2 << 20;  // seconds for the store: stopped midway
  StartSource(*primary_, slow);
  CloneSinkOptions options = SinkOptions();
  options.files_in_flight = 4;
  CloneSink first(options);
  absl::StatusOr<CloneResult> first_result;
  std::thread receiving([&] { first_result = first.Run(); });
  // Stop the source once a table file is verified and durable (listed in the marker).
  const ClonePaths paths(data_dir());
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  bool table_verified = false;
  while (!table_verified && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
    absl::StatusOr<std::vector<StagedFile>> staged = ReadStagedFiles(paths);
    for (const StagedFile& file : staged.ok() ? *staged : std::vector<StagedFile>{}) {
      table_verified |= file.name.size() > 4 && file.name.substr(file.name.size() - 4) == ".sst";
    }
  }
  StopSource();
  receiving.join();
  ASSERT_TRUE(table_verified);
  ASSERT_FALSE(first_result.ok());
  ASSERT_TRUE(StagingInProgress(paths)) << first_result.status();

  StartSource(*primary_);  // on a new port
  options = SinkOptions();
  options.files_in_flight = 4;
  CloneSink second(options);
  absl::StatusOr<CloneResult> result = second.Run();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GT(second.Progress().bytes_kept, 0u);
  std::unique_ptr<engine::Database> replica = OpenReplica(data_dir());
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(Checksum(*replica), Checksum(*primary_));
}

TEST_F(CloneEndToEndTest, ReCloneKeepsTheOldCopyUntilTheNewOneIsVerified) {
  StartSource(*primary_);
  absl::StatusOr<CloneResult> first = Clone(SinkOptions());
  ASSERT_TRUE(first.ok()) << first.status();
  Load(*primary_, 20000, 500);

  CloneSinkOptions failing = SinkOptions();
  failing.test_only_step_hook = [](std::string_view step) {
    return step == "received" ? absl::InternalError("simulated crash") : absl::OkStatus();
  };
  ASSERT_FALSE(Clone(failing).ok());
  {
    std::unique_ptr<engine::Database> old = OpenReplica(data_dir());
    ASSERT_NE(old, nullptr);
    EXPECT_EQ(old->AppliedPosition(), first->position);
    EXPECT_EQ(Count(*old), "20000");
  }
  absl::StatusOr<CloneResult> second = Clone(SinkOptions());
  ASSERT_TRUE(second.ok()) << second.status();
  std::unique_ptr<engine::Database> replica = OpenReplica(data_dir());
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(replica->AppliedPosition(), primary_->LatestPosition());
  EXPECT_EQ(Count(*replica), "20500");
  EXPECT_FALSE(Exists(ClonePaths(data_dir()).old));
}

TEST_F(CloneEndToEndTest, CrashAfterVerificationIsInstalledByTheNextStart) {
  StartSource(*primary_);
  CloneSinkOptions crashing = SinkOptions();
  crashing.test_only_step_hook = [](std::string_view step) {
    return step == "completed" ? absl::InternalError("simulated crash") : absl::OkStatus();
  };
  ASSERT_FALSE(Clone(crashing).ok());
  EXPECT_TRUE(NeedsClone(data_dir()));
  ASSERT_TRUE(FinishInterruptedInstall(data_dir()).ok());
  EXPECT_FALSE(NeedsClone(data_dir()));
  std::unique_ptr<engine::Database> replica = OpenReplica(data_dir());
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(replica->AppliedPosition(), primary_->LatestPosition());
}

TEST_F(CloneEndToEndTest, SourceServingItsMaximumRefusesWithResourceExhausted) {
  CloneSourceOptions options;
  options.max_concurrent_clones = 1;
  options.rate_limit_bytes_per_second = 256 << 10;  // busy for seconds
  StartSource(*primary_, options);
  absl::Notification receiving;
  CloneSinkOptions slow_options = SinkOptions();
  slow_options.data_dir = dir_.Sub("target/slow");
  CloneSink* slow_ptr = nullptr;
  slow_options.on_progress = [&] {
    // Bytes arrived: the source admitted this transfer.
    if (slow_ptr->Progress().bytes_received > 0 && !receiving.HasBeenNotified()) {
      receiving.Notify();
    }
  };
  CloneSink slow(slow_options);
  slow_ptr = &slow;
  std::thread slow_thread([&] { slow.Run().status().IgnoreError(); });  // cancelled below
  ASSERT_TRUE(receiving.WaitForNotificationWithTimeout(absl::Seconds(30)));
  absl::StatusOr<CloneResult> refused = Clone(SinkOptions());
  slow.Cancel();
  slow_thread.join();
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted) << refused.status();
  EXPECT_EQ(source_->counters().clones_refused, 1u);
  EXPECT_FALSE(Exists(data_dir()));
}

TEST_F(CloneEndToEndTest, WrongPasswordIsUnauthenticated) {
  StartSource(*primary_);
  CloneSinkOptions options = SinkOptions();
  options.password = "wrong";
  options.max_attempts = 5;  // not retried
  CloneSink sink(options);
  absl::StatusOr<CloneResult> result = sink.Run();
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated) << result.status();
  EXPECT_EQ(sink.Progress().attempt, 1);
}

}  // namespace
}  // namespace ordinal::replication
