// Conversions from the wire messages (package ordinal.v1) to the client library's own types.
// Internal to the client library: users see only ResultSet, Value and ServerStatus.
#ifndef ORDINAL_CLIENT_WIRE_CONVERSION_H_
#define ORDINAL_CLIENT_WIRE_CONVERSION_H_

#include "absl/status/status.h"
#include "client/result_set.h"
#include "client/server_status.h"
#include "ordinal/v1/admin.pb.h"
#include "ordinal/v1/sql.pb.h"

namespace ordinal::client_internal {

Value ValueFromProto(const ordinal::v1::Value& value);
// A statement parameter's value on the wire (SessionRequest.params).
void ValueToProto(const Value& value, ordinal::v1::Value* out);
ColumnType ColumnTypeFromProto(ordinal::v1::ColumnType type);
ResultSet ResultSetFromProto(const ordinal::v1::ExecuteResponse& response);
// The failure a Session response reports: code, message, MySQL errno and reason, as
// FromGrpcStatus rebuilds them for Execute. Never OK (a code of 0 reads as UNKNOWN).
absl::Status StatusFromProto(const ordinal::v1::StatementError& error);
ServerStatus ServerStatusFromProto(const ordinal::v1::GetStatusResponse& response);

}  // namespace ordinal::client_internal

#endif  // ORDINAL_CLIENT_WIRE_CONVERSION_H_
