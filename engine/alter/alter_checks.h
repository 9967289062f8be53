// ALTER TABLE and CHECK constraints (docs/check-constraints.md): the checks made before an
// ALTER changes a table's definition, under the exclusive schema lock (alter_table.h), so
// that no write runs between the check and the change.
#ifndef ORDINAL_ENGINE_ALTER_ALTER_CHECKS_H_
#define ORDINAL_ENGINE_ALTER_ALTER_CHECKS_H_

#include "absl/status/status.h"
#include "engine/alter/alter_plan.h"
#include "engine/kv/store.h"
#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::alter {

// For `old` becoming plan.definition: the check names unique in the database (3822); and,
// when the ALTER changes no row (no copy), every row of the table against the checks it adds
// or enforces (3819 for the first row one is FALSE for). `txn` reads the catalog; the rows
// are read through a transaction of its own in `store`, which it rolls back. (With a copy,
// table_copy.h checks each copied row.)
absl::Status CheckAlterChecks(kv::Transaction& txn, kv::Store& store,
                              const ordinal::v1::TableDef& old, const AlterPlan& plan);

}  // namespace ordinal::engine::alter

#endif  // ORDINAL_ENGINE_ALTER_ALTER_CHECKS_H_
