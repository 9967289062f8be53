#include "engine/catalog/information_schema_rows.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "engine/catalog/table_options.h"
#include "engine/catalog/table_stats.h"
#include "engine/types/charsets.h"

namespace ordinal::engine::catalog {

SystemTable WithColumns(std::initializer_list<std::pair<std::string_view, ColumnType>> columns) {
  SystemTable table;
  for (const auto& [name, type] : columns) {
    table.column_names.push_back(absl::AsciiStrToLower(absl::string_view(name.data(), name.size())));
    table.column_types.push_back(type);
  }
  return table;
}

std::vector<std::shared_ptr<const TableInfo>> BaseTables(const Catalog& catalog) {
  std::vector<std::shared_ptr<const TableInfo>> out;
  for (const std::string& database : catalog.ListDatabases()) {
    absl::StatusOr<std::vector<std::string>> names = catalog.ListTables(database);
    if (!names.ok()) continue;  // dropped since ListDatabases
    for (const std::string& name : *names) {
      absl::StatusOr<std::shared_ptr<const TableInfo>> table = catalog.GetTable(database, name);
      if (table.ok() && (*table)->def.view_definition().empty()) out.push_back(*table);
    }
  }
  return out;
}

SystemTable Statistics(const Catalog& catalog) {
  SystemTable t = WithColumns({{"TABLE_CATALOG", ColumnType::kVarchar},
                               {"TABLE_SCHEMA", ColumnType::kVarchar},
                               {"TABLE_NAME", ColumnType::kVarchar},
                               {"NON_UNIQUE", ColumnType::kInt},
                               {"INDEX_SCHEMA", ColumnType::kVarchar},
                               {"INDEX_NAME", ColumnType::kVarchar},
                               {"SEQ_IN_INDEX", ColumnType::kInt},
                               {"COLUMN_NAME", ColumnType::kVarchar},
                               {"COLLATION", ColumnType::kVarchar},
                               {"CARDINALITY", ColumnType::kBigInt},
                               {"SUB_PART", ColumnType::kBigInt},
                               {"PACKED", ColumnType::kVarchar},
                               {"NULLABLE", ColumnType::kVarchar},
                               {"INDEX_TYPE", ColumnType::kVarchar},
                               {"COMMENT", ColumnType::kVarchar},
                               {"INDEX_COMMENT", ColumnType::kVarchar},
                               {"IS_VISIBLE", ColumnType::kVarchar},
                               {"EXPRESSION", ColumnType::kVarchar}});
  for (const std::shared_ptr<const TableInfo>& table : BaseTables(catalog)) {
    const ordinal::v1::TableDef& def = table->def;
    const std::shared_ptr<const TableStats> stats = catalog.statistics().Get(*table);
    auto add = [&](const ordinal::v1::IndexDef& index, std::string_view name, bool unique) {
      for (int seq = 0; seq < index.column_indexes_size(); ++seq) {
        const ordinal::v1::ColumnDef& column = def.columns(index.column_indexes(seq));
        // Distinct values of the key's first seq + 1 columns, from the planner's estimate.
        const double per_value = std::max(1.0, stats->RowsPerValue(index.id(), seq + 1));
        const auto cardinality = static_cast<int64_t>(std::llround(stats->rows / per_value));
        t.rows.push_back({Text("def"), Text(def.database()), Text(def.name()),
                          Value::Int(unique ? 0 : 1), Text(def.database()), Text(name),
                          Value::Int(seq + 1), Text(ColumnDisplayName(column)), Text("A"),
                          Value::Int(cardinality),
                          Value::Null(), Value::Null(), Text(column.nullable() ? "YES" : ""),
                          Text("BTREE"), Text(""), Text(index.comment()), Text("YES"),
                          Value::Null()});
      }
    };
    if (!def.hidden_primary_key()) add(def.primary_key(), "PRIMARY", true);
    for (const ordinal::v1::IndexDef& index : def.indexes()) add(index, index.name(), index.unique());
  }
  return t;
}

SystemTable Views(const Catalog& catalog) {
  SystemTable t = WithColumns({{"TABLE_CATALOG", ColumnType::kVarchar},
                               {"TABLE_SCHEMA", ColumnType::kVarchar},
                               {"TABLE_NAME", ColumnType::kVarchar},
                               {"VIEW_DEFINITION", ColumnType::kText},
                               {"CHECK_OPTION", ColumnType::kVarchar},
                               {"IS_UPDATABLE", ColumnType::kVarchar},
                               {"DEFINER", ColumnType::kVarchar},
                               {"SECURITY_TYPE", ColumnType::kVarchar},
                               {"CHARACTER_SET_CLIENT", ColumnType::kVarchar},
                               {"COLLATION_CONNECTION", ColumnType::kVarchar}});
  for (const std::string& database : catalog.ListDatabases()) {
    absl::StatusOr<std::vector<std::string>> names = catalog.ListTables(database);
    if (!names.ok()) continue;
    for (const std::string& name : *names) {
      absl::StatusOr<std::shared_ptr<const TableInfo>> table = catalog.GetTable(database, name);
      if (!table.ok() || (*table)->def.view_definition().empty()) continue;
      // As SHOW CREATE VIEW shows them: definer rights (docs/users-and-privileges.md),
      // and no view is updatable.
      t.rows.push_back({Text("def"), Text(database), Text(name),
                        Text((*table)->def.view_definition()), Text("NONE"), Text("NO"),
                        Text("root@%"), Text("DEFINER"), Text(kTableCharset),
                        Text(kTableCollation)});
    }
  }
  return t;
}

SystemTable CharacterSets() {
  SystemTable t = WithColumns({{"CHARACTER_SET_NAME", ColumnType::kVarchar},
                               {"DEFAULT_COLLATE_NAME", ColumnType::kVarchar},
                               {"DESCRIPTION", ColumnType::kVarchar},
                               {"MAXLEN", ColumnType::kInt}});
  for (const CharsetInfo& c : engine::Charsets()) {
    t.rows.push_back({Text(c.name), Text(c.default_collation), Text(c.description),
                      Value::Int(c.max_length)});
  }
  return t;
}

SystemTable Collations() {
  SystemTable t = WithColumns({{"COLLATION_NAME", ColumnType::kVarchar},
                               {"CHARACTER_SET_NAME", ColumnType::kVarchar},
                               {"ID", ColumnType::kBigInt},
                               {"IS_DEFAULT", ColumnType::kVarchar},
                               {"IS_COMPILED", ColumnType::kVarchar},
                               {"SORTLEN", ColumnType::kInt},
                               {"PAD_ATTRIBUTE", ColumnType::kVarchar}});
  for (const CollationInfo& c : engine::Collations()) {
    bool is_default = false;
    for (const CharsetInfo& charset : engine::Charsets()) {
      is_default |= charset.name == c.charset && charset.default_collation == c.name;
    }
    t.rows.push_back({Text(c.name), Text(c.charset), Value::Int(c.id),
                      Text(is_default ? "Yes" : ""), Text("Yes"), Value::Int(c.sort_length),
                      Text(c.no_pad ? "NO PAD" : "PAD SPACE")});
  }
  return t;
}

SystemTable Engines() {
  SystemTable t = WithColumns({{"ENGINE", ColumnType::kVarchar},
                               {"SUPPORT", ColumnType::kVarchar},
                               {"COMMENT", ColumnType::kVarchar},
                               {"TRANSACTIONS", ColumnType::kVarchar},
                               {"XA", ColumnType::kVarchar},
                               {"SAVEPOINTS", ColumnType::kVarchar}});
  t.rows.push_back({Text(kTableEngine), Text("DEFAULT"),
                    Text("Transactions, foreign keys and row-level conflicts, stored in RocksDB "
                         "and replicated by OrdinalDB"),
                    Text("YES"), Text("NO"), Text("NO")});
  return t;
}

SystemTable ProcessList(const LiveTableFacts& facts) {
  SystemTable t = WithColumns({{"ID", ColumnType::kBigInt},
                               {"USER", ColumnType::kVarchar},
                               {"HOST", ColumnType::kVarchar},
                               {"DB", ColumnType::kVarchar},
                               {"COMMAND", ColumnType::kVarchar},
                               {"TIME", ColumnType::kInt},
                               {"STATE", ColumnType::kVarchar},
                               {"INFO", ColumnType::kLongText}});
  if (facts.processes) t.rows = facts.processes();
  return t;
}

}  // namespace ordinal::engine::catalog
