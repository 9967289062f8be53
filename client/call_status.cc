#include "client/call_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_reason.h"
#include "proto/status_mapping.h"

namespace ordinal::client_internal {
namespace {

absl::Status WithErrno(absl::StatusCode code, int mysql_errno, const std::string& message) {
  absl::Status status(code, message);
  SetMysqlErrno(status, mysql_errno);
  return status;
}

absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

absl::Status CallStatus(const grpc::Status& status, const grpc::ClientContext& context,
                        const CallInfo& info) {
  absl::Status result = FromGrpcStatus(status, context);
  if (result.ok() || GetMysqlErrno(result) != MysqlErrno::kUnknown) return result;
  switch (result.code()) {
    case absl::StatusCode::kUnavailable:
      if (info.connected) {
        return WithErrno(result.code(), kLostConnectionErrno,
                         absl::StrCat("Lost connection to OrdinalDB server on '", Sv(info.address),
                                      "' (", result.message(), ")"));
      }
      return WithErrno(result.code(), kConnectionErrno,
                       absl::StrCat("Can't connect to OrdinalDB server on '", Sv(info.address),
                                    "' (", result.message(), ")"));
    case absl::StatusCode::kDeadlineExceeded:
      return WithErrno(result.code(), kLostConnectionErrno,
                       absl::StrCat("No answer from OrdinalDB server on '", Sv(info.address),
                                    "' within ", info.timeout.count(), " ms"));
    case absl::StatusCode::kUnauthenticated:
      SetMysqlErrno(result, static_cast<int>(MysqlErrno::kAccessDenied));
      return result;
    default:
      return result;
  }
}

bool IsUnknownSession(const absl::Status& status) {
  return GetStatusReason(status) == StatusReason::kUnknownSession;
}

}  // namespace ordinal::client_internal
