#include "server/parsed_selects.h"

#include <utility>
#include <variant>

#include "server/statement_runner.h"

namespace ordinal::server {

absl::StatusOr<std::shared_ptr<const engine::sql::Statement>> ParsedSelects::Parse(
    std::string_view sql) {
  if (auto it = index_.find(sql); it != index_.end()) {
    entries_.splice(entries_.begin(), entries_, it->second);
    return entries_.front().statement;
  }
  absl::StatusOr<engine::sql::Statement> parsed = StatementRunner::Parse(sql);
  if (!parsed.ok()) return parsed.status();
  auto statement = std::make_shared<const engine::sql::Statement>(*std::move(parsed));
  if (sql.size() > kMaxText || !std::holds_alternative<engine::sql::Select>(statement->body)) {
    return statement;
  }
  if (index_.size() >= kCapacity) {
    index_.erase(std::string_view(entries_.back().sql));
    entries_.pop_back();
  }
  entries_.push_front(Entry{std::string(sql), statement});
  index_.emplace(std::string_view(entries_.front().sql), entries_.begin());
  return statement;
}

}  // namespace ordinal::server
