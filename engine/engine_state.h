// What every Session of one Database shares: the store, the catalog and the AUTO_INCREMENT
// counters, and whether sessions may write. Internal to engine/ (the facade in database.h
// is the public surface).
#ifndef ORDINAL_ENGINE_ENGINE_STATE_H_
#define ORDINAL_ENGINE_ENGINE_STATE_H_

#include <string>

#include "engine/catalog/catalog.h"
#include "engine/exec/auto_increment.h"
#include "engine/kv/store.h"

namespace ordinal::engine {

// Owned by the Database; sessions hold a reference and must not outlive it.
struct EngineState {
  kv::Store& store;
  catalog::Catalog& catalog;
  exec::AutoIncrementCounters& auto_increment;
  // A replica's sessions refuse every write statement (errno 1290) and name the primary.
  bool read_only = false;
  std::string primary_address;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_ENGINE_STATE_H_
