// The MySQL column definition of a SELECT's output column: a table column's declared type,
// nullability, key and AUTO_INCREMENT flags and origin; a literal's own length; for other
// expressions the metadata of their inferred type (ResultColumn::Metadata()).
#ifndef ORDINAL_ENGINE_PLAN_OUTPUT_METADATA_H_
#define ORDINAL_ENGINE_PLAN_OUTPUT_METADATA_H_

#include <optional>
#include <string>

#include "absl/functional/function_ref.h"

#include "engine/catalog/catalog.h"
#include "engine/database.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

// Column `column` of `table`, with MySQL's flags: NOT_NULL, PRI_KEY, UNIQUE_KEY,
// MULTIPLE_KEY, AUTO_INCREMENT, NO_DEFAULT_VALUE.
ColumnMetadata TableColumnMetadata(const catalog::TableInfo& table, int column);

// The metadata MySQL gives an aggregate call (`call` is a kFunction named by
// sql::IsAggregateName), or nullopt to describe it by its inferred type:
// - COUNT: BIGINT, NOT NULL; BIT_AND/OR/XOR: BIGINT UNSIGNED, NOT NULL.
// - GROUP_CONCAT: its inferred `type` (VARCHAR or TEXT) at @@group_concat_max_len characters.
// - SUM and AVG of an integer or DECIMAL column: DECIMAL with the column's precision plus 22
//   (SUM) or 4 (AVG, which also adds 4 to the scale, as div_precision_increment does).
// - MIN and MAX of a column: the column's own type (nullable).
// `column_type` gives a column argument's declared type.
std::optional<ColumnMetadata> AggregateMetadata(
    const sql::Expr& call, ColumnType type,
    absl::FunctionRef<std::optional<SqlType>(const sql::Expr&)> column_type);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_OUTPUT_METADATA_H_
