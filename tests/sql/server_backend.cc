#include "tests/sql/server_backend.h"

#include <utility>
#include <vector>

#include "common/status_macros.h"

namespace ordinal::sqltest {

absl::StatusOr<std::unique_ptr<ServerBackend>> ServerBackend::Create() {
  std::unique_ptr<ServerBackend> backend(new ServerBackend());
  ORDINAL_ASSIGN_OR_RETURN(backend->server_, testing::ServerProcess::Start());
  ORDINAL_ASSIGN_OR_RETURN(backend->client_,
                           Client::Connect({.address = backend->server_->address(),
                                            .password = backend->server_->password()}));
  return backend;
}

absl::StatusOr<SqlResult> ServerBackend::Execute(std::string_view sql) {
  ORDINAL_ASSIGN_OR_RETURN(ResultSet result, client_->Execute(sql));
  SqlResult out;
  out.has_rows = result.has_rows;
  out.rows_affected = result.rows_affected;
  for (const Row& row : result.rows) {
    std::vector<Cell> cells;
    for (const Value& value : row) {
      cells.push_back(value.is_null() ? Cell() : Cell(value.ToString()));
    }
    out.rows.push_back(std::move(cells));
  }
  return out;
}

}  // namespace ordinal::sqltest
