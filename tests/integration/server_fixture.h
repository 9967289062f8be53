// A GoogleTest fixture around one real ordinald (tests/testing/server_process.h) with the
// verbs integration tests speak in: run SQL, count rows, checksum a table.
#ifndef ORDINAL_TESTS_INTEGRATION_SERVER_FIXTURE_H_
#define ORDINAL_TESTS_INTEGRATION_SERVER_FIXTURE_H_

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "ordinal/v1/sql.pb.h"
#include "tests/testing/probes.h"
#include "tests/testing/server_process.h"
#include "tests/testing/sql_stub.h"

namespace ordinal::integration {

using ordinal::testing::ServerOptions;
using ordinal::testing::ServerProcess;

class ServerFixture : public ::testing::Test {
 protected:
  // Options of the server SetUp starts; override to change them.
  virtual ServerOptions Options() { return {}; }

  void SetUp() override {
    auto server = ServerProcess::Start(Options());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    Reconnect();
  }

  void Reconnect() { channel_ = ordinal::testing::Connect(server_->address()); }

  // Runs `sql` (in `session` when given) and expects success.
  ordinal::v1::ExecuteResponse Sql(const std::string& sql, const std::string& session = "") {
    auto response = ordinal::testing::Execute(channel_, sql, session);
    EXPECT_TRUE(response.ok()) << sql << ": " << response.status();
    return response.ok() ? *response : ordinal::v1::ExecuteResponse();
  }

  // Runs `sql` and returns only its status.
  absl::Status Try(const std::string& sql, const std::string& session = "") {
    return ordinal::testing::Execute(channel_, sql, session).status();
  }

  // Creates database `db` with table `db`.t (id INT PRIMARY KEY, v VARCHAR(64)).
  void CreateTable(const std::string& db = "d") {
    Sql(absl::StrCat("CREATE DATABASE ", db));
    Sql(absl::StrCat("CREATE TABLE ", db, ".t (id INT PRIMARY KEY, v VARCHAR(64))"));
  }

  int64_t CountRows(const std::string& table = "d.t") {
    auto response = Sql(absl::StrCat("SELECT COUNT(*) FROM ", table));
    std::string cell = ordinal::testing::FirstCell(response);
    return cell.empty() ? -1 : std::stoll(cell);
  }

  // The checksum column of CHECKSUM TABLE (the last cell of its row).
  std::string Checksum(const std::string& table = "d.t") {
    auto response = Sql(absl::StrCat("CHECKSUM TABLE ", table));
    if (response.rows_size() != 1 || response.rows(0).values_size() == 0) return "<none>";
    const auto& value = response.rows(0).values(response.rows(0).values_size() - 1);
    return value.has_int_value() ? absl::StrCat(value.int_value()) : value.string_value();
  }

  bool Serving() {
    auto health = ordinal::testing::CheckHealth(channel_, "");
    return health.ok() && *health == ordinal::testing::HealthStatus::kServing;
  }

  std::unique_ptr<ServerProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace ordinal::integration

#endif  // ORDINAL_TESTS_INTEGRATION_SERVER_FIXTURE_H_
