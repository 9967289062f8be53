// Session functions: VERSION DATABASE SCHEMA CONNECTION_ID LAST_INSERT_ID ROW_COUNT
// FOUND_ROWS USER CURRENT_USER SESSION_USER SYSTEM_USER UUID UUID_SHORT SLEEP, and
// WAIT_FOR_EXECUTED_GTID_SET.
#include <atomic>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/args.h"
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

absl::StatusOr<Value> CurrentUser(FunctionArgs& args) {
  const SessionContext* s = args.session();
  return Value::String(s == nullptr ? "root@localhost" : s->current_user);
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
  const bool reached = s->wait_for_position(position, deadline);
  if (s->interrupt != nullptr) {
    if (absl::Status killed = s->interrupt->Check(); !killed.ok()) return killed;
  }
  return Value::Int(reached ? 0 : 1);
}

// UUID(): a version 1 UUID as MySQL makes them: the time in 100 ns units since 1582-10-15,
// a clock sequence, and a node id (random per process, with the multicast bit set as RFC
// 4122 asks of ids that are not MAC addresses). Successive calls never repeat a time.
absl::StatusOr<Value> Uuid(FunctionArgs&) {
  static absl::Mutex mu(absl::kConstInit);
  static uint64_t last_time = 0;
  static const std::pair<uint64_t, uint16_t> node_and_clock = [] {
    std::random_device random;
    const uint64_t node = ((uint64_t{random()} << 32) | random()) & 0xFFFFFFFFFFFFull;
    return std::make_pair(node | 0x010000000000ull, static_cast<uint16_t>(random() & 0x3FFF));
  }();
  constexpr uint64_t kGregorianOffset = 0x01B21DD213814000ull;  // 1582-10-15 to 1970-01-01
  uint64_t t = static_cast<uint64_t>(absl::ToUnixNanos(absl::Now()) / 100) + kGregorianOffset;
  {
    absl::MutexLock lock(&mu);
    if (t <= last_time) t = last_time + 1;
    last_time = t;
  }
  return Value::String(absl::StrFormat(
      "%08x-%04x-%04x-%04x-%012x", t & 0xFFFFFFFF, (t >> 32) & 0xFFFF,
      ((t >> 48) & 0x0FFF) | 0x1000, node_and_clock.second | 0x8000, node_and_clock.first));
}

// UUID_SHORT(): (server_id & 255) << 56 | startup seconds << 24, plus one per call.
absl::StatusOr<Value> UuidShort(FunctionArgs&) {
  static std::atomic<uint64_t> next{
      (static_cast<uint64_t>(absl::ToUnixSeconds(absl::Now())) & 0xFFFFFFFF) << 24};
  return Value::UInt(next.fetch_add(1));
}

// SLEEP(seconds): 0 after sleeping, 1 when the session's statement was cancelled first (KILL
// QUERY). NULL or negative seconds is error 1210 (MySQL 8's strict mode).
absl::StatusOr<Value> Sleep(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  const double seconds = v ? v->ToDouble() : -1;
  if (!(seconds >= 0)) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongArguments,
                    "Incorrect arguments to sleep.");
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(std::min(seconds, 1e9));
  const SessionContext* s = args.session();
  if (s == nullptr || s->cancel == nullptr) {
    absl::SleepFor(deadline - absl::Now());
    return Value::Int(0);
  }
  return Value::Int(s->cancel->WaitUntil(deadline) ? 1 : 0);
}

}  // namespace

std::vector<FunctionDef> SessionFunctions() {
  return {
      {"CONNECTION_ID", 0, 0, ReturnsInt, ConnectionId},
      {"CURRENT_USER", 0, 0, ReturnsString, CurrentUser},
      {"DATABASE", 0, 0, ReturnsString, Database},
      {"FOUND_ROWS", 0, 0, ReturnsInt, FoundRows},
      {"LAST_INSERT_ID", 0, 1, ReturnsInt, LastInsertId},
      {"ROW_COUNT", 0, 0, ReturnsInt, RowCount},
      {"SCHEMA", 0, 0, ReturnsString, Database},
      {"SESSION_USER", 0, 0, ReturnsString, User},
      {"SLEEP", 1, 1, ReturnsInt, Sleep, ResultCollation::kConnection,
       /*blocking=*/true},
      {"SYSTEM_USER", 0, 0, ReturnsString, User},
      {"USER", 0, 0, ReturnsString, User},
      {"UUID", 0, 0, ReturnsString, Uuid},
      {"UUID_SHORT", 0, 0, ReturnsInt, UuidShort},
      {"VERSION", 0, 0, ReturnsString, Version},
      {"WAIT_FOR_EXECUTED_GTID_SET", 1, 2, ReturnsInt, WaitForExecutedGtidSet,
       ResultCollation::kConnection, /*blocking=*/true},
  };
}

}  // namespace ordinal::engine::functions
