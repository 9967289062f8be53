#include "server/prepared_statement.h"

#include <utility>
#include <variant>

#include "engine/statement_traits.h"
#include "server/mysql/prepared.h"
#include "server/statement_runner.h"

namespace ordinal::server {
namespace {

// BEGIN, COMMIT or ROLLBACK.
bool IsTransactionControl(const engine::sql::Statement& statement) {
  return std::holds_alternative<engine::sql::Begin>(statement.body) ||
         std::holds_alternative<engine::sql::Commit>(statement.body) ||
         std::holds_alternative<engine::sql::Rollback>(statement.body);
}

// The parse a prepared statement keeps for its data statement with `markers` markers, or
// nullopt (another kind of statement, or markers the parser does not take).
std::optional<engine::sql::ParameterizedStatement> ParseOnce(std::string_view sql,
                                                             size_t markers) {
  absl::StatusOr<engine::sql::ParameterizedStatement> parsed =
      StatementRunner::ParseWithParameters(sql);
  if (!parsed.ok() || parsed->parameters.size() != markers) return std::nullopt;
  const engine::sql::StatementBody& body = parsed->statement.body;
  if (!std::holds_alternative<engine::sql::Select>(body) &&
      !std::holds_alternative<engine::sql::Insert>(body) &&
      !std::holds_alternative<engine::sql::Update>(body) &&
      !std::holds_alternative<engine::sql::Delete>(body)) {
    return std::nullopt;
  }
  return *std::move(parsed);
}

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedStatement>> PreparedStatement::Prepare(
    std::string_view sql) {
  std::unique_ptr<PreparedStatement> prepared(new PreparedStatement());
  prepared->sql_ = std::string(sql);
  prepared->markers_ = mysql::FindPlaceholders(sql);
  absl::StatusOr<engine::sql::Statement> parsed = StatementRunner::Parse(prepared->BindText(
      std::vector<engine::Value>(prepared->markers_.size(), engine::Value::Int(0))));
  if (!parsed.ok()) return parsed.status();
  prepared->runs_without_blocking_ = StatementRunner::RunsWithoutBlocking(*parsed);
  prepared->parks_ = StatementRunner::ParksWait(*parsed);
  prepared->only_reads_ = StatementRunner::OnlyReads(*parsed);
  const auto* select = std::get_if<engine::sql::Select>(&parsed->body);
  prepared->reruns_safely_ = select != nullptr && engine::RerunsSafely(*select);
  prepared->kept_ = ParseOnce(sql, prepared->markers_.size());
  if (!prepared->kept_.has_value() && prepared->markers_.empty() &&
      IsTransactionControl(*parsed)) {
    // Nothing to bind: the prepare's parse serves every run.
    prepared->kept_ = engine::sql::ParameterizedStatement{*std::move(parsed), {}};
  }
  return prepared;
}

const engine::sql::Statement& PreparedStatement::Bind(std::vector<engine::Value> values) {
  for (size_t i = 0; i < values.size() && i < kept_->parameters.size(); ++i) {
    kept_->parameters[i]->literal = std::move(values[i]);
  }
  return kept_->statement;
}

std::string PreparedStatement::BindText(const std::vector<engine::Value>& values) const {
  return mysql::BindParameters(sql_, markers_, values);
}

}  // namespace ordinal::server
