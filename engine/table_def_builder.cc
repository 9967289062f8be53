#include "engine/table_def_builder.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "engine/catalog/catalog_records.h"
#include "engine/types/collation.h"
#include "engine/types/temporal.h"
#include "engine/types/value.h"

namespace ordinal::engine::ddl {
namespace {

absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Errors MySQL reports that common/sql_error.h has no name for.
constexpr int kErrWrongColumnSpecifier = 1063;  // ER_WRONG_FIELD_SPEC
constexpr int kErrPrimaryCantHaveNull = 1171;   // ER_PRIMARY_CANT_HAVE_NULL
constexpr int kErrWrongNameForIndex = 1280;     // ER_WRONG_NAME_FOR_INDEX
constexpr int kErrDuplicatedValueInType = 1291;  // ER_DUPLICATED_VALUE_IN_TYPE
constexpr int kErrTooBigSet = 1097;              // ER_TOO_BIG_SET
constexpr int kErrInvalidOnUpdate = 1294;        // ER_INVALID_ON_UPDATE

absl::Status Invalid(MysqlErrno code, std::string message) {
  return SqlError(absl::StatusCode::kInvalidArgument, code, message);
}

absl::Status Invalid(int code, std::string message) {
  return Invalid(static_cast<MysqlErrno>(code), std::move(message));
}

// One key as declared, column-level or table-level.
struct KeySpec {
  std::string name;
  bool primary = false;
  bool unique = false;
  std::vector<std::string> columns;
  std::string comment;
};

std::vector<KeySpec> CollectKeys(const sql::CreateTable& statement) {
  std::vector<KeySpec> keys;
  for (const sql::ColumnDefinition& column : statement.columns) {
    if (column.primary_key) keys.push_back({"", true, true, {column.name}});
    if (column.unique) keys.push_back({"", false, true, {column.name}});
  }
  for (const sql::IndexDefinition& index : statement.indexes) {
    keys.push_back({index.name, index.primary, index.unique || index.primary, index.columns,
                    index.comment.value_or("")});
  }
  return keys;
}

// The value of a DEFAULT clause: a literal, optionally signed. nullopt for anything else.
std::optional<Value> LiteralValue(const sql::Expr& expr) {
  if (expr.kind == sql::ExprKind::kLiteral) return expr.literal;
  if (expr.kind != sql::ExprKind::kUnary || expr.children.size() != 1) return std::nullopt;
  std::optional<Value> operand = LiteralValue(*expr.children[0]);
  if (!operand.has_value()) return std::nullopt;
  if (expr.unary_op == sql::UnaryOp::kPlus) return operand;
  if (expr.unary_op != sql::UnaryOp::kNegate) return std::nullopt;
  if (operand->is_int() && operand->int_value() != INT64_MIN) {
    return Value::Int(-operand->int_value());
  }
  if (operand->is_integer()) {
    const __int128 negated = -operand->integer_value();
    if (negated >= INT64_MIN) return Value::Int(static_cast<int64_t>(negated));
    return Value::FromDecimal(Decimal::FromUInt(operand->uint_value()).Negated());
  }
  if (operand->is_decimal()) return Value::FromDecimal(operand->decimal_value().Negated());
  if (operand->is_double()) return Value::Double(-operand->double_value());
  if (operand->is_string()) return Value::Double(-operand->ToDouble());
  return std::nullopt;
}

// MySQL 8.0.13+ allows JSON columns only expression defaults (`DEFAULT ('[]')`), which
// OrdinalDB does not support yet; a literal default is 1101 as in MySQL.
absl::Status JsonDefault(std::string_view column) {
  return Invalid(MysqlErrno::kBlobCantHaveDefault,
                 absl::StrCat("BLOB, TEXT, GEOMETRY or JSON column '", AbslView(column),
                              "' can't have a default value"));
}

absl::Status TooBigLength(const sql::ColumnDefinition& column, uint32_t max) {
  return Invalid(MysqlErrno::kTooBigFieldLength,
                 absl::StrCat("Column length too big for column '", column.display_name,
                              "' (max = ", max, "); use BLOB or TEXT instead"));
}

absl::Status TooBigDisplayWidth(const sql::ColumnDefinition& column, uint32_t max) {
  return Invalid(MysqlErrno::kTooBigDisplayWidth,
                 absl::StrCat("Display width out of range for column '", column.display_name,
                              "' (max = ", max, ")"));
}

// DECIMAL(p,s), FLOAT(m,d), DOUBLE(m,d): MySQL's limits on the numbers.
absl::Status CheckPrecision(const sql::ColumnDefinition& column) {
  const bool decimal = column.type == ColumnType::kDecimal;
  const uint32_t max_precision = decimal ? Decimal::kMaxPrecision : 255;
  if (column.length > max_precision) {
    if (!decimal) return TooBigDisplayWidth(column, max_precision);
    return Invalid(MysqlErrno::kTooBigPrecision,
                   absl::StrCat("Too-big precision ", column.length, " specified for '",
                                column.display_name, "'. Maximum is ", max_precision, "."));
  }
  if (column.scale > Decimal::kMaxScale) {
    return Invalid(MysqlErrno::kTooBigScale,
                   absl::StrCat("Too big scale ", column.scale, " specified for column '",
                                column.display_name, "'. Maximum is ", Decimal::kMaxScale, "."));
  }
  if (column.scale > column.length && (decimal || column.length > 0)) {
    return Invalid(MysqlErrno::kMBiggerThanD,
                   absl::StrCat("For float(M,D), double(M,D) or decimal(M,D), M must be >= D "
                                "(column '", column.display_name, "')."));
  }
  return absl::OkStatus();
}

absl::Status CheckMembers(const sql::ColumnDefinition& column) {
  if (column.type == ColumnType::kSet && column.elements.size() > 64) {
    return Invalid(kErrTooBigSet,
                   absl::StrCat("Too many strings for column ", column.display_name,
                                " and SET"));
  }
  for (size_t i = 0; i < column.elements.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (absl::EqualsIgnoreCase(column.elements[i], column.elements[j])) {
        return Invalid(kErrDuplicatedValueInType,
                       absl::StrCat("Column '", column.display_name, "' has duplicated value '",
                                    column.elements[i], "' in ",
                                    column.type == ColumnType::kSet ? "SET" : "ENUM"));
      }
    }
  }
  return absl::OkStatus();
}

// The limits MySQL puts on declared lengths and precisions.
absl::Status CheckLength(const sql::ColumnDefinition& column) {
  switch (column.type) {
    case ColumnType::kChar:
    case ColumnType::kBinary:
      return column.length <= kMaxCharLength ? absl::OkStatus()
                                             : TooBigLength(column, kMaxCharLength);
    case ColumnType::kVarchar:
      return column.length <= kMaxVarcharLength ? absl::OkStatus()
                                                : TooBigLength(column, kMaxVarcharLength);
    case ColumnType::kVarBinary:
      return column.length <= 65535 ? absl::OkStatus() : TooBigLength(column, 65535);
    case ColumnType::kBit:
      return column.length >= 1 && column.length <= 64 ? absl::OkStatus()
                                                       : TooBigDisplayWidth(column, 64);
    case ColumnType::kDecimal:
    case ColumnType::kFloat:
    case ColumnType::kDouble: return CheckPrecision(column);
    case ColumnType::kEnum:
    case ColumnType::kSet: return CheckMembers(column);
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp:
    case ColumnType::kTime:
      if (column.scale <= kMaxFsp) return absl::OkStatus();
      return Invalid(MysqlErrno::kTooBigPrecision,
                     absl::StrCat("Too-big precision ", column.scale, " specified for '",
                                  column.display_name, "'. Maximum is ", kMaxFsp, "."));
    default:
      if (IsIntegerType(column.type) && column.length > 255) {
        return TooBigDisplayWidth(column, 255);
      }
      return absl::OkStatus();
  }
}

absl::Status SetDefault(const sql::ColumnDefinition& column, ordinal::v1::ColumnDef& def) {
  if (column.default_value == nullptr) return absl::OkStatus();
  const absl::Status invalid =
      Invalid(MysqlErrno::kInvalidDefault,
              absl::StrCat("Invalid default value for '", column.display_name, "'"));
  if (column.auto_increment) return invalid;
  std::optional<Value> literal = LiteralValue(*column.default_value);
  if (!literal.has_value()) return invalid;
  if (column.type == ColumnType::kJson && !literal->is_null()) {
    return JsonDefault(column.display_name);
  }
  if (literal->is_null()) {
    if (!def.nullable()) return invalid;
    return absl::OkStatus();  // DEFAULT NULL is the same as no default
  }
  absl::StatusOr<Value> coerced =
      CoerceToColumn(*literal, column.sql_type(), column.name);
  if (!coerced.ok()) return invalid;
  *def.mutable_default_value() = catalog::ValueToProto(*coerced);
  def.set_has_default(true);
  return absl::OkStatus();
}

absl::StatusOr<ordinal::v1::ColumnDef> BuildColumn(const sql::ColumnDefinition& column,
                                                   const Collation& table_collation) {
  ORDINAL_RETURN_IF_ERROR(CheckIdentifier(column.display_name));
  ORDINAL_RETURN_IF_ERROR(CheckLength(column));
  ordinal::v1::ColumnDef def;
  def.set_name(column.name);
  if (column.display_name != column.name) def.set_display_name(column.display_name);
  catalog::SetColumnSqlType(column.sql_type(), &def);
  ORDINAL_ASSIGN_OR_RETURN(const Collation* collation,
                           ResolveCollation(column.charset, column.collation, table_collation));
  if (IsCharacterType(column.type)) def.set_collation(std::string(collation->name()));
  const bool datetime =
      column.type == ColumnType::kDateTime || column.type == ColumnType::kTimestamp;
  if ((column.default_now && !datetime) || (column.default_now && column.default_value)) {
    return Invalid(MysqlErrno::kInvalidDefault,
                   absl::StrCat("Invalid default value for '", column.display_name, "'"));
  }
  if (column.on_update_now && !datetime) {
    return Invalid(kErrInvalidOnUpdate,
                   absl::StrCat("Invalid ON UPDATE clause for '", column.display_name,
                                "' column"));
  }
  def.set_default_now(column.default_now);
  def.set_on_update_now(column.on_update_now);
  def.set_nullable(!column.not_null);
  def.set_auto_increment(column.auto_increment);
  if (column.comment.has_value()) {
    if (Utf8CharCount(*column.comment) > kMaxColumnCommentLength) {
      return Invalid(MysqlErrno::kTooLongFieldComment,
                     absl::StrCat("Comment for field '", column.display_name,
                                  "' is too long (max = ", kMaxColumnCommentLength, ")"));
    }
    def.set_comment(*column.comment);
  }
  return def;
}

int FindColumn(const ordinal::v1::TableDef& def, std::string_view name) {
  for (int i = 0; i < def.columns_size(); ++i) {
    if (def.columns(i).name() == name) return i;
  }
  return -1;
}

absl::StatusOr<ordinal::v1::IndexDef> BuildIndex(const KeySpec& key,
                                                 const ordinal::v1::TableDef& def) {
  ordinal::v1::IndexDef index;
  index.set_unique(key.unique);
  index.set_comment(key.comment);
  absl::flat_hash_set<std::string> seen;
  for (const std::string& name : key.columns) {
    int column = FindColumn(def, name);
    if (column < 0) {
      return Invalid(MysqlErrno::kKeyColumnDoesNotExist,
                     absl::StrCat("Key column '", name, "' doesn't exist in table"));
    }
    if (!seen.insert(name).second) {
      return Invalid(MysqlErrno::kDupFieldName,
                     absl::StrCat("Duplicate column name '", name, "'"));
    }
    ORDINAL_RETURN_IF_ERROR(CheckKeyColumn(def.columns(column)));
    index.add_column_indexes(static_cast<uint32_t>(column));
  }
  return index;
}

// Primary key columns are NOT NULL; an explicit NULL on one is an error (MySQL 1171).
absl::Status MakePrimaryKeyNotNull(const sql::CreateTable& statement,
                                   const ordinal::v1::IndexDef& primary,
                                   ordinal::v1::TableDef& def) {
  for (uint32_t column : primary.column_indexes()) {
    if (statement.columns[column].explicit_null) {
      return Invalid(kErrPrimaryCantHaveNull,
                     "All parts of a PRIMARY KEY must be NOT NULL; if you need NULL in a "
                     "key, use UNIQUE instead");
    }
    def.mutable_columns(column)->set_nullable(false);
  }
  return absl::OkStatus();
}

// Names unnamed secondary indexes after their first column (name, name_2, name_3, ...),
// and rejects duplicate or reserved explicit names.
absl::Status NameIndexes(ordinal::v1::TableDef& def) {
  absl::flat_hash_set<std::string> used;
  for (int i = 0; i < def.indexes_size(); ++i) {
    const std::string& name = def.indexes(i).name();
    if (name.empty()) continue;
    if (name == "primary") {
      return Invalid(kErrWrongNameForIndex, absl::StrCat("Incorrect index name '", name, "'"));
    }
    ORDINAL_RETURN_IF_ERROR(CheckIdentifier(name));
    if (!used.insert(name).second) {
      return Invalid(MysqlErrno::kDupKeyName, absl::StrCat("Duplicate key name '", name, "'"));
    }
  }
  for (int i = 0; i < def.indexes_size(); ++i) {
    ordinal::v1::IndexDef* index = def.mutable_indexes(i);
    if (!index->name().empty()) continue;
    const std::string base = def.columns(index->column_indexes(0)).name();
    std::string name = base;
    for (int n = 2; used.contains(name); ++n) name = absl::StrCat(base, "_", n);
    used.insert(name);
    index->set_name(name);
  }
  return absl::OkStatus();
}

// At most one AUTO_INCREMENT column; it must be an integer column that starts some key.
absl::Status CheckAutoIncrement(const ordinal::v1::TableDef& def) {
  int auto_column = -1;
  for (int i = 0; i < def.columns_size(); ++i) {
    if (!def.columns(i).auto_increment()) continue;
    if (auto_column >= 0) {
      return Invalid(MysqlErrno::kWrongAutoKey,
                     "Incorrect table definition; there can be only one auto column and it "
                     "must be defined as a key");
    }
    auto_column = i;
  }
  if (auto_column < 0) return absl::OkStatus();
  if (!IsIntegerType(catalog::ColumnSqlType(def.columns(auto_column)).type)) {
    return Invalid(kErrWrongColumnSpecifier,
                   absl::StrCat("Incorrect column specifier for column '",
                                def.columns(auto_column).name(), "'"));
  }
  auto starts = [auto_column](const ordinal::v1::IndexDef& index) {
    return index.column_indexes_size() > 0 &&
           index.column_indexes(0) == static_cast<uint32_t>(auto_column);
  };
  bool keyed = def.has_primary_key() && starts(def.primary_key());
  for (const ordinal::v1::IndexDef& index : def.indexes()) keyed = keyed || starts(index);
  if (keyed) return absl::OkStatus();
  return Invalid(MysqlErrno::kWrongAutoKey,
                 "Incorrect table definition; there can be only one auto column and it must "
                 "be defined as a key");
}

absl::Status AddColumns(const sql::CreateTable& statement, ordinal::v1::TableDef& def) {
  absl::flat_hash_set<std::string> names;
  for (const sql::ColumnDefinition& column : statement.columns) {
    if (!names.insert(column.name).second) {
      return Invalid(MysqlErrno::kDupFieldName,
                     absl::StrCat("Duplicate column name '", column.display_name, "'"));
    }
    ORDINAL_ASSIGN_OR_RETURN(*def.add_columns(),
                             BuildColumn(column, catalog::TableDefaultCollation(def)));
  }
  return absl::OkStatus();
}

absl::Status AddKeys(const sql::CreateTable& statement, ordinal::v1::TableDef& def) {
  for (const sql::IndexDefinition& index : statement.indexes) {
    ORDINAL_RETURN_IF_ERROR(CheckIndexComment(index));
  }
  const std::vector<KeySpec> keys = CollectKeys(statement);
  uint32_t next_index_id = 1;
  for (const KeySpec& key : keys) {
    ORDINAL_ASSIGN_OR_RETURN(ordinal::v1::IndexDef index, BuildIndex(key, def));
    if (key.primary) {
      if (def.has_primary_key()) {
        return Invalid(MysqlErrno::kMultiplePrimaryKey, "Multiple primary key defined");
      }
      index.set_name("PRIMARY");
      index.set_id(0);
      *def.mutable_primary_key() = std::move(index);
    } else {
      index.set_name(key.name);
      index.set_id(next_index_id++);
      *def.add_indexes() = std::move(index);
    }
  }
  def.set_next_index_id(next_index_id);
  if (def.has_primary_key()) {
    ORDINAL_RETURN_IF_ERROR(MakePrimaryKeyNotNull(statement, def.primary_key(), def));
  }
  return NameIndexes(def);
}

// A table declared without a primary key is keyed by a hidden row id, its last column.
absl::Status AddHiddenPrimaryKey(ordinal::v1::TableDef& def) {
  if (FindColumn(def, kHiddenRowIdColumn) >= 0) {
    return Invalid(MysqlErrno::kDupFieldName,
                   absl::StrCat("Duplicate column name '", kHiddenRowIdColumn, "'"));
  }
  ordinal::v1::ColumnDef* column = def.add_columns();
  column->set_name(kHiddenRowIdColumn);
  SqlType row_id;
  row_id.type = ColumnType::kBigInt;
  catalog::SetColumnSqlType(row_id, column);
  column->set_nullable(false);
  ordinal::v1::IndexDef* primary = def.mutable_primary_key();
  primary->set_name("PRIMARY");
  primary->set_id(0);
  primary->set_unique(true);
  primary->add_column_indexes(static_cast<uint32_t>(def.columns_size() - 1));
  def.set_hidden_primary_key(true);
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckIndexComment(const sql::IndexDefinition& index) {
  if (!index.comment.has_value() || Utf8CharCount(*index.comment) <= kMaxIndexCommentLength) {
    return absl::OkStatus();
  }
  return Invalid(MysqlErrno::kTooLongIndexComment,
                 absl::StrCat("Comment for index '", index.name, "' is too long (max = ",
                              kMaxIndexCommentLength, ")"));
}

absl::StatusOr<const Collation*> ResolveCollation(const std::optional<std::string>& charset,
                                                  const std::optional<std::string>& collation,
                                                  const Collation& fallback) {
  const Collation* of_charset = nullptr;
  if (charset.has_value()) {
    of_charset = DefaultCollationOf(*charset);
    if (of_charset == nullptr) {
      return Invalid(MysqlErrno::kUnknownCharacterSet,
                     absl::StrCat("Unknown character set: '", *charset, "'"));
    }
  }
  if (!collation.has_value()) return of_charset != nullptr ? of_charset : &fallback;
  const Collation* named = FindCollation(*collation);
  if (named == nullptr) {
    return Invalid(MysqlErrno::kUnknownCollation,
                   absl::StrCat("Unknown collation: '", *collation, "'"));
  }
  if (of_charset != nullptr && of_charset->charset() != named->charset()) {
    return Invalid(MysqlErrno::kCollationCharsetMismatch,
                   absl::StrCat("COLLATION '", named->name(), "' is not valid for CHARACTER SET '",
                                of_charset->charset(), "'"));
  }
  return named;
}


absl::StatusOr<ordinal::v1::ColumnDef> BuildColumnDef(const sql::ColumnDefinition& column,
                                                      const Collation& table_collation) {
  ORDINAL_ASSIGN_OR_RETURN(ordinal::v1::ColumnDef def, BuildColumn(column, table_collation));
  if (column.primary_key) def.set_nullable(false);
  ORDINAL_RETURN_IF_ERROR(SetDefault(column, def));
  return def;
}

absl::Status CheckAutoIncrementColumn(const ordinal::v1::TableDef& def) {
  return CheckAutoIncrement(def);
}

absl::Status SetColumnDefault(const sql::Expr& literal, ordinal::v1::ColumnDef& def) {
  const absl::Status invalid = Invalid(
      MysqlErrno::kInvalidDefault, absl::StrCat("Invalid default value for '", def.name(), "'"));
  std::optional<Value> value = LiteralValue(literal);
  if (!value.has_value() || def.auto_increment()) return invalid;
  if (value->is_null() && !def.nullable()) return invalid;
  if (!value->is_null() && catalog::ColumnSqlType(def).type == ColumnType::kJson) {
    return JsonDefault(def.name());
  }
  def.clear_default_value();
  def.set_has_default(false);
  def.set_default_now(false);
  if (value->is_null()) return absl::OkStatus();
  absl::StatusOr<Value> coerced = CoerceToColumn(*value, catalog::ColumnSqlType(def), def.name());
  if (!coerced.ok()) return invalid;
  *def.mutable_default_value() = catalog::ValueToProto(*coerced);
  def.set_has_default(true);
  return absl::OkStatus();
}

absl::Status CheckKeyColumn(const ordinal::v1::ColumnDef& column) {
  if (catalog::ColumnSqlType(column).type != ColumnType::kJson) return absl::OkStatus();
  return Invalid(MysqlErrno::kJsonUsedAsKey,
                 absl::StrCat("JSON column '", column.name(),
                              "' supports indexing only via generated columns on a specified "
                              "JSON path."));
}

absl::Status CheckIdentifier(std::string_view name) {
  // The limit counts characters, as the parser does: a 64-character multibyte name fits.
  if (Utf8CharCount(name) <= kMaxIdentifierLength) return absl::OkStatus();
  return Invalid(MysqlErrno::kTooLongIdent,
                 absl::StrCat("Identifier name '", AbslView(name), "' is too long"));
}

absl::Status ApplyTableOptions(const sql::TableOptions& options, ordinal::v1::TableDef& def) {
  ordinal::v1::TableOptions& kept = *def.mutable_options();
  if (options.comment.has_value()) {
    if (Utf8CharCount(*options.comment) > kMaxTableCommentLength) {
      return Invalid(MysqlErrno::kTooLongTableComment,
                     absl::StrCat("Comment for table '", def.name(), "' is too long (max = ",
                                  kMaxTableCommentLength, ")"));
    }
    def.set_comment(*options.comment);
  }
  if (options.row_format.has_value()) kept.set_row_format(*options.row_format);
  if (options.charset.has_value() || options.collation.has_value()) {
    ORDINAL_ASSIGN_OR_RETURN(const Collation* collation,
                             ResolveCollation(options.charset, options.collation,
                                              DefaultCollation()));
    kept.set_charset(std::string(collation->charset()));
    kept.set_collation(std::string(collation->name()));
  }
  if (options.auto_increment.has_value()) kept.set_auto_increment(*options.auto_increment);
  return absl::OkStatus();
}

absl::StatusOr<ordinal::v1::TableDef> BuildTableDef(const sql::CreateTable& statement,
                                                    std::string_view database,
                                                    const Collation& database_collation) {
  ORDINAL_RETURN_IF_ERROR(CheckIdentifier(statement.table.table));
  ordinal::v1::TableDef def;
  def.set_database(std::string(database));
  def.set_name(statement.table.table);
  ORDINAL_RETURN_IF_ERROR(ApplyTableOptions(statement.options, def));
  if (def.options().collation().empty()) {
    def.mutable_options()->set_charset(database_collation.charset());
    def.mutable_options()->set_collation(database_collation.name());
  }
  ORDINAL_RETURN_IF_ERROR(AddColumns(statement, def));
  ORDINAL_RETURN_IF_ERROR(AddKeys(statement, def));
  for (size_t i = 0; i < statement.columns.size(); ++i) {
    ORDINAL_RETURN_IF_ERROR(SetDefault(statement.columns[i], *def.mutable_columns(i)));
  }
  ORDINAL_RETURN_IF_ERROR(CheckAutoIncrement(def));
  if (!def.has_primary_key()) ORDINAL_RETURN_IF_ERROR(AddHiddenPrimaryKey(def));
  return def;
}

}  // namespace ordinal::engine::ddl
