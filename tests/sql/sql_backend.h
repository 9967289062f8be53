// SqlBackend: where a SQL script runs. The script runner (script_runner.h) only sees this
// interface, so the same scripts can run in-process against the engine (EngineBackend) and,
// later, through the client library against a real server or a cluster.
#ifndef ORDINAL_TESTS_SQL_SQL_BACKEND_H_
#define ORDINAL_TESTS_SQL_SQL_BACKEND_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ordinal::sqltest {

// One cell as text, the way the mysql client would show it; nullopt for SQL NULL.
using Cell = std::optional<std::string>;

// The outcome of one successful statement.
struct SqlResult {
  bool has_rows = false;  // the statement returned a result set (possibly empty)
  std::vector<std::vector<Cell>> rows;
  uint64_t rows_affected = 0;
};

class SqlBackend {
 public:
  virtual ~SqlBackend() = default;

  // Runs one statement in the backend's single session. A failure is returned as the
  // statement's status, carrying the MySQL error number (common/sql_error.h).
  virtual absl::StatusOr<SqlResult> Execute(std::string_view sql) = 0;

  // A short name for failure messages ("engine", "server", "cluster").
  virtual std::string_view name() const = 0;
};

}  // namespace ordinal::sqltest

#endif  // ORDINAL_TESTS_SQL_SQL_BACKEND_H_
