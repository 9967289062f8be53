#include "server/prepared_cache.h"

#include <utility>

namespace ordinal::server {

absl::StatusOr<PreparedStatement*> PreparedCache::Get(std::string_view sql) {
  if (auto it = index_.find(sql); it != index_.end()) {
    entries_.splice(entries_.begin(), entries_, it->second);
    return entries_.front().get();
  }
  absl::StatusOr<std::unique_ptr<PreparedStatement>> prepared = PreparedStatement::Prepare(sql);
  if (!prepared.ok()) return prepared.status();
  if (index_.size() >= kCapacity) {
    index_.erase(std::string_view(entries_.back()->sql()));
    entries_.pop_back();
  }
  entries_.push_front(*std::move(prepared));
  PreparedStatement* statement = entries_.front().get();
  index_.emplace(std::string_view(statement->sql()), entries_.begin());
  return statement;
}

}  // namespace ordinal::server
