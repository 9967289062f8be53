// Conversion of the engine's results to the wire messages of ordinal/v1/sql.proto, and of a
// request's parameter values to the engine's.
#ifndef ORDINAL_SERVER_RESULT_CONVERT_H_
#define ORDINAL_SERVER_RESULT_CONVERT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/database.h"
#include "ordinal/v1/sql.pb.h"

namespace ordinal::server {

ordinal::v1::ColumnType ToProtoColumnType(engine::ColumnType type);

void ToProtoValue(const engine::Value& value, ordinal::v1::Value* out);

// The values of a request's `?` markers (SessionRequest.params) for a statement with
// `markers` of them. INVALID_ARGUMENT errno 1210 (ER_WRONG_ARGUMENTS) when their number is
// another, or a decimal_value is not a decimal number.
absl::StatusOr<std::vector<engine::Value>> ParametersFromProto(
    const google::protobuf::RepeatedPtrField<ordinal::v1::Value>& params, size_t markers);

// Fills `out` with `result` and the session's state after the statement.
void ToProtoResponse(const engine::ResultSet& result, const engine::Session& session,
                     ordinal::v1::ExecuteResponse* out);

// Fills `out` with the failed `status` (not OK): its code, message, MySQL errno and SQLSTATE,
// reason, and `primary_address` (the primary a replica names for a refused write; may be
// empty).
void ToProtoError(const absl::Status& status, const std::string& primary_address,
                  ordinal::v1::StatementError* out);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_RESULT_CONVERT_H_
