// The MySQL column definition of a SELECT's output column: a table column's declared type,
// nullability, key and AUTO_INCREMENT flags and origin; a literal's own length; for other
// expressions the metadata of their inferred type (ResultColumn::Metadata()).
#ifndef ORDINAL_ENGINE_PLAN_OUTPUT_METADATA_H_
#define ORDINAL_ENGINE_PLAN_OUTPUT_METADATA_H_

#include <string>

#include "engine/catalog/catalog.h"
#include "engine/database.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

// `table` is the FROM table (nullptr without one) and `alias` the name the query gives it.
ResultColumn OutputColumn(std::string name, const sql::Expr& expr,
                          const catalog::TableInfo* table, const std::string& alias);

// Column `column` of `table`, with MySQL's flags: NOT_NULL, PRI_KEY, UNIQUE_KEY,
// MULTIPLE_KEY, AUTO_INCREMENT, NO_DEFAULT_VALUE.
ColumnMetadata TableColumnMetadata(const catalog::TableInfo& table, int column);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_OUTPUT_METADATA_H_
