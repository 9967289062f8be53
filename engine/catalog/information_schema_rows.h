// Building blocks of the INFORMATION_SCHEMA tables (information_schema.h). Internal to
// engine/catalog.
#ifndef ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_ROWS_H_
#define ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_ROWS_H_

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/catalog/information_schema.h"

namespace ordinal::engine::catalog {

inline Value Text(std::string_view s) { return Value::String(std::string(s)); }

// An empty table with these columns (names as MySQL writes them; kept lowercase).
SystemTable WithColumns(std::initializer_list<std::pair<std::string_view, ColumnType>> columns);

// Every base table (views excluded), in (database, name) order.
std::vector<std::shared_ptr<const TableInfo>> BaseTables(const Catalog& catalog);

// STATISTICS: one row per column of each index (the primary key first, unless hidden),
// as SHOW INDEX shows them.
SystemTable Statistics(const Catalog& catalog);
// VIEWS: one row per view.
SystemTable Views(const Catalog& catalog);
// CHARACTER_SETS, COLLATIONS and ENGINES: the server's (engine/types/charsets.h and the one
// storage engine).
SystemTable CharacterSets();
SystemTable Collations();
SystemTable Engines();
// PROCESSLIST: the rows facts.processes gives, in MySQL 8's column types.
SystemTable ProcessList(const LiveTableFacts& facts);

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_INFORMATION_SCHEMA_ROWS_H_
