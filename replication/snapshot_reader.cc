#include "replication/snapshot_reader.h"

#include <algorithm>
#include <cstdint>

#include <grpcpp/channel.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/support/channel_arguments.h>

#include "ordinal/v1/clone.grpc.pb.h"
#include "proto/status_mapping.h"

namespace ordinal::replication {
namespace v1 = ordinal::v1;
namespace {

std::shared_ptr<grpc::Channel> MakeChannel(const SnapshotCall& call) {
  grpc::ChannelArguments args;
  // A source that dies without closing the connection is noticed by keepalive.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  // A chunk of max_chunk_bytes plus its framing.
  const int chunk = static_cast<int>(std::min<uint32_t>(call.request.max_chunk_bytes(), 64 << 20));
  args.SetMaxReceiveMessageSize(std::max(4 << 20, chunk + (64 << 10)));
  std::shared_ptr<grpc::ChannelCredentials> credentials = call.channel_credentials;
  if (credentials == nullptr) credentials = grpc::InsecureChannelCredentials();
  return grpc::CreateCustomChannel(call.source_address, credentials, args);
}

}  // namespace

absl::Status ReadSnapshot(const SnapshotCall& call, grpc::ClientContext& context,
                          SnapshotConsumer& consumer) {
  context.AddMetadata(kUserMetadataKey, call.user);
  context.AddMetadata(kPasswordMetadataKey, call.password);
  std::unique_ptr<v1::Clone::Stub> stub = v1::Clone::NewStub(MakeChannel(call));
  std::unique_ptr<grpc::ClientReader<v1::SnapshotChunk>> reader =
      stub->Snapshot(&context, call.request);
  absl::Status local = absl::OkStatus();
  bool done = false;
  v1::SnapshotChunk message;
  for (bool first = true; local.ok() && reader->Read(&message); first = false) {
    if (first != message.has_manifest() || done) {
      local = absl::DataLossError("the snapshot stream is out of order");
    } else if (message.has_manifest()) {
      local = consumer.OnManifest(message.manifest());
    } else if (message.has_chunk()) {
      local = consumer.OnChunk(message.chunk());
    } else if (message.has_file_end()) {
      local = consumer.OnFileEnd(message.file_end());
    } else {
      done = message.has_done();
    }
  }
  if (!local.ok()) context.TryCancel();
  grpc::Status finished = reader->Finish();
  if (!local.ok()) return local;
  if (!finished.ok()) return FromGrpcStatus(finished, context);
  if (!done) return absl::DataLossError("the snapshot stream ended without Done");
  return absl::OkStatus();
}

}  // namespace ordinal::replication
