// Session functions: VERSION DATABASE SCHEMA CONNECTION_ID LAST_INSERT_ID ROW_COUNT
// FOUND_ROWS USER CURRENT_USER SESSION_USER SYSTEM_USER.
#include "engine/functions/registry.h"

namespace ordinal::engine::functions {
namespace {

absl::StatusOr<Value> Version(FunctionArgs&) {
  return Value::String(std::string(vars::kServerVersion));
}

absl::StatusOr<Value> Database(FunctionArgs& args) {
  const SessionContext* s = args.session();
  if (s == nullptr || s->current_database.empty()) return Value::Null();
  return Value::String(s->current_database);
}

absl::StatusOr<Value> ConnectionId(FunctionArgs& args) {
  const SessionContext* s = args.session();
  return Value::Int(s == nullptr ? 0 : s->connection_id);
}

// LAST_INSERT_ID(): the first AUTO_INCREMENT value the session's last INSERT generated.
// LAST_INSERT_ID(expr): returns expr and makes it what LAST_INSERT_ID() returns next.
absl::StatusOr<Value> LastInsertId(FunctionArgs& args) {
  SessionContext* s = args.session();
  if (args.size() == 0) {
    return Value::Int(s == nullptr ? 0 : static_cast<int64_t>(s->last_insert_id()));
  }
  absl::StatusOr<Value> v = args.Arg(0);
  if (!v.ok()) return v.status();
  if (v->is_null()) {
    if (s != nullptr) s->set_last_insert_id(0);
    return Value::Null();
  }
  const int64_t id = v->is_int() ? v->int_value() : static_cast<int64_t>(v->ToDouble());
  if (s != nullptr) s->set_last_insert_id(static_cast<uint64_t>(id));
  return Value::Int(id);
}

absl::StatusOr<Value> RowCount(FunctionArgs& args) {
  const SessionContext* s = args.session();
  return Value::Int(s == nullptr ? -1 : s->row_count);
}

absl::StatusOr<Value> FoundRows(FunctionArgs& args) {
  const SessionContext* s = args.session();
  return Value::Int(s == nullptr ? 0 : static_cast<int64_t>(s->found_rows));
}

absl::StatusOr<Value> User(FunctionArgs& args) {
  const SessionContext* s = args.session();
  return Value::String(s == nullptr ? "root@localhost" : s->user);
}

}  // namespace

std::vector<FunctionDef> SessionFunctions() {
  return {
      {"CONNECTION_ID", 0, 0, ReturnsInt, ConnectionId},
      {"CURRENT_USER", 0, 0, ReturnsString, User},
      {"DATABASE", 0, 0, ReturnsString, Database},
      {"FOUND_ROWS", 0, 0, ReturnsInt, FoundRows},
      {"LAST_INSERT_ID", 0, 1, ReturnsInt, LastInsertId},
      {"ROW_COUNT", 0, 0, ReturnsInt, RowCount},
      {"SCHEMA", 0, 0, ReturnsString, Database},
      {"SESSION_USER", 0, 0, ReturnsString, User},
      {"SYSTEM_USER", 0, 0, ReturnsString, User},
      {"USER", 0, 0, ReturnsString, User},
      {"VERSION", 0, 0, ReturnsString, Version},
  };
}

}  // namespace ordinal::engine::functions
