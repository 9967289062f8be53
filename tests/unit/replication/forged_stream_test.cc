// A peer that has the password but lies on the Replication stream: it cannot satisfy
// semi-sync waits with positions it was never sent, and it cannot take over the ordinal of
// a live replica (docs/replication-protocol.md, "What the primary believes").
#include <cstdint>
#include <memory>

#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "ordinal/v1/replication.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/unit/replication/replication_fixture.h"

namespace ordinal::replication {
namespace {

namespace v1 = ordinal::v1;

class ForgedStreamTest : public ReplicationFixture {
 protected:
  void SetUp() override {
    OpenPrimary();
    OpenReplica();
    StartPrimaryServer();
    CreateTable();
  }

  // A hand-made stream that subscribes as an empty replica claiming `ordinal`.
  struct RawStream {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReaderWriter<v1::ReplicaMessage, v1::PrimaryMessage>> stream;
  };

  std::unique_ptr<RawStream> Subscribe(uint32_t ordinal) {
    auto raw = std::make_unique<RawStream>();
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                                       grpc::InsecureChannelCredentials());
    stub_ = v1::Replication::NewStub(channel);
    raw->context.AddMetadata(kPasswordMetadataKey, kTestPassword);
    raw->context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    raw->stream = stub_->Stream(&raw->context);
    v1::ReplicaMessage subscribe;
    subscribe.mutable_subscribe()->set_replica_ordinal(ordinal);
    subscribe.mutable_subscribe()->set_replica_address("forger");
    EXPECT_TRUE(raw->stream->Write(subscribe));
    return raw;
  }

  std::unique_ptr<v1::Replication::Stub> stub_;
};

TEST_F(ForgedStreamTest, AckOfAPositionNeverSentEndsTheStreamAndCountsForNothing) {
  std::unique_ptr<RawStream> raw = Subscribe(9);
  v1::PrimaryMessage welcome;
  ASSERT_TRUE(raw->stream->Read(&welcome));
  ASSERT_TRUE(welcome.has_welcome());
  v1::ReplicaMessage ack;
  ack.mutable_ack()->set_applied_position(UINT64_MAX);
  raw->stream->Write(ack);
  raw->stream->WritesDone();
  v1::PrimaryMessage ignored;
  while (raw->stream->Read(&ignored)) {
  }
  grpc::Status status = raw->stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();

  InsertRows(/*writer=*/1, /*from=*/0, /*rows=*/1);
  EXPECT_FALSE(acks_.WaitForAcks(primary_->LatestPosition(), 1,
                                 absl::Now() + absl::Milliseconds(300)));
}

TEST_F(ForgedStreamTest, SecondStreamClaimingALiveReplicasOrdinalIsRefused) {
  StartFollower();  // ordinal 1
  ASSERT_TRUE(ReplicaCatchesUp());
  ASSERT_TRUE(acks_.WaitForAcks(primary_->LatestPosition(), 1, absl::Now() + absl::Seconds(30)));

  std::unique_ptr<RawStream> raw = Subscribe(1);
  v1::PrimaryMessage message;
  EXPECT_FALSE(raw->stream->Read(&message));
  grpc::Status status = raw->stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << status.error_message();

  // The real replica's acks still count.
  InsertRows(/*writer=*/1, /*from=*/0, /*rows=*/1);
  EXPECT_TRUE(acks_.WaitForAcks(primary_->LatestPosition(), 1, absl::Now() + absl::Seconds(30)));
  std::vector<ordinal::v1::ReplicaInfo> replicas = acks_.Snapshot(primary_->LatestPosition(), 0);
  ASSERT_EQ(replicas.size(), 1u);
  EXPECT_EQ(replicas[0].address(), FollowerConfig().replica_address);
}

}  // namespace
}  // namespace ordinal::replication
