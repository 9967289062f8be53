// The one place where absl::Status and grpc::Status meet. The MySQL error number of a SQL
// error (common/sql_error.h) travels as the trailing metadata entry `x-ordinal-errno`, a
// structured reason (common/status_reason.h) as `x-ordinal-reason`.
#ifndef ORDINAL_PROTO_STATUS_MAPPING_H_
#define ORDINAL_PROTO_STATUS_MAPPING_H_

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace ordinal {

inline constexpr char kErrnoMetadataKey[] = "x-ordinal-errno";
inline constexpr char kReasonMetadataKey[] = "x-ordinal-reason";
inline constexpr char kUserMetadataKey[] = "x-ordinal-user";
inline constexpr char kPasswordMetadataKey[] = "x-ordinal-password";
// On a write refused by a replica (FAILED_PRECONDITION, errno 1290): the primary's address,
// so clients can follow the redirect without parsing the message.
inline constexpr char kPrimaryMetadataKey[] = "x-ordinal-primary";

// Server side: converts `status` for the wire and, when it carries a MySQL error number or
// a reason, adds them to `context`'s trailing metadata.
grpc::Status ToGrpcStatus(const absl::Status& status, grpc::ServerContextBase* context);

// Client side: rebuilds the absl::Status (code, message, MySQL errno, reason) of a
// finished call.
absl::Status FromGrpcStatus(const grpc::Status& status, const grpc::ClientContext& context);

}  // namespace ordinal

#endif  // ORDINAL_PROTO_STATUS_MAPPING_H_
