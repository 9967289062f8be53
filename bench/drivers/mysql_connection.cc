#include "bench/drivers/mysql_connection.h"

#include <mysql.h>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::bench {

absl::StatusOr<std::unique_ptr<Connection>> MysqlConnection::Open(
    const Target& target, int endpoint, const std::string& database) {
  std::unique_ptr<MysqlConnection> conn(new MysqlConnection(
      target.endpoints.at(endpoint), target.user, target.password, database));
  absl::Status s = conn->Reconnect();
  if (!s.ok()) return s;
  return std::unique_ptr<Connection>(std::move(conn));
}

MysqlConnection::~MysqlConnection() {
  if (mysql_ != nullptr) mysql_close(mysql_);
}

absl::Status MysqlConnection::Reconnect() {
  if (mysql_ != nullptr) mysql_close(mysql_);
  mysql_ = mysql_init(nullptr);
  if (mysql_ == nullptr) return absl::ResourceExhaustedError("mysql_init failed");
  unsigned int timeout = 10;
  mysql_options(mysql_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  unsigned int protocol = MYSQL_PROTOCOL_TCP;
  mysql_options(mysql_, MYSQL_OPT_PROTOCOL, &protocol);
  if (mysql_real_connect(mysql_, endpoint_.host.c_str(), user_.c_str(), password_.c_str(),
                         database_.empty() ? nullptr : database_.c_str(), endpoint_.port,
                         nullptr, 0) == nullptr) {
    absl::Status s = Error("connect");
    mysql_close(mysql_);
    mysql_ = nullptr;
    return s;
  }
  return absl::OkStatus();
}

absl::Status MysqlConnection::Error(const char* what) {
  int code = static_cast<int>(mysql_errno(mysql_));
  absl::StatusCode status_code = absl::StatusCode::kUnknown;
  switch (code) {
    case 1213:
    case 1205:
      status_code = absl::StatusCode::kAborted;
      break;
    case 2002:
    case 2003:
    case 2006:
    case 2013:
      status_code = absl::StatusCode::kUnavailable;
      break;
    default:
      break;
  }
  absl::Status s(status_code, absl::StrCat("mysql ", what, " on ", endpoint_.address(),
                                           ": ERROR ", code, ": ", mysql_error(mysql_)));
  SetMysqlErrno(s, code);
  return s;
}

absl::StatusOr<QueryResult> MysqlConnection::Execute(std::string_view sql) {
  if (mysql_ == nullptr) {
    absl::Status s = Reconnect();
    if (!s.ok()) return s;
  }
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    absl::Status s = Error("query");
    if (s.code() == absl::StatusCode::kUnavailable) {
      mysql_close(mysql_);
      mysql_ = nullptr;
    }
    return s;
  }
  QueryResult out;
  MYSQL_RES* res = mysql_store_result(mysql_);
  if (res == nullptr) {
    if (mysql_field_count(mysql_) != 0) return Error("store result");
    out.rows_affected = mysql_affected_rows(mysql_);
    return out;
  }
  out.first_column.reserve(mysql_num_rows(res));
  while (MYSQL_ROW row = mysql_fetch_row(res)) {
    ++out.row_count;
    unsigned long* lengths = mysql_fetch_lengths(res);
    out.first_column.emplace_back(row[0] == nullptr ? "" : std::string(row[0], lengths[0]));
  }
  mysql_free_result(res);
  return out;
}

absl::Status MysqlConnection::Begin() { return Execute("BEGIN").status(); }
absl::Status MysqlConnection::Commit() { return Execute("COMMIT").status(); }
absl::Status MysqlConnection::Rollback() { return Execute("ROLLBACK").status(); }

}  // namespace ordinal::bench
