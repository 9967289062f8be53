#include "engine/database.h"

#include <utility>

#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog.h"
#include "engine/engine_state.h"
#include "engine/exec/auto_increment.h"
#include "engine/kv/store.h"
#include "engine/session_impl.h"

namespace ordinal::engine {
namespace {

class DatabaseImpl final : public Database {
 public:
  explicit DatabaseImpl(std::unique_ptr<kv::Store> store)
      : store_(std::move(store)),
        catalog_(*store_),
        state_{*store_, catalog_, auto_increment_} {}

  absl::Status Init() { return catalog_.Reload(); }

  absl::StatusOr<std::unique_ptr<Session>> NewSession(std::string_view database) override {
    auto session = std::make_unique<SessionImpl>(state_);
    if (!database.empty()) {
      ORDINAL_RETURN_IF_ERROR(session->Use(database));
    }
    return std::unique_ptr<Session>(std::move(session));
  }

  uint64_t LatestPosition() const override { return store_->LatestSequence(); }

  std::optional<uint64_t> GetIntProperty(std::string_view name) const override {
    return store_->GetIntProperty(name);
  }

 private:
  // Declaration order is destruction order in reverse: the store outlives the rest.
  std::unique_ptr<kv::Store> store_;
  catalog::Catalog catalog_;
  exec::AutoIncrementCounters auto_increment_;
  EngineState state_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  kv::StoreOptions store_options;
  store_options.data_dir = options.data_dir;
  store_options.sync_commit = options.sync_commit;
  store_options.block_cache_bytes = options.block_cache_bytes;
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<kv::Store> store, kv::Store::Open(store_options));
  auto database = std::make_unique<DatabaseImpl>(std::move(store));
  ORDINAL_RETURN_IF_ERROR(database->Init());
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace ordinal::engine
