// Foreign keys in DDL (docs/foreign-keys.md): building the records of FOREIGN KEY clauses,
// naming them as MySQL 8.0 does (<table>_ibfk_<n>), adding the index InnoDB creates on the
// child's columns when none serves them, checking the referenced table, and keeping the
// references right when tables are dropped, truncated or renamed.
//
// Errors (MySQL's): 1072 unknown child column, 1239 column counts differ, 1826 duplicate
// constraint name in the database, 1824 referenced table missing (only with
// foreign_key_checks on), 3734 referenced column missing, 1822 no index on the referenced
// columns, 3780 incompatible column types, 1830 SET NULL on a NOT NULL column, 1215 SET
// DEFAULT (InnoDB rejects it), 3730 DROP TABLE of a referenced table, 1701 TRUNCATE of one.
#ifndef ORDINAL_ENGINE_FOREIGN_KEY_DDL_H_
#define ORDINAL_ENGINE_FOREIGN_KEY_DDL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/ddl.h"
#include "engine/kv/store.h"
#include "engine/sql/ast.h"
#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::ddl {

// A clause's record; `name` is "" when the statement gave no CONSTRAINT symbol (see
// NameForeignKeys). `database`: the child's, which an unqualified REFERENCES names.
absl::StatusOr<ordinal::v1::ForeignKeyDef> ForeignKeyRecord(
    const sql::ForeignKeyDefinition& clause, const std::string& database);

// Gives every unnamed key of `def` the name <table>_ibfk_<n>, n counting on from the
// highest such name in use; 1826 when two keys of `def` share a name.
absl::Status NameForeignKeys(ordinal::v1::TableDef& def);

// The checks on the child's side of every key of `def`: 1072, 1239, 1830.
absl::Status CheckChildColumns(const ordinal::v1::TableDef& def);

// Adds, for each key of `def` that no index serves (its columns leading an index, in
// order), the index InnoDB would create: named after `index_names[i]` when not empty (the
// CONSTRAINT symbol, else the FOREIGN KEY index name), else after the first column. Returns
// whether it added any.
bool AddForeignKeyIndexes(ordinal::v1::TableDef& def,
                          const std::vector<std::string>& index_names);

// Checks `key` of `child` against the referenced table as `txn` reads it (read for update;
// `child` itself for a self-reference).
absl::Status CheckReferencedTable(kv::Transaction& txn, const ordinal::v1::TableDef& child,
                                  const ordinal::v1::ForeignKeyDef& key, bool checks);

// 1826 when a key of `def` has the name of a foreign key of another table of its database.
absl::Status CheckConstraintNamesUnique(kv::Transaction& txn, const ordinal::v1::TableDef& def);

// CREATE TABLE: records, names, implicit indexes and checks for the statement's clauses.
absl::Status AddForeignKeys(const std::vector<sql::ForeignKeyDefinition>& clauses,
                            ordinal::v1::TableDef& def, DdlContext& ctx);

// 3730 when `table` is referenced by a table that is neither itself nor among `dropping`
// (and foreign_key_checks is on).
absl::Status CheckDropReferenced(const catalog::Catalog& catalog,
                                 const ordinal::v1::TableDef& table,
                                 const std::vector<ordinal::v1::TableDef>& dropping);

// 1701 when another table references `table` (and foreign_key_checks is on).
absl::Status CheckTruncateReferenced(const catalog::Catalog& catalog,
                                     const ordinal::v1::TableDef& table);

// After `renamed` (its new name set) took the place of old_database.old_name: the keys
// referencing the old name name the new one (rewriting those children's records through
// ctx.txn; `renamed`'s own self-references in place), and `renamed`'s generated key names
// follow its new name, as MySQL does.
absl::Status RetargetReferences(DdlContext& ctx, const std::string& old_database,
                                const std::string& old_name, ordinal::v1::TableDef& renamed);

}  // namespace ordinal::engine::ddl

#endif  // ORDINAL_ENGINE_FOREIGN_KEY_DDL_H_
