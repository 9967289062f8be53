// ServerBackend: runs statements against a real `ordinald` (tests/testing/server_process.h:
// its own temp data dir and free loopback port, killed on destruction) through the client
// library's one session, over gRPC.
#ifndef ORDINAL_TESTS_SQL_SERVER_BACKEND_H_
#define ORDINAL_TESTS_SQL_SERVER_BACKEND_H_

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "client/client.h"
#include "tests/sql/sql_backend.h"
#include "tests/testing/server_process.h"

namespace ordinal::sqltest {

class ServerBackend : public SqlBackend {
 public:
  // Starts the server and connects.
  static absl::StatusOr<std::unique_ptr<ServerBackend>> Create();

  absl::StatusOr<SqlResult> Execute(std::string_view sql) override;
  std::string_view name() const override { return "server"; }

 private:
  ServerBackend() = default;

  std::unique_ptr<testing::ServerProcess> server_;
  std::unique_ptr<Client> client_;  // closed before the server goes
};

}  // namespace ordinal::sqltest

#endif  // ORDINAL_TESTS_SQL_SERVER_BACKEND_H_
