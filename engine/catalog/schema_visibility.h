// Which INFORMATION_SCHEMA rows an account may see: as in MySQL, a row about a database or a
// table is shown only to an account that holds some privilege on it (at any level), so
// that an application account cannot list the names of tables it cannot read.
//
// Thread safety: the functions are thread-safe; a SchemaVisibility is called from the
// statement's thread only.
#ifndef ORDINAL_ENGINE_CATALOG_SCHEMA_VISIBILITY_H_
#define ORDINAL_ENGINE_CATALOG_SCHEMA_VISIBILITY_H_

#include <functional>
#include <memory>
#include <string_view>

#include "engine/catalog/information_schema.h"

namespace ordinal::engine::catalog {

// Whether a row about `database` (and `table`; "" for a row about the database itself) is
// shown. An empty function shows every row.
using SchemaVisibility = std::function<bool(std::string_view database, std::string_view table)>;

// `table` with only the rows `visible` shows: a row names its database in the first of the
// columns TABLE_SCHEMA, CONSTRAINT_SCHEMA, SCHEMA_NAME that the table has, and its table in
// TABLE_NAME when the table has that column. A table with neither column (FILES) and an
// empty `visible` come back unchanged.
std::shared_ptr<const SystemTable> VisibleRows(std::shared_ptr<const SystemTable> table,
                                               const SchemaVisibility& visible);

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_SCHEMA_VISIBILITY_H_
