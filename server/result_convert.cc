#include "server/result_convert.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

#include "common/sql_error.h"
#include "common/status_reason.h"

namespace ordinal::server {

// The gRPC protocol's coarse types: integers, DOUBLE for FLOAT/DOUBLE, DECIMAL, and the
// string kinds (temporal, ENUM and SET values are shown as VARCHAR).
ordinal::v1::ColumnType ToProtoColumnType(engine::ColumnType type) {
  using engine::ColumnType;
  if (type == ColumnType::kBool) return ordinal::v1::COLUMN_TYPE_BOOL;
  if (engine::HoldsInteger(type)) return ordinal::v1::COLUMN_TYPE_INT;
  switch (type) {
    case ColumnType::kDecimal: return ordinal::v1::COLUMN_TYPE_DECIMAL;
    case ColumnType::kFloat:
    case ColumnType::kDouble: return ordinal::v1::COLUMN_TYPE_DOUBLE;
    case ColumnType::kChar:
    case ColumnType::kBinary: return ordinal::v1::COLUMN_TYPE_CHAR;
    case ColumnType::kText:
    case ColumnType::kTinyText:
    case ColumnType::kMediumText:
    case ColumnType::kLongText:
    case ColumnType::kBlob:
    case ColumnType::kTinyBlob:
    case ColumnType::kMediumBlob:
    case ColumnType::kLongBlob: return ordinal::v1::COLUMN_TYPE_TEXT;
    case ColumnType::kJson: return ordinal::v1::COLUMN_TYPE_JSON;
    default: return ordinal::v1::COLUMN_TYPE_VARCHAR;
  }
}

void ToProtoValue(const engine::Value& value, ordinal::v1::Value* out) {
  if (value.is_int()) {
    out->set_int_value(value.int_value());
  } else if (value.is_double()) {
    out->set_double_value(value.double_value());
  } else if (value.is_string()) {
    out->set_string_value(value.string_value());
  } else if (value.is_uint() || value.is_decimal()) {
    out->set_string_value(value.ToString());  // exact numbers travel as text
  } else {
    out->set_null(true);
  }
}

void ToProtoResponse(const engine::ResultSet& result, const engine::Session& session,
                     ordinal::v1::ExecuteResponse* out) {
  out->set_has_result_set(result.has_rows);
  for (const engine::ResultColumn& column : result.columns) {
    ordinal::v1::Column* c = out->add_columns();
    c->set_name(column.name);
    c->set_type(ToProtoColumnType(column.type));
  }
  out->mutable_rows()->Reserve(static_cast<int>(result.rows.size()));
  for (const std::vector<engine::Value>& row : result.rows) {
    ordinal::v1::Row* r = out->add_rows();
    r->mutable_values()->Reserve(static_cast<int>(row.size()));
    for (const engine::Value& value : row) ToProtoValue(value, r->add_values());
  }
  out->set_rows_affected(result.rows_affected);
  out->set_last_insert_id(result.last_insert_id);
  out->set_commit_position(result.commit_position);
  out->set_info(result.info);
  out->set_current_database(session.current_database());
  out->set_in_transaction(session.in_transaction());
}

}  // namespace ordinal::server

namespace ordinal::server {

void ToProtoError(const absl::Status& status, const std::string& primary_address,
                  ordinal::v1::StatementError* out) {
  out->set_code(static_cast<int32_t>(status.code()));
  out->set_message(std::string(status.message()));
  const MysqlErrno mysql_errno = GetMysqlErrno(status);
  if (mysql_errno != MysqlErrno::kUnknown) {
    out->set_mysql_errno(static_cast<uint32_t>(mysql_errno));
    out->set_sqlstate(std::string(SqlState(mysql_errno)));
  }
  out->set_reason(std::string(StatusReasonName(GetStatusReason(status))));
  out->set_primary_address(primary_address);
}

namespace {

absl::Status WrongArguments(const std::string& why) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongArguments,
                  absl::StrCat("Incorrect arguments to EXECUTE: ", why));
}

}  // namespace

absl::StatusOr<std::vector<engine::Value>> ParametersFromProto(
    const google::protobuf::RepeatedPtrField<ordinal::v1::Value>& params, size_t markers) {
  if (static_cast<size_t>(params.size()) != markers) {
    return WrongArguments(absl::StrCat("the statement has ", markers,
                                       " parameter markers and the request ", params.size(),
                                       " values"));
  }
  std::vector<engine::Value> values;
  values.reserve(markers);
  for (const ordinal::v1::Value& param : params) {
    switch (param.kind_case()) {
      case ordinal::v1::Value::kIntValue:
        values.push_back(engine::Value::Int(param.int_value()));
        break;
      case ordinal::v1::Value::kDoubleValue:
        values.push_back(engine::Value::Double(param.double_value()));
        break;
      case ordinal::v1::Value::kStringValue:
        values.push_back(engine::Value::String(param.string_value()));
        break;
      case ordinal::v1::Value::kUintValue:
        values.push_back(engine::Value::UInt(param.uint_value()));
        break;
      case ordinal::v1::Value::kDecimalValue: {
        std::optional<engine::Decimal> decimal = engine::Decimal::Parse(param.decimal_value());
        if (!decimal.has_value()) {
          return WrongArguments(absl::StrCat("parameter ", values.size() + 1,
                                             " is not a decimal number"));
        }
        values.push_back(engine::Value::FromDecimal(*std::move(decimal)));
        break;
      }
      default:  // null, or no kind
        values.push_back(engine::Value::Null());
        break;
    }
  }
  return values;
}

}  // namespace ordinal::server
