#include "server/parsed_selects.h"

#include <string>
#include <utility>
#include <variant>

#include "server/statement_runner.h"

namespace ordinal::server {

absl::StatusOr<std::shared_ptr<const engine::sql::Statement>> ParsedSelects::Parse(
    std::string_view sql) {
  if (std::shared_ptr<const engine::sql::Statement>* kept = selects_.Find(sql)) return *kept;
  absl::StatusOr<engine::sql::Statement> parsed = StatementRunner::Parse(sql);
  if (!parsed.ok()) return parsed.status();
  auto statement = std::make_shared<const engine::sql::Statement>(*std::move(parsed));
  if (sql.size() <= kMaxText && std::holds_alternative<engine::sql::Select>(statement->body)) {
    selects_.Add(std::string(sql), statement);
  }
  return statement;
}

}  // namespace ordinal::server
