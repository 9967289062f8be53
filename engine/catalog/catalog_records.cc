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

namespace {

// engine::ColumnType and v1::SqlType in one table; kBool has no SqlType (it only comes from
// old records' coarse type).
struct TypePair {
  ColumnType engine;
  ordinal::v1::SqlType proto;
};
constexpr TypePair kTypePairs[] = {
    {ColumnType::kTinyInt, ordinal::v1::SQL_TYPE_TINYINT},
    {ColumnType::kSmallInt, ordinal::v1::SQL_TYPE_SMALLINT},
    {ColumnType::kMediumInt, ordinal::v1::SQL_TYPE_MEDIUMINT},
    {ColumnType::kInt, ordinal::v1::SQL_TYPE_INT},
    {ColumnType::kBigInt, ordinal::v1::SQL_TYPE_BIGINT},
    {ColumnType::kDecimal, ordinal::v1::SQL_TYPE_DECIMAL},
    {ColumnType::kFloat, ordinal::v1::SQL_TYPE_FLOAT},
    {ColumnType::kDouble, ordinal::v1::SQL_TYPE_DOUBLE},
    {ColumnType::kBit, ordinal::v1::SQL_TYPE_BIT},
    {ColumnType::kYear, ordinal::v1::SQL_TYPE_YEAR},
    {ColumnType::kDate, ordinal::v1::SQL_TYPE_DATE},
    {ColumnType::kDateTime, ordinal::v1::SQL_TYPE_DATETIME},
    {ColumnType::kTimestamp, ordinal::v1::SQL_TYPE_TIMESTAMP},
    {ColumnType::kTime, ordinal::v1::SQL_TYPE_TIME},
    {ColumnType::kChar, ordinal::v1::SQL_TYPE_CHAR},
    {ColumnType::kVarchar, ordinal::v1::SQL_TYPE_VARCHAR},
    {ColumnType::kTinyText, ordinal::v1::SQL_TYPE_TINYTEXT},
    {ColumnType::kText, ordinal::v1::SQL_TYPE_TEXT},
    {ColumnType::kMediumText, ordinal::v1::SQL_TYPE_MEDIUMTEXT},
    {ColumnType::kLongText, ordinal::v1::SQL_TYPE_LONGTEXT},
    {ColumnType::kBinary, ordinal::v1::SQL_TYPE_BINARY},
    {ColumnType::kVarBinary, ordinal::v1::SQL_TYPE_VARBINARY},
    {ColumnType::kTinyBlob, ordinal::v1::SQL_TYPE_TINYBLOB},
    {ColumnType::kBlob, ordinal::v1::SQL_TYPE_BLOB},
    {ColumnType::kMediumBlob, ordinal::v1::SQL_TYPE_MEDIUMBLOB},
    {ColumnType::kLongBlob, ordinal::v1::SQL_TYPE_LONGBLOB},
    {ColumnType::kEnum, ordinal::v1::SQL_TYPE_ENUM},
    {ColumnType::kSet, ordinal::v1::SQL_TYPE_SET},
    {ColumnType::kJson, ordinal::v1::SQL_TYPE_JSON},
};

}  // namespace

ColumnType ColumnTypeFromProto(ordinal::v1::ColumnType type) {
  switch (type) {
    case ordinal::v1::COLUMN_TYPE_DOUBLE: return ColumnType::kDouble;
    case ordinal::v1::COLUMN_TYPE_CHAR: return ColumnType::kChar;
    case ordinal::v1::COLUMN_TYPE_VARCHAR: return ColumnType::kVarchar;
    case ordinal::v1::COLUMN_TYPE_TEXT: return ColumnType::kText;
    case ordinal::v1::COLUMN_TYPE_BOOL: return ColumnType::kBool;
    case ordinal::v1::COLUMN_TYPE_DECIMAL: return ColumnType::kDecimal;
    default: return ColumnType::kBigInt;
  }
}

