// MysqlConnection: a Connection on libmariadb's C API (text protocol, autocommit on, TCP).
// Built only when libmariadb is found (ORDINAL_BENCH_HAVE_MYSQL).
//
// Errors: errno 1213 (deadlock) and 1205 (lock wait timeout) give ABORTED; a lost or refused
// connection (2002, 2003, 2006, 2013) gives UNAVAILABLE, and the next statement reconnects;
// everything else is UNKNOWN. The MySQL errno is attached in every case.
#ifndef ORDINAL_BENCH_DRIVERS_MYSQL_CONNECTION_H_
#define ORDINAL_BENCH_DRIVERS_MYSQL_CONNECTION_H_

#include <memory>
#include <string>

#include "bench/drivers/driver.h"

typedef struct st_mysql MYSQL;

namespace ordinal::bench {

class MysqlConnection : public Connection {
 public:
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const Target& target, int endpoint,
                                                          const std::string& database);
  ~MysqlConnection() override;

  absl::StatusOr<QueryResult> Execute(std::string_view sql) override;
  absl::Status Begin() override;
  absl::Status Commit() override;
  absl::Status Rollback() override;

 private:
  MysqlConnection(Endpoint endpoint, std::string user, std::string password,
                  std::string database)
      : endpoint_(std::move(endpoint)), user_(std::move(user)),
        password_(std::move(password)), database_(std::move(database)) {}
  absl::Status Reconnect();
  absl::Status Error(const char* what);

  Endpoint endpoint_;
  std::string user_;
  std::string password_;
  std::string database_;
  MYSQL* mysql_ = nullptr;
};

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_DRIVERS_MYSQL_CONNECTION_H_
