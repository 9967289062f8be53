// INFORMATION_SCHEMA: read-only tables computed from the catalog at the moment a query binds
// them, as MySQL 8 has them (the subset of tables and columns that clients such as
// mysqldump and connectors read): SCHEMATA, TABLES, COLUMNS and PARTITIONS (one row per
// table: none is partitioned), TABLE_CONSTRAINTS, KEY_COLUMN_USAGE and
// REFERENTIAL_CONSTRAINTS (information_schema_constraints.h), and TRIGGERS and FILES, which are empty (no triggers, no
// tablespace files). A query reads them like any other source (WHERE, joins, ORDER BY);
// nothing is stored.
//
// Thread safety: the functions are thread-safe (the catalog's lookups are).
#ifndef ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_H_
#define ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/types/value.h"

namespace ordinal::engine::catalog {

inline constexpr std::string_view kInformationSchema = "information_schema";

// The rows of one INFORMATION_SCHEMA table.
struct SystemTable {
  std::vector<std::string> column_names;  // lowercase
  std::vector<ColumnType> column_types;
  std::vector<std::vector<Value>> rows;
};

// The table `name` (lowercase) of INFORMATION_SCHEMA as the catalog holds it now. NOT_FOUND
// errno 1109 "Unknown table 'NAME' in information_schema" for a table it does not have.
absl::StatusOr<std::shared_ptr<const SystemTable>> ReadInformationSchema(const Catalog& catalog,
                                                                         std::string_view name);

// "PRI", "UNI", "MUL" or "" for column `column` (DESCRIBE's Key, COLUMNS.COLUMN_KEY), with
// MySQL's precedence: part of the primary key, first column of a single-column unique index,
// first column of another index.
std::string ColumnKeyText(const TableInfo& table, uint32_t column);

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_H_
