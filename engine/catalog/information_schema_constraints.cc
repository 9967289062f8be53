#include "engine/catalog/information_schema_constraints.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "engine/catalog/check_defs.h"
#include "engine/catalog/foreign_key_defs.h"
#include "engine/catalog/information_schema_rows.h"

namespace ordinal::engine::catalog {
namespace {

// The primary key (unless hidden) and the unique indexes: the key constraints.
std::vector<const ordinal::v1::IndexDef*> KeyConstraints(const ordinal::v1::TableDef& def) {
  std::vector<const ordinal::v1::IndexDef*> keys;
  if (!def.hidden_primary_key()) keys.push_back(&def.primary_key());
  for (const ordinal::v1::IndexDef& index : def.indexes()) {
    if (index.unique()) keys.push_back(&index);
  }
  return keys;
}

std::string KeyName(const ordinal::v1::TableDef& def, const ordinal::v1::IndexDef& index) {
  return &index == &def.primary_key() ? "PRIMARY" : index.name();
}

// The referenced table's index that serves `key` (its UNIQUE_CONSTRAINT_NAME), or "".
std::string ReferencedKeyName(const Catalog& catalog, const ordinal::v1::ForeignKeyDef& key) {
  absl::StatusOr<std::shared_ptr<const TableInfo>> parent =
      catalog.GetTable(key.referenced_database(), key.referenced_table());
  if (!parent.ok()) return "";
  const ordinal::v1::IndexDef* index =
      IndexServingColumns((*parent)->def, key.referenced_columns());
  return index == nullptr ? "" : KeyName((*parent)->def, *index);
}

}  // namespace

SystemTable TableConstraints(const Catalog& catalog) {
  SystemTable t = WithColumns({{"CONSTRAINT_CATALOG", ColumnType::kVarchar},
                           {"CONSTRAINT_SCHEMA", ColumnType::kVarchar},
                           {"CONSTRAINT_NAME", ColumnType::kVarchar},
                           {"TABLE_SCHEMA", ColumnType::kVarchar},
                           {"TABLE_NAME", ColumnType::kVarchar},
                           {"CONSTRAINT_TYPE", ColumnType::kVarchar},
                           {"ENFORCED", ColumnType::kVarchar}});
  for (const auto& table : BaseTables(catalog)) {
    const ordinal::v1::TableDef& def = table->def;
    auto add = [&](std::string name, std::string_view type, bool enforced = true) {
      t.rows.push_back({Text("def"), Text(def.database()), Text(name), Text(def.database()),
                        Text(def.name()), Text(type), Text(enforced ? "YES" : "NO")});
    };
    for (const ordinal::v1::IndexDef* index : KeyConstraints(def)) {
      add(KeyName(def, *index), index == &def.primary_key() ? "PRIMARY KEY" : "UNIQUE");
    }
    for (const ordinal::v1::ForeignKeyDef& key : def.foreign_keys()) add(key.name(), "FOREIGN KEY");
    for (const ordinal::v1::CheckDef* check : ChecksByName(def)) {
      add(check->name(), "CHECK", check->enforced());
    }
  }
  return t;
}

SystemTable CheckConstraints(const Catalog& catalog) {
  SystemTable t = WithColumns({{"CONSTRAINT_CATALOG", ColumnType::kVarchar},
                           {"CONSTRAINT_SCHEMA", ColumnType::kVarchar},
                           {"CONSTRAINT_NAME", ColumnType::kVarchar},
                           {"CHECK_CLAUSE", ColumnType::kVarchar}});
  for (const auto& table : BaseTables(catalog)) {
    for (const ordinal::v1::CheckDef* check : ChecksByName(table->def)) {
      t.rows.push_back({Text("def"), Text(table->def.database()), Text(check->name()),
                        Text(check->expression())});
    }
  }
  return t;
}

SystemTable KeyColumnUsage(const Catalog& catalog) {
  SystemTable t = WithColumns({{"CONSTRAINT_CATALOG", ColumnType::kVarchar},
                           {"CONSTRAINT_SCHEMA", ColumnType::kVarchar},
                           {"CONSTRAINT_NAME", ColumnType::kVarchar},
                           {"TABLE_CATALOG", ColumnType::kVarchar},
                           {"TABLE_SCHEMA", ColumnType::kVarchar},
                           {"TABLE_NAME", ColumnType::kVarchar},
                           {"COLUMN_NAME", ColumnType::kVarchar},
                           {"ORDINAL_POSITION", ColumnType::kBigInt},
                           {"POSITION_IN_UNIQUE_CONSTRAINT", ColumnType::kBigInt},
                           {"REFERENCED_TABLE_SCHEMA", ColumnType::kVarchar},
                           {"REFERENCED_TABLE_NAME", ColumnType::kVarchar},
                           {"REFERENCED_COLUMN_NAME", ColumnType::kVarchar}});
  for (const auto& table : BaseTables(catalog)) {
    const ordinal::v1::TableDef& def = table->def;
    for (const ordinal::v1::IndexDef* index : KeyConstraints(def)) {
      for (int i = 0; i < index->column_indexes_size(); ++i) {
        t.rows.push_back({Text("def"), Text(def.database()), Text(KeyName(def, *index)),
                          Text("def"), Text(def.database()), Text(def.name()),
                          Text(ColumnDisplayName(def.columns(static_cast<int>(index->column_indexes(i))))),
                          Value::Int(i + 1), Value::Null(), Value::Null(), Value::Null(),
                          Value::Null()});
      }
    }
    for (const ordinal::v1::ForeignKeyDef& key : def.foreign_keys()) {
      for (int i = 0; i < key.columns_size(); ++i) {
        t.rows.push_back({Text("def"), Text(def.database()), Text(key.name()), Text("def"),
                          Text(def.database()), Text(def.name()), Text(key.columns(i)),
                          Value::Int(i + 1), Value::Int(i + 1), Text(key.referenced_database()),
                          Text(key.referenced_table()), Text(key.referenced_columns(i))});
      }
    }
  }
  return t;
}

SystemTable ReferentialConstraints(const Catalog& catalog) {
  SystemTable t = WithColumns({{"CONSTRAINT_CATALOG", ColumnType::kVarchar},
                           {"CONSTRAINT_SCHEMA", ColumnType::kVarchar},
                           {"CONSTRAINT_NAME", ColumnType::kVarchar},
                           {"UNIQUE_CONSTRAINT_CATALOG", ColumnType::kVarchar},
                           {"UNIQUE_CONSTRAINT_SCHEMA", ColumnType::kVarchar},
                           {"UNIQUE_CONSTRAINT_NAME", ColumnType::kVarchar},
                           {"MATCH_OPTION", ColumnType::kVarchar},
                           {"UPDATE_RULE", ColumnType::kVarchar},
                           {"DELETE_RULE", ColumnType::kVarchar},
                           {"TABLE_NAME", ColumnType::kVarchar},
                           {"REFERENCED_TABLE_NAME", ColumnType::kVarchar}});
  for (const auto& table : BaseTables(catalog)) {
    const ordinal::v1::TableDef& def = table->def;
    for (const ordinal::v1::ForeignKeyDef& key : def.foreign_keys()) {
      const std::string unique = ReferencedKeyName(catalog, key);
      t.rows.push_back({Text("def"), Text(def.database()), Text(key.name()), Text("def"),
                        Text(key.referenced_database()),
                        unique.empty() ? Value::Null() : Text(unique), Text("NONE"),
                        Text(ForeignKeyActionName(key.on_update())),
                        Text(ForeignKeyActionName(key.on_delete())), Text(def.name()),
                        Text(key.referenced_table())});
    }
  }
  return t;
}

}  // namespace ordinal::engine::catalog
