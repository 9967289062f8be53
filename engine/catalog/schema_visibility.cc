#include "engine/catalog/schema_visibility.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ordinal::engine::catalog {
namespace {

std::optional<size_t> ColumnIndex(const SystemTable& table, std::string_view name) {
  for (size_t i = 0; i < table.column_names.size(); ++i) {
    if (table.column_names[i] == name) return i;
  }
  return std::nullopt;
}

std::string_view Text(const std::vector<Value>& row, std::optional<size_t> column) {
  if (!column.has_value() || *column >= row.size() || !row[*column].is_string()) return "";
  return row[*column].string_value();
}

}  // namespace

std::shared_ptr<const SystemTable> VisibleRows(std::shared_ptr<const SystemTable> table,
                                               const SchemaVisibility& visible) {
  if (!visible || table == nullptr) return table;
  std::optional<size_t> database;
  for (std::string_view name : {"table_schema", "constraint_schema", "schema_name"}) {
    database = ColumnIndex(*table, name);
    if (database.has_value()) break;
  }
  if (!database.has_value()) return table;
  const std::optional<size_t> table_name = ColumnIndex(*table, "table_name");
  auto kept = std::make_shared<SystemTable>();
  kept->column_names = table->column_names;
  kept->column_types = table->column_types;
  for (const std::vector<Value>& row : table->rows) {
    if (visible(Text(row, database), Text(row, table_name))) kept->rows.push_back(row);
  }
  return kept;
}

}  // namespace ordinal::engine::catalog
