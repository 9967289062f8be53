#include "replication/snapshot_reader.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/impl/rpc_method.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/channel_arguments.h>
#include <grpcpp/support/sync_stream.h>

#include "absl/strings/str_cat.h"
#include "ordinal/v1/clone.grpc.pb.h"
#include "proto/status_mapping.h"
#include "replication/chunk_wire.h"

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

ReceivedChunk ChunkView(const v1::FileChunk& chunk) {
  ReceivedChunk view{chunk.file_index(), chunk.offset(), {}};
  view.data.pieces.emplace_back(chunk.data());
  view.data.size = chunk.data().size();
  return view;
}

namespace {

// "/ordinal.v1.Clone/Snapshot": the call is made with the replies as raw bytes (the request
// is the usual protobuf), so that a chunk's data can be handed on without a copy.
const char* SnapshotMethodName() {
  static const std::string* const name =
      new std::string(absl::StrCat("/", v1::Clone::service_full_name(), "/Snapshot"));
  return name->c_str();
}

// Hands one received message to the consumer. `first`: no message came before it; `done`
// is set by a Done.
absl::Status Dispatch(const grpc::ByteBuffer& buffer, bool first, bool& done,
                      ReceivedChunk& chunk, v1::SnapshotChunk& message,
                      SnapshotConsumer& consumer) {
  // The slices hold references to the received bytes; a chunk's pieces point into them
  // (or into the slices themselves, for bytes small enough to be inlined), so the vector is
  // the chunk's owner and is never resized once filled.
  auto owned = std::make_shared<std::vector<grpc::Slice>>();
  std::vector<grpc::Slice>& slices = *owned;
  if (!buffer.Dump(&slices).ok()) return absl::DataLossError("an unreadable snapshot message");
  if (!first && !done && ParseChunkInPlace(slices, chunk)) {
    chunk.data.owner = std::move(owned);
    absl::Status status = consumer.OnChunk(chunk);
    chunk.data.clear();
    return status;
  }
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  if (!message.ParseFromString(bytes)) return absl::DataLossError("a malformed snapshot message");
  if (first != message.has_manifest() || done) {
    return absl::DataLossError("the snapshot stream is out of order");
  }
  if (message.has_manifest()) return consumer.OnManifest(message.manifest());
  if (message.has_chunk()) return consumer.OnChunk(ChunkView(message.chunk()));
  if (message.has_file_end()) return consumer.OnFileEnd(message.file_end());
  done = message.has_done();
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadSnapshot(const SnapshotCall& call, grpc::ClientContext& context,
                          SnapshotConsumer& consumer) {
  context.AddMetadata(kUserMetadataKey, call.user);
  context.AddMetadata(kPasswordMetadataKey, call.password);
  std::shared_ptr<grpc::Channel> channel = MakeChannel(call);
  const grpc::internal::RpcMethod method(SnapshotMethodName(),
                                        grpc::internal::RpcMethod::SERVER_STREAMING, channel);
  std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
      grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(channel.get(), method,
                                                                    &context, call.request));
  absl::Status local = absl::OkStatus();
  bool done = false;
  grpc::ByteBuffer buffer;
  ReceivedChunk chunk;
  v1::SnapshotChunk message;
  for (bool first = true; local.ok() && reader->Read(&buffer); first = false) {
    local = Dispatch(buffer, first, done, chunk, message, consumer);
  }
  buffer.Clear();
  if (!local.ok()) context.TryCancel();
  grpc::Status finished = reader->Finish();
  if (!local.ok()) return local;
  if (!finished.ok()) return FromGrpcStatus(finished, context);
  if (!done) return absl::DataLossError("the snapshot stream ended without Done");
  return absl::OkStatus();
}

}  // namespace ordinal::replication
