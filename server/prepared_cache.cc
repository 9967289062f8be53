#include "server/prepared_cache.h"

#include <string>
#include <utility>

namespace ordinal::server {

absl::StatusOr<PreparedStatement*> PreparedCache::Get(std::string_view sql) {
  if (std::unique_ptr<PreparedStatement>* kept = statements_.Find(sql)) return kept->get();
  absl::StatusOr<std::unique_ptr<PreparedStatement>> prepared = PreparedStatement::Prepare(sql);
  if (!prepared.ok()) return prepared.status();
  return statements_.Add(std::string(sql), *std::move(prepared)).get();
}

}  // namespace ordinal::server
