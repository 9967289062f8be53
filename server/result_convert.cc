#include "server/result_convert.h"

namespace ordinal::server {

ordinal::v1::ColumnType ToProtoColumnType(engine::ColumnType type) {
  switch (type) {
    case engine::ColumnType::kInt: return ordinal::v1::COLUMN_TYPE_INT;
    case engine::ColumnType::kDouble: return ordinal::v1::COLUMN_TYPE_DOUBLE;
    case engine::ColumnType::kChar: return ordinal::v1::COLUMN_TYPE_CHAR;
    case engine::ColumnType::kVarchar: return ordinal::v1::COLUMN_TYPE_VARCHAR;
    case engine::ColumnType::kText: return ordinal::v1::COLUMN_TYPE_TEXT;
    case engine::ColumnType::kBool: return ordinal::v1::COLUMN_TYPE_BOOL;
  }
  return ordinal::v1::COLUMN_TYPE_UNSPECIFIED;
}

void ToProtoValue(const engine::Value& value, ordinal::v1::Value* out) {
  if (value.is_int()) {
    out->set_int_value(value.int_value());
  } else if (value.is_double()) {
    out->set_double_value(value.double_value());
  } else if (value.is_string()) {
    out->set_string_value(value.string_value());
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
