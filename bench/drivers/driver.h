// Connection: one client connection to one database server, the seam between the workloads
// and a database system. Implementations: OrdinalConnection (ordinal::Client) and
// MysqlConnection (libmariadb, text protocol).
//
// Every statement autocommits unless Begin() opened a transaction. A workload's statement
// goes with its parameters apart from its text where the driver can send them (OrdinalDB's
// session streams, unless Target::text_statements), as text otherwise.
// Errors are absl::Status carrying the MySQL error number (common/sql_error.h); a retryable
// failure (write-write conflict or deadlock, errno 1213; lock wait timeout; temporary
// unavailability) has code ABORTED or UNAVAILABLE, so IsRetryable() tells the runner to
// retry the whole transaction.
//
// Thread safety: a Connection is used by one thread at a time.
#ifndef ORDINAL_BENCH_DRIVERS_DRIVER_H_
#define ORDINAL_BENCH_DRIVERS_DRIVER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/target.h"
#include "bench/workloads/workload.h"

namespace ordinal::bench {

// The answer to one statement. Every row is fetched and counted (so both drivers do the
// same work); only the first column of each row is kept, as text ("" for NULL).
struct QueryResult {
  uint64_t row_count = 0;
  uint64_t rows_affected = 0;
  std::vector<std::string> first_column;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual absl::StatusOr<QueryResult> Execute(std::string_view sql) = 0;
  // A workload's statement: as Execute(statement.Text()), unless the driver sends
  // parameters apart from the text.
  virtual absl::StatusOr<QueryResult> ExecuteStatement(const Statement& statement) {
    return Execute(statement.Text());
  }
  virtual absl::Status Begin() = 0;
  virtual absl::Status Commit() = 0;
  virtual absl::Status Rollback() = 0;
  // The server's newest applied or committed log position, where the system has one
  // (OrdinalDB); UNIMPLEMENTED otherwise.
  virtual absl::StatusOr<uint64_t> ServerPosition() {
    return absl::UnimplementedError("no log positions");
  }
};

// Opens a connection to target.endpoints[endpoint] with `database` selected (none when
// empty). Fails with UNIMPLEMENTED for a MySQL target when built without libmariadb.
absl::StatusOr<std::unique_ptr<Connection>> Connect(const Target& target, int endpoint,
                                                    const std::string& database);

// Once per process, before threads connect (libmariadb's library init).
void InitDrivers();

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_DRIVERS_DRIVER_H_
