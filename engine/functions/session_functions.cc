// Session functions: VERSION DATABASE SCHEMA CONNECTION_ID LAST_INSERT_ID ROW_COUNT
// FOUND_ROWS USER CURRENT_USER SESSION_USER SYSTEM_USER, and WAIT_FOR_EXECUTED_GTID_SET.
#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/sql_error.h"
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

// WAIT_FOR_EXECUTED_GTID_SET(position[, timeout]): MySQL's function over our commit
// positions (the text the GTID session tracker sends). 0 once this server's content reached
// `position` (at once for '' or a position it already has), 1 when `timeout` seconds passed
// first; no timeout (or 0) waits without bound, as in MySQL. Errors: 1772 for a position
// that is not a decimal number, 1210 for a negative timeout.
absl::StatusOr<Value> WaitForExecutedGtidSet(FunctionArgs& args) {
  absl::StatusOr<Value> set = args.Arg(0);
  if (!set.ok()) return set.status();
  if (set->is_null()) return Value::Null();
  absl::Duration timeout = absl::InfiniteDuration();
  if (args.size() > 1) {
    absl::StatusOr<Value> seconds = args.Arg(1);
    if (!seconds.ok()) return seconds.status();
    if (seconds->is_null()) return Value::Null();
    const double value = seconds->ToDouble();
    if (value < 0 || std::isnan(value)) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongArguments,
                      "Incorrect arguments to WAIT_FOR_EXECUTED_GTID_SET.");
    }
    if (value > 0) timeout = absl::Seconds(value);
  }
  const std::string text = set->ToString();
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  uint64_t position = 0;
  if (!trimmed.empty() && !absl::SimpleAtoi(trimmed, &position)) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kMalformedGtidSet,
                    absl::StrCat("Malformed GTID set specification '", text, "'."));
  }
  const SessionContext* s = args.session();
  if (s == nullptr || !s->wait_for_position) {
    return SqlError(absl::StatusCode::kUnimplemented, MysqlErrno::kNotSupported,
                    "WAIT_FOR_EXECUTED_GTID_SET needs a database");
  }
  const absl::Time deadline = timeout == absl::InfiniteDuration()
                                  ? absl::InfiniteFuture()
                                  : absl::Now() + timeout;
  return Value::Int(s->wait_for_position(position, deadline) ? 0 : 1);
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
      {"WAIT_FOR_EXECUTED_GTID_SET", 1, 2, ReturnsInt, WaitForExecutedGtidSet,
       /*blocking=*/true},
  };
}

}  // namespace ordinal::engine::functions
