// The driver factory: picks the Connection implementation for a target's system.
#include "bench/drivers/driver.h"
#include "bench/drivers/ordinal_connection.h"

#ifdef ORDINAL_BENCH_HAVE_MYSQL
#include <mysql.h>

#include "bench/drivers/mysql_connection.h"
#endif

namespace ordinal::bench {

void InitDrivers() {
#ifdef ORDINAL_BENCH_HAVE_MYSQL
  mysql_library_init(0, nullptr, nullptr);
#endif
}

absl::StatusOr<std::unique_ptr<Connection>> Connect(const Target& target, int endpoint,
                                                    const std::string& database) {
  switch (target.system) {
    case System::kOrdinal:
      return OrdinalConnection::Open(target, endpoint, database);
    case System::kMysql:
#ifdef ORDINAL_BENCH_HAVE_MYSQL
      return MysqlConnection::Open(target, endpoint, database);
#else
      return absl::UnimplementedError("ordinal-bench was built without libmariadb");
#endif
  }
  return absl::InvalidArgumentError("unknown target system");
}

}  // namespace ordinal::bench
