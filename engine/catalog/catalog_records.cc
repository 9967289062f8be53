#include "engine/catalog/catalog_records.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace ordinal::engine::catalog {
namespace {

template <typename Proto>
absl::StatusOr<std::optional<Proto>> ParseRecord(
    const absl::StatusOr<std::optional<std::string>>& bytes, std::string_view what) {
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<Proto>();
  Proto proto;
  if (!proto.ParseFromString(**bytes)) {
    return absl::DataLossError(
        absl::StrCat("corrupt catalog record ", absl::string_view(what.data(), what.size())));
  }
  return std::optional<Proto>(std::move(proto));
}

}  // namespace

std::string DatabaseKey(std::string_view database) {
  return absl::StrCat(DatabasePrefix(), absl::string_view(database.data(), database.size()));
}

std::string DatabasePrefix() { return "cd"; }

std::string TableKey(std::string_view database, std::string_view table) {
  return absl::StrCat(TablePrefixOf(database), absl::string_view(table.data(), table.size()));
}

std::string TablePrefixOf(std::string_view database) {
  std::string key = AllTablesPrefix();
  key.append(database);
  key.push_back('\0');
  return key;
}

std::string AllTablesPrefix() { return "ct"; }

std::string NextTableIdKey() { return "mnext_table_id"; }

absl::StatusOr<std::optional<ordinal::v1::DatabaseDef>> ReadDatabaseForUpdate(
    kv::Transaction& txn, std::string_view database) {
  return ParseRecord<ordinal::v1::DatabaseDef>(txn.GetForUpdate(DatabaseKey(database)),
                                               database);
}

absl::StatusOr<std::optional<ordinal::v1::TableDef>> ReadTableForUpdate(
    kv::Transaction& txn, std::string_view database, std::string_view table) {
  return ParseRecord<ordinal::v1::TableDef>(txn.GetForUpdate(TableKey(database, table)),
                                            table);
}

absl::StatusOr<std::vector<ordinal::v1::TableDef>> ReadTables(kv::Transaction& txn,
                                                              std::string_view database) {
  const std::string prefix = TablePrefixOf(database);
  std::string upper = prefix;
  upper.back() = '\1';  // the prefix ends in '\0'
  std::vector<ordinal::v1::TableDef> tables;
  std::unique_ptr<kv::Iterator> it = txn.NewIterator(prefix, upper);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ordinal::v1::TableDef def;
    if (!def.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError("corrupt catalog table record");
    }
    tables.push_back(std::move(def));
  }
  ORDINAL_RETURN_IF_ERROR(it->status());
  return tables;
}

ColumnType ColumnTypeFromProto(ordinal::v1::ColumnType type) {
  switch (type) {
    case ordinal::v1::COLUMN_TYPE_DOUBLE: return ColumnType::kDouble;
    case ordinal::v1::COLUMN_TYPE_CHAR: return ColumnType::kChar;
    case ordinal::v1::COLUMN_TYPE_VARCHAR: return ColumnType::kVarchar;
    case ordinal::v1::COLUMN_TYPE_TEXT: return ColumnType::kText;
    case ordinal::v1::COLUMN_TYPE_BOOL: return ColumnType::kBool;
    default: return ColumnType::kInt;
  }
}

ordinal::v1::ColumnType ColumnTypeToProto(ColumnType type) {
  switch (type) {
    case ColumnType::kInt: return ordinal::v1::COLUMN_TYPE_INT;
    case ColumnType::kDouble: return ordinal::v1::COLUMN_TYPE_DOUBLE;
    case ColumnType::kChar: return ordinal::v1::COLUMN_TYPE_CHAR;
    case ColumnType::kVarchar: return ordinal::v1::COLUMN_TYPE_VARCHAR;
    case ColumnType::kText: return ordinal::v1::COLUMN_TYPE_TEXT;
    case ColumnType::kBool: return ordinal::v1::COLUMN_TYPE_BOOL;
  }
  return ordinal::v1::COLUMN_TYPE_UNSPECIFIED;
}

Value ValueFromProto(const ordinal::v1::Value& value) {
  switch (value.kind_case()) {
    case ordinal::v1::Value::kIntValue: return Value::Int(value.int_value());
    case ordinal::v1::Value::kDoubleValue: return Value::Double(value.double_value());
    case ordinal::v1::Value::kStringValue: return Value::String(value.string_value());
    default: return Value::Null();
  }
}

ordinal::v1::Value ValueToProto(const Value& value) {
  ordinal::v1::Value proto;
  if (value.is_int()) {
    proto.set_int_value(value.int_value());
  } else if (value.is_double()) {
    proto.set_double_value(value.double_value());
  } else if (value.is_string()) {
    proto.set_string_value(value.string_value());
  } else {
    proto.set_null(true);
  }
  return proto;
}

Value ColumnDefault(const ordinal::v1::ColumnDef& column) {
  if (!column.has_default()) return Value::Null();
  return ValueFromProto(column.default_value());
}

}  // namespace ordinal::engine::catalog
