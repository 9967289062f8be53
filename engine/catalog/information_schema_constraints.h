// INFORMATION_SCHEMA's constraint tables (information_schema.h): TABLE_CONSTRAINTS (primary
// keys, unique keys, foreign keys, checks), CHECK_CONSTRAINTS, KEY_COLUMN_USAGE (their columns, with the REFERENCED_*
// columns of foreign keys) and REFERENTIAL_CONSTRAINTS (foreign keys' rules), with MySQL
// 8.0's columns, as mysqldump, connectors and ORMs read them. Internal to engine/catalog.
#ifndef ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_CONSTRAINTS_H_
#define ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_CONSTRAINTS_H_

#include "engine/catalog/catalog.h"
#include "engine/catalog/information_schema.h"

namespace ordinal::engine::catalog {

SystemTable TableConstraints(const Catalog& catalog);
SystemTable KeyColumnUsage(const Catalog& catalog);
SystemTable ReferentialConstraints(const Catalog& catalog);
// CHECK_CONSTRAINTS: one row per check (CHECK_CLAUSE as MySQL prints it); TABLE_CONSTRAINTS
// lists them too, type CHECK, ENFORCED YES or NO.
SystemTable CheckConstraints(const Catalog& catalog);

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_CONSTRAINTS_H_
