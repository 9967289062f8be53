// OrdinalConnection: a Connection on ordinal::Client (one server session).
#ifndef ORDINAL_BENCH_DRIVERS_ORDINAL_CONNECTION_H_
#define ORDINAL_BENCH_DRIVERS_ORDINAL_CONNECTION_H_

#include <memory>
#include <string>

#include "bench/drivers/driver.h"
#include "client/client.h"

namespace ordinal::bench {

// The client library's answer as a Connection's.
QueryResult QueryResultFrom(const ResultSet& rs);

class OrdinalConnection : public Connection {
 public:
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const Target& target, int endpoint,
                                                          const std::string& database);

  absl::StatusOr<QueryResult> Execute(std::string_view sql) override;
  // With its parameters on a session stream; as text on unary calls or with
  // Target::text_statements.
  absl::StatusOr<QueryResult> ExecuteStatement(const Statement& statement) override;
  absl::Status Begin() override { return client_->Begin(); }
  absl::Status Commit() override { return client_->Commit(); }
  absl::Status Rollback() override { return client_->Rollback(); }
  absl::StatusOr<uint64_t> ServerPosition() override;

 private:
  OrdinalConnection(std::unique_ptr<Client> client, bool with_params)
      : client_(std::move(client)), with_params_(with_params) {}
  std::unique_ptr<Client> client_;
  const bool with_params_;
};

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_DRIVERS_ORDINAL_CONNECTION_H_
