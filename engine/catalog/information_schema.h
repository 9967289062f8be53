// INFORMATION_SCHEMA: read-only tables computed from the catalog at the moment a query binds
// them, as MySQL 8 has them (the subset of tables and columns that clients such as
// mysqldump and connectors read): SCHEMATA, TABLES, COLUMNS and PARTITIONS (one row per
// table: none is partitioned), TABLE_CONSTRAINTS, CHECK_CONSTRAINTS, KEY_COLUMN_USAGE and
// REFERENTIAL_CONSTRAINTS (information_schema_constraints.h), STATISTICS, VIEWS,
// CHARACTER_SETS, COLLATIONS, ENGINES and PROCESSLIST (information_schema_rows.h), and TRIGGERS and
// FILES, which are empty (no triggers, no tablespace files). A query reads them like any
// other source (WHERE, joins, ORDER BY); nothing is stored.
//
// Thread safety: the functions are thread-safe (the catalog's lookups are).
#ifndef ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_H_
#define ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
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

// What INFORMATION_SCHEMA and SHOW read besides the catalog: values the running database
// keeps in memory. Empty functions read as unknown (NULL).
struct LiveTableFacts {
  // The value the next generated AUTO_INCREMENT would take, for a table with an
  // AUTO_INCREMENT column; nullopt for other tables.
  std::function<std::optional<int64_t>(const TableInfo&)> next_auto_increment;
  // PROCESSLIST: the sessions the reader may see, each row ID, USER, HOST, DB, COMMAND,
  // TIME, STATE, INFO (SHOW FULL PROCESSLIST's columns). Empty function: no rows.
  std::function<std::vector<std::vector<Value>>()> processes;
};

// The table `name` (lowercase) of INFORMATION_SCHEMA as the catalog holds it now. NOT_FOUND
// errno 1109 "Unknown table 'NAME' in information_schema" for a table it does not have.
absl::StatusOr<std::shared_ptr<const SystemTable>> ReadInformationSchema(
    const Catalog& catalog, std::string_view name, const LiveTableFacts& facts = {});

// DESCRIBE's Default and COLUMNS.COLUMN_DEFAULT: the default as text, CURRENT_TIMESTAMP[(n)]
// for DEFAULT CURRENT_TIMESTAMP, NULL without a default.
Value ColumnDefaultText(const ordinal::v1::ColumnDef& column);
// DESCRIBE's Extra and COLUMNS.EXTRA: "auto_increment", "DEFAULT_GENERATED",
// "[DEFAULT_GENERATED ]on update CURRENT_TIMESTAMP[(n)]" or "".
std::string ColumnExtraText(const ordinal::v1::ColumnDef& column);

// "PRI", "UNI", "MUL" or "" for column `column` (DESCRIBE's Key, COLUMNS.COLUMN_KEY), with
// MySQL's precedence: part of the primary key, first column of a single-column unique index,
// first column of another index.
std::string ColumnKeyText(const TableInfo& table, uint32_t column);

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_H_
