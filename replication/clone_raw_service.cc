#include "replication/clone_raw_service.h"

#include <utility>
#include <vector>

#include <grpcpp/impl/rpc_method.h>
#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/support/method_handler.h>

#include "absl/strings/str_cat.h"
#include "ordinal/v1/clone.grpc.pb.h"

namespace ordinal::replication {
namespace v1 = ordinal::v1;

bool SnapshotWriter::Write(const v1::SnapshotChunk& message) {
  return writer_->Write(EncodeMessage(message));
}

bool SnapshotWriter::WriteChunk(uint32_t file_index, uint64_t offset, ChunkBuffer data,
                                ReleaseChunkBuffer release) {
  return writer_->Write(EncodeChunkMessage(file_index, offset, std::move(data),
                                           std::move(release)));
}

CloneRawService::CloneRawService() {
  static const std::string* const name =
      new std::string(absl::StrCat("/", v1::Clone::service_full_name(), "/Snapshot"));
  AddMethod(new grpc::internal::RpcServiceMethod(
      name->c_str(), grpc::internal::RpcMethod::SERVER_STREAMING,
      new grpc::internal::ServerStreamingHandler<CloneRawService, grpc::ByteBuffer,
                                                 grpc::ByteBuffer>(
          [](CloneRawService* service, grpc::ServerContext* context,
             const grpc::ByteBuffer* request, grpc::ServerWriter<grpc::ByteBuffer>* writer) {
            return service->RawSnapshot(context, request, writer);
          },
          this)));
}

grpc::Status CloneRawService::RawSnapshot(grpc::ServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ServerWriter<grpc::ByteBuffer>* writer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (request->Dump(&slices).ok()) {
    for (const grpc::Slice& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
  }
  v1::SnapshotRequest parsed;
  if (!parsed.ParseFromString(bytes)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "a malformed SnapshotRequest");
  }
  SnapshotWriter out(writer);
  return Snapshot(context, parsed, out);
}

}  // namespace ordinal::replication
