#include "engine/catalog/information_schema.h"

#include <cmath>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/catalog/information_schema_constraints.h"
#include "engine/catalog/information_schema_rows.h"
#include "engine/catalog/table_options.h"
#include "engine/catalog/table_stats.h"

namespace ordinal::engine::catalog {
namespace {


// CURRENT_TIMESTAMP as a default or ON UPDATE reads back: with the column's precision.
std::string CurrentTimestampText(uint32_t fsp) {
  return fsp > 0 ? absl::StrCat("CURRENT_TIMESTAMP(", fsp, ")") : "CURRENT_TIMESTAMP";
}

bool IsView(const TableInfo& table) { return !table.def.view_definition().empty(); }

// Every table and view of every database, in name order.
absl::StatusOr<std::vector<std::pair<std::string, std::shared_ptr<const TableInfo>>>> AllTables(
    const Catalog& catalog) {
  std::vector<std::pair<std::string, std::shared_ptr<const TableInfo>>> out;
  for (const std::string& database : catalog.ListDatabases()) {
    absl::StatusOr<std::vector<std::string>> names = catalog.ListTables(database);
    if (!names.ok()) continue;  // dropped since ListDatabases
    for (const std::string& name : *names) {
      absl::StatusOr<std::shared_ptr<const TableInfo>> table = catalog.GetTable(database, name);
      if (table.ok()) out.emplace_back(database, *std::move(table));
    }
  }
  return out;
}

SystemTable Schemata(const Catalog& catalog) {
  SystemTable t = WithColumns({{"CATALOG_NAME", ColumnType::kVarchar},
                               {"SCHEMA_NAME", ColumnType::kVarchar},
                               {"DEFAULT_CHARACTER_SET_NAME", ColumnType::kVarchar},
                               {"DEFAULT_COLLATION_NAME", ColumnType::kVarchar},
                               {"SQL_PATH", ColumnType::kVarchar},
                               {"DEFAULT_ENCRYPTION", ColumnType::kVarchar}});
  for (const std::string& database : catalog.ListDatabases()) {
    const std::optional<ordinal::v1::DatabaseDef> def = catalog.GetDatabase(database);
    const Collation& collation =
        def.has_value() ? DatabaseDefaultCollation(*def) : DefaultCollation();
    t.rows.push_back({Text("def"), Text(database), Text(collation.charset()),
                      Text(collation.name()), Value::Null(), Text("NO")});
  }
  return t;
}

// A time kept in microseconds since the epoch as a DATETIME value in the server's time
// zone; NULL for 0 (not kept).
Value TimeValue(int64_t unix_micros) {
  if (unix_micros == 0) return Value::Null();
  return Text(absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixMicros(unix_micros),
                               absl::LocalTimeZone()));
}

absl::StatusOr<SystemTable> Tables(const Catalog& catalog, const LiveTableFacts& facts) {
  SystemTable t = WithColumns({{"TABLE_CATALOG", ColumnType::kVarchar},
                               {"TABLE_SCHEMA", ColumnType::kVarchar},
                               {"TABLE_NAME", ColumnType::kVarchar},
                               {"TABLE_TYPE", ColumnType::kVarchar},
                               {"ENGINE", ColumnType::kVarchar},
                               {"VERSION", ColumnType::kBigInt},
                               {"ROW_FORMAT", ColumnType::kVarchar},
                               {"TABLE_ROWS", ColumnType::kBigInt},
                               {"AVG_ROW_LENGTH", ColumnType::kBigInt},
                               {"DATA_LENGTH", ColumnType::kBigInt},
                               {"MAX_DATA_LENGTH", ColumnType::kBigInt},
                               {"INDEX_LENGTH", ColumnType::kBigInt},
                               {"DATA_FREE", ColumnType::kBigInt},
                               {"AUTO_INCREMENT", ColumnType::kBigInt},
                               {"CREATE_TIME", ColumnType::kDateTime},
                               {"UPDATE_TIME", ColumnType::kDateTime},
                               {"CHECK_TIME", ColumnType::kDateTime},
                               {"TABLE_COLLATION", ColumnType::kVarchar},
                               {"CHECKSUM", ColumnType::kBigInt},
                               {"CREATE_OPTIONS", ColumnType::kVarchar},
                               {"TABLE_COMMENT", ColumnType::kVarchar}});
  ORDINAL_ASSIGN_OR_RETURN(auto tables, AllTables(catalog));
  for (const auto& [database, table] : tables) {
    const ordinal::v1::TableDef& def = table->def;
    if (IsView(*table)) {
      std::vector<Value> row(t.column_names.size());  // NULL but for these
      row[0] = Text("def");
      row[1] = Text(database);
      row[2] = Text(def.name());
      row[3] = Text("VIEW");
      row[14] = TimeValue(def.create_time_us());
      row[20] = Text("VIEW");
      t.rows.push_back(std::move(row));
      continue;
    }
    std::optional<int64_t> next_auto_increment;
    if (facts.next_auto_increment) next_auto_increment = facts.next_auto_increment(*table);
    // The planner's estimate (table_stats.h), as InnoDB's TABLE_ROWS is one.
    const double rows = catalog.statistics().Get(*table)->rows;
    t.rows.push_back({Text("def"), Text(database), Text(def.name()), Text("BASE TABLE"),
                      Text(kTableEngine), Value::Int(10), Text(kStoredRowFormat),
                      // Sizes are not measured (docs/sql-decisions.md, "INFORMATION_SCHEMA ...").
                      Value::Int(static_cast<int64_t>(std::llround(rows))), Value::Null(),
                      Value::Null(), Value::Int(0), Value::Null(),
                      Value::Int(0),
                      next_auto_increment ? Value::Int(*next_auto_increment) : Value::Null(),
                      TimeValue(def.create_time_us()), Value::Null(), Value::Null(),
                      Text(TableDefaultCollation(def).name()), Value::Null(),
                      Text(CreateOptionsText(def)),
                      Text(def.comment())});
  }
  return t;
}

// COLUMNS.DATA_TYPE: the type's name alone, lowercase ("int", "varchar", ...).
std::string DataType(const SqlType& type) {
  if (type.type == ColumnType::kBool) return "tinyint";
  const std::string_view name = ColumnTypeName(type.type);
  return absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
}

std::vector<Value> ColumnRow(const std::string& database, const TableInfo& table, int i) {
  const ordinal::v1::ColumnDef& column = table.def.columns(i);
  const SqlType type = ColumnSqlType(column);
  Value character_length = Value::Null();
  if (IsCharacterType(type.type) || IsBinaryType(type.type)) {
    const uint64_t bytes = MaxByteLength(type.type);
    character_length = Value::Int(static_cast<int64_t>(bytes > 0 ? bytes : type.length));
  }
  const bool character = IsCharacterType(type.type) || type.type == ColumnType::kEnum ||
                         type.type == ColumnType::kSet;
  // A view's columns keep no collation of their own; ENUM and SET have the table's.
  const Collation* collation = IsView(table) ? nullptr : ColumnCollation(column);
  if (collation == nullptr) collation = &TableDefaultCollation(table.def);
  return {Text("def"),
          Text(database),
          Text(table.def.name()),
          Text(ColumnDisplayName(column)),
          Value::Int(i + 1),
          ColumnDefaultText(column),
          Text(column.nullable() ? "YES" : "NO"),
          Text(DataType(type)),
          std::move(character_length),
          character ? Text(collation->charset()) : Value::Null(),
          character ? Text(collation->name()) : Value::Null(),
          Text(SqlTypeText(type)),
          Text(IsView(table) ? "" : ColumnKeyText(table, static_cast<uint32_t>(i))),
          Text(ColumnExtraText(column)),
          Text("select,insert,update,references"),
          Text(column.comment()),
          Text("")};
}

absl::StatusOr<SystemTable> Columns(const Catalog& catalog) {
  SystemTable t = WithColumns({{"TABLE_CATALOG", ColumnType::kVarchar},
                               {"TABLE_SCHEMA", ColumnType::kVarchar},
                               {"TABLE_NAME", ColumnType::kVarchar},
                               {"COLUMN_NAME", ColumnType::kVarchar},
                               {"ORDINAL_POSITION", ColumnType::kBigInt},
                               {"COLUMN_DEFAULT", ColumnType::kText},
                               {"IS_NULLABLE", ColumnType::kVarchar},
                               {"DATA_TYPE", ColumnType::kText},
                               {"CHARACTER_MAXIMUM_LENGTH", ColumnType::kBigInt},
                               {"CHARACTER_SET_NAME", ColumnType::kVarchar},
                               {"COLLATION_NAME", ColumnType::kVarchar},
                               {"COLUMN_TYPE", ColumnType::kText},
                               {"COLUMN_KEY", ColumnType::kVarchar},
                               {"EXTRA", ColumnType::kVarchar},
                               {"PRIVILEGES", ColumnType::kVarchar},
                               {"COLUMN_COMMENT", ColumnType::kText},
                               {"GENERATION_EXPRESSION", ColumnType::kText}});
  ORDINAL_ASSIGN_OR_RETURN(auto tables, AllTables(catalog));
  for (const auto& [database, table] : tables) {
    for (int i = 0; i < table->VisibleColumnCount(); ++i) {
      t.rows.push_back(ColumnRow(database, *table, i));
    }
  }
  return t;
}

// The engine has no triggers: MySQL's columns, no rows.
SystemTable Triggers() {
  return WithColumns({{"TRIGGER_CATALOG", ColumnType::kVarchar},
                      {"TRIGGER_SCHEMA", ColumnType::kVarchar},
                      {"TRIGGER_NAME", ColumnType::kVarchar},
                      {"EVENT_MANIPULATION", ColumnType::kVarchar},
                      {"EVENT_OBJECT_CATALOG", ColumnType::kVarchar},
                      {"EVENT_OBJECT_SCHEMA", ColumnType::kVarchar},
                      {"EVENT_OBJECT_TABLE", ColumnType::kVarchar},
                      {"ACTION_ORDER", ColumnType::kBigInt},
                      {"ACTION_CONDITION", ColumnType::kText},
                      {"ACTION_STATEMENT", ColumnType::kText},
                      {"ACTION_ORIENTATION", ColumnType::kVarchar},
                      {"ACTION_TIMING", ColumnType::kVarchar},
                      {"SQL_MODE", ColumnType::kVarchar},
                      {"DEFINER", ColumnType::kVarchar},
                      {"CHARACTER_SET_CLIENT", ColumnType::kVarchar},
                      {"COLLATION_CONNECTION", ColumnType::kVarchar},
                      {"DATABASE_COLLATION", ColumnType::kVarchar}});
}

// The storage is RocksDB's, not tablespace files: MySQL's columns, no rows.
SystemTable Files() {
  return WithColumns({{"FILE_ID", ColumnType::kBigInt},
                      {"FILE_NAME", ColumnType::kText},
                      {"FILE_TYPE", ColumnType::kVarchar},
                      {"TABLESPACE_NAME", ColumnType::kVarchar},
                      {"TABLE_CATALOG", ColumnType::kVarchar},
                      {"TABLE_SCHEMA", ColumnType::kVarchar},
                      {"TABLE_NAME", ColumnType::kVarchar},
                      {"LOGFILE_GROUP_NAME", ColumnType::kVarchar},
                      {"LOGFILE_GROUP_NUMBER", ColumnType::kBigInt},
                      {"ENGINE", ColumnType::kVarchar},
                      {"TOTAL_EXTENTS", ColumnType::kBigInt},
                      {"EXTENT_SIZE", ColumnType::kBigInt},
                      {"INITIAL_SIZE", ColumnType::kBigInt},
                      {"MAXIMUM_SIZE", ColumnType::kBigInt},
                      {"AUTOEXTEND_SIZE", ColumnType::kBigInt},
                      {"STATUS", ColumnType::kVarchar},
                      {"EXTRA", ColumnType::kVarchar}});
}

// One row per base table, as MySQL has for a table without partitions (PARTITION_NAME and
// TABLESPACE_NAME NULL).
absl::StatusOr<SystemTable> Partitions(const Catalog& catalog) {
  SystemTable t = WithColumns({{"TABLE_CATALOG", ColumnType::kVarchar},
                               {"TABLE_SCHEMA", ColumnType::kVarchar},
                               {"TABLE_NAME", ColumnType::kVarchar},
                               {"PARTITION_NAME", ColumnType::kVarchar},
                               {"SUBPARTITION_NAME", ColumnType::kVarchar},
                               {"PARTITION_ORDINAL_POSITION", ColumnType::kBigInt},
                               {"SUBPARTITION_ORDINAL_POSITION", ColumnType::kBigInt},
                               {"PARTITION_METHOD", ColumnType::kVarchar},
                               {"SUBPARTITION_METHOD", ColumnType::kVarchar},
                               {"PARTITION_EXPRESSION", ColumnType::kText},
                               {"SUBPARTITION_EXPRESSION", ColumnType::kText},
                               {"PARTITION_DESCRIPTION", ColumnType::kText},
                               {"PARTITION_COMMENT", ColumnType::kText},
                               {"NODEGROUP", ColumnType::kVarchar},
                               {"TABLESPACE_NAME", ColumnType::kVarchar}});
  ORDINAL_ASSIGN_OR_RETURN(auto tables, AllTables(catalog));
  for (const auto& [database, table] : tables) {
    if (IsView(*table)) continue;
    std::vector<Value> row = {Text("def"), Text(database), Text(table->def.name())};
    row.resize(t.column_names.size());  // the rest NULL, but the comment
    row[12] = Text("");
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

Value ColumnDefaultText(const ordinal::v1::ColumnDef& column) {
  if (column.default_now()) return Text(CurrentTimestampText(column.scale()));
  if (column.has_default()) return Text(ColumnDefault(column).ToString());
  return Value::Null();
}

std::string ColumnExtraText(const ordinal::v1::ColumnDef& column) {
  if (column.auto_increment()) return "auto_increment";
  std::string extra = column.default_now() ? "DEFAULT_GENERATED" : "";
  if (column.on_update_now()) {
    absl::StrAppend(&extra, extra.empty() ? "" : " ", "on update ",
                    CurrentTimestampText(column.scale()));
  }
  return extra;
}

std::string ColumnKeyText(const TableInfo& table, uint32_t column) {
  const ordinal::v1::TableDef& def = table.def;
  if (!def.hidden_primary_key()) {
    for (uint32_t c : def.primary_key().column_indexes()) {
      if (c == column) return "PRI";
    }
  }
  std::string key;
  for (const ordinal::v1::IndexDef& index : def.indexes()) {
    if (index.column_indexes(0) != column) continue;
    if (index.unique() && index.column_indexes_size() == 1) return "UNI";
    key = "MUL";
  }
  return key;
}

absl::StatusOr<std::shared_ptr<const SystemTable>> ReadInformationSchema(
    const Catalog& catalog, std::string_view name, const LiveTableFacts& facts) {
  if (name == "schemata") return std::make_shared<const SystemTable>(Schemata(catalog));
  if (name == "tables") {
    ORDINAL_ASSIGN_OR_RETURN(SystemTable t, Tables(catalog, facts));
    return std::make_shared<const SystemTable>(std::move(t));
  }
  if (name == "columns") {
    ORDINAL_ASSIGN_OR_RETURN(SystemTable t, Columns(catalog));
    return std::make_shared<const SystemTable>(std::move(t));
  }
  if (name == "table_constraints") {
    return std::make_shared<const SystemTable>(TableConstraints(catalog));
  }
  if (name == "key_column_usage") {
    return std::make_shared<const SystemTable>(KeyColumnUsage(catalog));
  }
  if (name == "check_constraints") {
    return std::make_shared<const SystemTable>(CheckConstraints(catalog));
  }
  if (name == "referential_constraints") {
    return std::make_shared<const SystemTable>(ReferentialConstraints(catalog));
  }
  if (name == "statistics") return std::make_shared<const SystemTable>(Statistics(catalog));
  if (name == "views") return std::make_shared<const SystemTable>(Views(catalog));
  if (name == "character_sets") return std::make_shared<const SystemTable>(CharacterSets());
  if (name == "collations") return std::make_shared<const SystemTable>(Collations());
  if (name == "engines") return std::make_shared<const SystemTable>(Engines());
  if (name == "processlist") return std::make_shared<const SystemTable>(ProcessList(facts));
  if (name == "triggers") return std::make_shared<const SystemTable>(Triggers());
  if (name == "files") return std::make_shared<const SystemTable>(Files());
  if (name == "partitions") {
    ORDINAL_ASSIGN_OR_RETURN(SystemTable t, Partitions(catalog));
    return std::make_shared<const SystemTable>(std::move(t));
  }
  return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kUnknownTable,
                  absl::StrCat("Unknown table '", absl::AsciiStrToUpper(absl::string_view(name.data(), name.size())),
                               "' in information_schema"));
}

}  // namespace ordinal::engine::catalog
