// A complete program using the OrdinalDB client library: connect, create a table, insert two
// rows in one transaction, query them and print the typed values.
//
//   ORDINAL_PASSWORD=secret ordinal-example [host:port]
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "client/client.h"
#include "common/sql_error.h"
#include "common/status_macros.h"

namespace {

absl::Status Run(const std::string& address, const std::string& password) {
  ordinal::ClientOptions options;
  options.address = address;
  options.password = password;
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<ordinal::Client> client,
                           ordinal::Client::Connect(options));

  ORDINAL_RETURN_IF_ERROR(client->Execute("CREATE DATABASE IF NOT EXISTS example").status());
  ORDINAL_RETURN_IF_ERROR(client->Execute("USE example").status());
  ORDINAL_RETURN_IF_ERROR(client->Execute("DROP TABLE IF EXISTS cities").status());
  ORDINAL_RETURN_IF_ERROR(client
                              ->Execute("CREATE TABLE cities (id INT PRIMARY KEY AUTO_INCREMENT, "
                                        "name VARCHAR(64) NOT NULL, population INT, area DOUBLE)")
                              .status());

  // Both rows commit together, or neither does.
  ORDINAL_RETURN_IF_ERROR(client->Begin());
  ORDINAL_RETURN_IF_ERROR(client
                              ->Execute("INSERT INTO cities (name, population, area) "
                                        "VALUES ('Lisbon', 545000, 100.05)")
                              .status());
  ORDINAL_RETURN_IF_ERROR(client
                              ->Execute("INSERT INTO cities (name, population, area) "
                                        "VALUES ('Porto', NULL, 41.42)")
                              .status());
  ORDINAL_RETURN_IF_ERROR(client->Commit());
  std::cout << "committed at position " << client->last_commit_position() << "\n";

  ORDINAL_ASSIGN_OR_RETURN(
      ordinal::ResultSet result,
      client->Execute("SELECT id, name, population, area FROM cities ORDER BY id"));
  for (const ordinal::Row& row : result.rows) {
    int64_t id = row[0].int_value();
    const std::string& name = row[1].string_value();
    std::cout << id << ": " << name << ", population "
              << (row[2].is_null() ? "unknown" : std::to_string(row[2].int_value())) << ", area "
              << row[3].ToString() << " km2\n";
  }
  std::cout << result.row_count() << " rows\n";
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  std::string address = argc > 1 ? argv[1] : "127.0.0.1:7306";
  const char* password = std::getenv("ORDINAL_PASSWORD");
  absl::Status status = Run(address, password != nullptr ? password : "");
  if (!status.ok()) {
    std::cerr << ordinal::FormatSqlError(status) << "\n";
    return 1;
  }
  return 0;
}