ordinal::v1::ColumnType ColumnTypeToProto(ColumnType type) {
  if (type == ColumnType::kBool) return ordinal::v1::COLUMN_TYPE_BOOL;
  if (HoldsInteger(type)) return ordinal::v1::COLUMN_TYPE_INT;
  switch (type) {
    case ColumnType::kDecimal: return ordinal::v1::COLUMN_TYPE_DECIMAL;
    case ColumnType::kFloat:
    case ColumnType::kDouble: return ordinal::v1::COLUMN_TYPE_DOUBLE;
    case ColumnType::kChar:
    case ColumnType::kBinary: return ordinal::v1::COLUMN_TYPE_CHAR;
    case ColumnType::kVarchar:
    case ColumnType::kVarBinary:
    case ColumnType::kEnum:
    case ColumnType::kSet:
    case ColumnType::kDate:
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp:
    case ColumnType::kTime: return ordinal::v1::COLUMN_TYPE_VARCHAR;
    default: return ordinal::v1::COLUMN_TYPE_TEXT;
  }
}

SqlType ColumnSqlType(const ordinal::v1::ColumnDef& column) {
  SqlType type;
  type.type = ColumnTypeFromProto(column.type());
  for (const TypePair& pair : kTypePairs) {
    if (pair.proto == column.sql_type()) type.type = pair.engine;
  }
  type.length = HoldsInteger(type.type) && type.type != ColumnType::kBit ? column.display_width()
                                                                         : column.length();
  type.scale = column.scale();
  type.is_unsigned = column.is_unsigned();
  type.zerofill = column.zerofill();
  type.elements.assign(column.elements().begin(), column.elements().end());
  return type;
}

void SetColumnSqlType(const SqlType& type, ordinal::v1::ColumnDef* column) {
  column->set_type(ColumnTypeToProto(type.type));
  for (const TypePair& pair : kTypePairs) {
    if (pair.engine == type.type) column->set_sql_type(pair.proto);
  }
  if (HoldsInteger(type.type) && type.type != ColumnType::kBit) {
    column->set_display_width(type.length);
  } else {
    column->set_length(type.length);
  }
  column->set_scale(type.scale);
  column->set_is_unsigned(type.is_unsigned);
  column->set_zerofill(type.zerofill);
  column->clear_elements();
  for (const std::string& element : type.elements) column->add_elements(element);
}

Value ValueFromProto(const ordinal::v1::Value& value) {
  switch (value.kind_case()) {
    case ordinal::v1::Value::kIntValue: return Value::Int(value.int_value());
    case ordinal::v1::Value::kDoubleValue: return Value::Double(value.double_value());
    case ordinal::v1::Value::kStringValue: return Value::String(value.string_value());
    case ordinal::v1::Value::kUintValue: return Value::UInt(value.uint_value());
    case ordinal::v1::Value::kDecimalValue: {
      std::optional<Decimal> d = Decimal::Parse(value.decimal_value());
      return d ? Value::FromDecimal(std::move(*d)) : Value::Null();
    }
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
  } else if (value.is_uint()) {
    proto.set_uint_value(value.uint_value());
  } else if (value.is_decimal()) {
    proto.set_decimal_value(value.decimal_value().ToString());
  } else {
    proto.set_null(true);
  }
  return proto;
}

Value ColumnDefault(const ordinal::v1::ColumnDef& column) {
  if (!column.has_default()) return Value::Null();
  return ValueFromProto(column.default_value());
}

const Collation* ColumnCollation(const ordinal::v1::ColumnDef& column) {
  if (!IsCharacterType(ColumnSqlType(column).type)) return nullptr;
  if (const Collation* c = FindCollation(column.collation()); c != nullptr) return c;
  return FindCollationById(kUtf8mb40900BinCollationId);
}

const Collation& TableDefaultCollation(const ordinal::v1::TableDef& table) {
  const Collation* c = FindCollation(table.options().collation());
  return c != nullptr ? *c : DefaultCollation();
}

const Collation& DatabaseDefaultCollation(const ordinal::v1::DatabaseDef& database) {
  const Collation* c = FindCollation(database.collation());
  return c != nullptr ? *c : DefaultCollation();
}

}  // namespace ordinal::engine::catalog
