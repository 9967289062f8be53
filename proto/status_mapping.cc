#include "proto/status_mapping.h"

#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/numbers.h"
#include "common/sql_error.h"
#include "common/status_reason.h"
#include "common/utf8.h"

namespace ordinal {

grpc::Status ToGrpcStatus(const absl::Status& status, grpc::ServerContextBase* context) {
  if (status.ok()) return grpc::Status::OK;
  MysqlErrno mysql_errno = GetMysqlErrno(status);
  if (context != nullptr && mysql_errno != MysqlErrno::kUnknown) {
    context->AddTrailingMetadata(kErrnoMetadataKey,
                                 std::to_string(static_cast<int>(mysql_errno)));
  }
  const std::string_view reason = StatusReasonName(GetStatusReason(status));
  if (context != nullptr && !reason.empty()) {
    context->AddTrailingMetadata(kReasonMetadataKey, std::string(reason));
  }
  // absl and gRPC share the canonical code numbering.
  // The message travels in a header: bounded, so that it cannot exceed gRPC's metadata limit.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      BoundedErrorMessage(std::string_view(status.message().data(),
                                                           status.message().size())));
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
  auto reason = trailing.find(kReasonMetadataKey);
  if (reason != trailing.end()) {
    result = WithReason(std::move(result), StatusReasonFromName(std::string_view(
                                               reason->second.data(), reason->second.size())));
  }
  return result;
}

}  // namespace ordinal
