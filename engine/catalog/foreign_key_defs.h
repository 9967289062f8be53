// Reading foreign key records (ForeignKeyDef, docs/foreign-keys.md): the index that serves
// a key's columns, the text of its actions, and the clause SHOW CREATE TABLE and the
// constraint errors show. Pure functions over catalog records.
#ifndef ORDINAL_ENGINE_CATALOG_FOREIGN_KEY_DEFS_H_
#define ORDINAL_ENGINE_CATALOG_FOREIGN_KEY_DEFS_H_

#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/repeated_ptr_field.h"
#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::catalog {

// InnoDB's limit on chained cascades (ER_FK_DEPTH_EXCEEDED past it).
inline constexpr int kMaxForeignKeyCascadeDepth = 15;

// The index of `table` whose leading columns are `columns`, in that order: the primary key
// (unless hidden) first, then the secondary indexes in definition order; nullptr when none.
const ordinal::v1::IndexDef* IndexServingColumns(
    const ordinal::v1::TableDef& table,
    const google::protobuf::RepeatedPtrField<std::string>& columns);

// Position of the column `name` in table.columns, or -1.
int ColumnPosition(const ordinal::v1::TableDef& table, std::string_view name);

// "RESTRICT", "CASCADE", "SET NULL", "NO ACTION" (UNSPECIFIED reads as NO ACTION), as
// INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS shows the rules.
std::string_view ForeignKeyActionName(ordinal::v1::ForeignKeyAction action);

// CONSTRAINT `name` FOREIGN KEY (`a`) REFERENCES `t` (`b`) [ON DELETE x] [ON UPDATE y], as
// MySQL 8.0 writes it; the referenced table is qualified when its database is not the
// child's.
std::string ForeignKeyClause(const ordinal::v1::TableDef& child,
                             const ordinal::v1::ForeignKeyDef& key);

// The foreign key named `name` of `table`, or nullptr.
const ordinal::v1::ForeignKeyDef* FindForeignKey(const ordinal::v1::TableDef& table,
                                                 std::string_view name);

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_FOREIGN_KEY_DEFS_H_
