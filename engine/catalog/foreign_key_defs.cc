#include "engine/catalog/foreign_key_defs.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ordinal::engine::catalog {
namespace {

std::string Quote(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    out.push_back(c);
    if (c == '`') out.push_back('`');
  }
  out.push_back('`');
  return out;
}

std::string QuotedList(const google::protobuf::RepeatedPtrField<std::string>& names) {
  std::vector<std::string> quoted;
  for (const std::string& name : names) quoted.push_back(Quote(name));
  return absl::StrCat("(", absl::StrJoin(quoted, ", "), ")");
}

bool Serves(const ordinal::v1::TableDef& table, const ordinal::v1::IndexDef& index,
            const google::protobuf::RepeatedPtrField<std::string>& columns) {
  if (index.column_indexes_size() < columns.size()) return false;
  for (int i = 0; i < columns.size(); ++i) {
    const uint32_t column = index.column_indexes(i);
    if (static_cast<int>(column) >= table.columns_size() ||
        table.columns(static_cast<int>(column)).name() != columns.Get(i)) {
      return false;
    }
  }
  return true;
}

}  // namespace

const ordinal::v1::IndexDef* IndexServingColumns(
    const ordinal::v1::TableDef& table,
    const google::protobuf::RepeatedPtrField<std::string>& columns) {
  if (columns.empty()) return nullptr;
  if (!table.hidden_primary_key() && Serves(table, table.primary_key(), columns)) {
    return &table.primary_key();
  }
  for (const ordinal::v1::IndexDef& index : table.indexes()) {
    if (Serves(table, index, columns)) return &index;
  }
  return nullptr;
}

int ColumnPosition(const ordinal::v1::TableDef& table, std::string_view name) {
  for (int i = 0; i < table.columns_size(); ++i) {
    if (table.columns(i).name() == name) return i;
  }
  return -1;
}

std::string_view ForeignKeyActionName(ordinal::v1::ForeignKeyAction action) {
  switch (action) {
    case ordinal::v1::FK_ACTION_RESTRICT: return "RESTRICT";
    case ordinal::v1::FK_ACTION_CASCADE: return "CASCADE";
    case ordinal::v1::FK_ACTION_SET_NULL: return "SET NULL";
    default: return "NO ACTION";
  }
}

std::string ForeignKeyClause(const ordinal::v1::TableDef& child,
                             const ordinal::v1::ForeignKeyDef& key) {
  std::string referenced = Quote(key.referenced_table());
  if (key.referenced_database() != child.database()) {
    referenced = absl::StrCat(Quote(key.referenced_database()), ".", referenced);
  }
  std::string text = absl::StrCat("CONSTRAINT ", Quote(key.name()), " FOREIGN KEY ",
                                  QuotedList(key.columns()), " REFERENCES ", referenced, " ",
                                  QuotedList(key.referenced_columns()));
  if (key.on_delete() != ordinal::v1::FK_ACTION_UNSPECIFIED) {
    absl::StrAppend(&text, " ON DELETE ", std::string(ForeignKeyActionName(key.on_delete())));
  }
  if (key.on_update() != ordinal::v1::FK_ACTION_UNSPECIFIED) {
    absl::StrAppend(&text, " ON UPDATE ", std::string(ForeignKeyActionName(key.on_update())));
  }
  return text;
}

const ordinal::v1::ForeignKeyDef* FindForeignKey(const ordinal::v1::TableDef& table,
                                                 std::string_view name) {
  for (const ordinal::v1::ForeignKeyDef& key : table.foreign_keys()) {
    if (key.name() == name) return &key;
  }
  return nullptr;
}

}  // namespace ordinal::engine::catalog
