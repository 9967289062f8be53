#include "client/wire_conversion.h"

#include <utility>

#include "common/sql_error.h"
#include "common/status_reason.h"

namespace ordinal::client_internal {

Value ValueFromProto(const ordinal::v1::Value& value) {
  switch (value.kind_case()) {
    case ordinal::v1::Value::kIntValue:
      return Value::Int(value.int_value());
    case ordinal::v1::Value::kDoubleValue:
      return Value::Double(value.double_value());
    case ordinal::v1::Value::kStringValue:
      return Value::String(value.string_value());
    case ordinal::v1::Value::kNull:
    case ordinal::v1::Value::KIND_NOT_SET:
      break;
  }
  return Value::Null();
}

void ValueToProto(const Value& value, ordinal::v1::Value* out) {
  switch (value.kind()) {
    case Value::Kind::kInt:
      out->set_int_value(value.int_value());
      return;
    case Value::Kind::kDouble:
      out->set_double_value(value.double_value());
      return;
    case Value::Kind::kString:
      out->set_string_value(value.string_value());
      return;
    case Value::Kind::kNull:
      out->set_null(true);
      return;
  }
}

ColumnType ColumnTypeFromProto(ordinal::v1::ColumnType type) {
  switch (type) {
    case ordinal::v1::COLUMN_TYPE_INT:
      return ColumnType::kInt;
    case ordinal::v1::COLUMN_TYPE_DOUBLE:
      return ColumnType::kDouble;
    case ordinal::v1::COLUMN_TYPE_CHAR:
      return ColumnType::kChar;
    case ordinal::v1::COLUMN_TYPE_VARCHAR:
      return ColumnType::kVarchar;
    case ordinal::v1::COLUMN_TYPE_TEXT:
      return ColumnType::kText;
    case ordinal::v1::COLUMN_TYPE_BOOL:
      return ColumnType::kBool;
    default:
      return ColumnType::kUnspecified;
  }
}

ResultSet ResultSetFromProto(const ordinal::v1::ExecuteResponse& response) {
  ResultSet result;
  result.has_rows = response.has_result_set();
  result.columns.reserve(response.columns_size());
  for (const auto& column : response.columns()) {
    result.columns.push_back(Column{column.name(), ColumnTypeFromProto(column.type())});
  }
  result.rows.reserve(response.rows_size());
  for (const auto& row : response.rows()) {
    Row cells;
    cells.reserve(row.values_size());
    for (const auto& value : row.values()) cells.push_back(ValueFromProto(value));
    result.rows.push_back(std::move(cells));
  }
  result.rows_affected = response.rows_affected();
  result.last_insert_id = response.last_insert_id();
  result.commit_position = response.commit_position();
  result.info = response.info();
  return result;
}

ServerStatus ServerStatusFromProto(const ordinal::v1::GetStatusResponse& response) {
  ServerStatus status;
  status.version = response.version();
  status.ordinal = response.ordinal();
  status.role = response.role();
  status.uptime_seconds = response.uptime_seconds();
  status.latest_position = response.latest_position();
  status.open_sessions = response.open_sessions();
  status.cluster_id = response.cluster_id();
  status.primary_address = response.primary_address();
  if (response.has_replication()) {
    const ordinal::v1::ReplicationState& stream = response.replication();
    status.replication = ReplicationStatus{
        .state = stream.state(),
        .primary_address = stream.primary_address(),
        .applied_position = stream.applied_position(),
        .primary_position = stream.primary_position(),
        .lag_positions = stream.lag_positions(),
        .lag_ms = stream.lag_ms(),
        .last_error = stream.last_error(),
    };
  }
  for (const ordinal::v1::ReplicaInfo& replica : response.replicas()) {
    status.replicas.push_back(ReplicaStatus{
        .ordinal = replica.ordinal(),
        .address = replica.address(),
        .connected = replica.connected(),
        .acked_position = replica.acked_position(),
        .lag_positions = replica.lag_positions(),
        .positions_above_retention_edge = replica.positions_above_retention_edge(),
        .near_retention_edge = replica.near_retention_edge(),
    });
  }
  status.sync_replicas = response.sync_replicas();
  status.sync_fallbacks = response.sync_fallbacks();
  return status;
}

absl::Status StatusFromProto(const ordinal::v1::StatementError& error) {
  absl::StatusCode code = static_cast<absl::StatusCode>(error.code());
  if (error.code() <= 0 || error.code() > static_cast<int>(absl::StatusCode::kUnauthenticated)) {
    code = absl::StatusCode::kUnknown;
  }
  absl::Status status(code, error.message());
  if (error.mysql_errno() != 0) SetMysqlErrno(status, static_cast<int>(error.mysql_errno()));
  if (!error.reason().empty()) {
    status = WithReason(std::move(status), StatusReasonFromName(error.reason()));
  }
  return status;
}

}  // namespace ordinal::client_internal
