// ALTER TABLE and foreign keys (docs/foreign-keys.md): the checks made before an ALTER
// changes a table's definition, under the exclusive schema lock (alter_table.h), so that no
// write runs between the check and the change.
#ifndef ORDINAL_ENGINE_ALTER_ALTER_FOREIGN_KEYS_H_
#define ORDINAL_ENGINE_ALTER_ALTER_FOREIGN_KEYS_H_

#include "absl/status/status.h"
#include "engine/alter/alter_plan.h"
#include "engine/catalog/catalog.h"
#include "engine/kv/store.h"
#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::alter {

// For `old` becoming plan.definition: each added key against its referenced table
// (foreign_key_ddl.h) and, with foreign_key_checks on, against the table's rows (1452 for a
// row whose parent is missing); its name unique in the database (1826); and the keys of
// other tables that reference this one still finding their columns (1829) and an index
// (1553) in the new definition. `txn` reads the catalog; the row check reads through a
// transaction of its own in `store`, which it rolls back.
absl::Status CheckAlterForeignKeys(kv::Transaction& txn, kv::Store& store,
                                   const catalog::Catalog& catalog,
                                   const ordinal::v1::TableDef& old, const AlterPlan& plan);

}  // namespace ordinal::engine::alter

#endif  // ORDINAL_ENGINE_ALTER_ALTER_FOREIGN_KEYS_H_
