#include "proto/status_mapping.h"

#include <string>

#include "absl/strings/numbers.h"
#include "common/sql_error.h"

namespace ordinal {

grpc::Status ToGrpcStatus(const absl::Status& status, grpc::ServerContextBase* context) {
  if (status.ok()) return grpc::Status::OK;
  MysqlErrno mysql_errno = GetMysqlErrno(status);
  if (context != nullptr && mysql_errno != MysqlErrno::kUnknown) {
    context->AddTrailingMetadata(kErrnoMetadataKey,
                                 std::to_string(static_cast<int>(mysql_errno)));
  }
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

absl::Status FromGrpcStatus(const grpc::Status& status, const grpc::ClientContext& context) {
  if (status.ok()) return absl::OkStatus();
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
  const auto& trailing = context.GetServerTrailingMetadata();
  auto it = trailing.find(kErrnoMetadataKey);
  int mysql_errno = 0;
  if (it != trailing.end() &&
      absl::SimpleAtoi(absl::string_view(it->second.data(), it->second.size()), &mysql_errno)) {
    SetMysqlErrno(result, mysql_errno);
  }
  return result;
}

}  // namespace ordinal
