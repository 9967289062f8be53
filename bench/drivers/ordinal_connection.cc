#include "bench/drivers/ordinal_connection.h"

namespace ordinal::bench {

absl::StatusOr<std::unique_ptr<Connection>> OrdinalConnection::Open(
    const Target& target, int endpoint, const std::string& database) {
  ClientOptions options;
  options.address = target.endpoints.at(endpoint).address();
  options.user = target.user;
  options.password = target.password;
  options.database = database;
  options.timeout = std::chrono::milliseconds(30000);
  options.session_stream = !target.unary_calls;
  absl::StatusOr<std::unique_ptr<Client>> client = Client::Connect(options);
  if (!client.ok()) return client.status();
  return std::unique_ptr<Connection>(new OrdinalConnection(
      *std::move(client), !target.unary_calls && !target.text_statements));
}

QueryResult QueryResultFrom(const ResultSet& rs) {
  QueryResult out;
  out.row_count = rs.rows.size();
  out.rows_affected = rs.rows_affected;
  out.first_column.reserve(rs.rows.size());
  for (const Row& row : rs.rows) {
    out.first_column.push_back(row.empty() || row[0].is_null() ? "" : row[0].ToString());
  }
  return out;
}

absl::StatusOr<QueryResult> OrdinalConnection::Execute(std::string_view sql) {
  absl::StatusOr<ResultSet> rs = client_->Execute(sql);
  if (!rs.ok()) return rs.status();
  return QueryResultFrom(*rs);
}

absl::StatusOr<QueryResult> OrdinalConnection::ExecuteStatement(const Statement& statement) {
  if (!with_params_) return Execute(statement.Text());
  absl::StatusOr<ResultSet> rs = client_->Execute(statement.sql, statement.params);
  if (!rs.ok()) return rs.status();
  return QueryResultFrom(*rs);
}

absl::StatusOr<uint64_t> OrdinalConnection::ServerPosition() {
  absl::StatusOr<ServerStatus> status = client_->Status();
  if (!status.ok()) return status.status();
  return status->latest_position;
}

}  // namespace ordinal::bench
