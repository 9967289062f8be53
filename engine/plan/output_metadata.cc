#include "engine/plan/output_metadata.h"

#include <algorithm>

#include "engine/plan/aggregate_calls.h"
#include "engine/plan/binder.h"

namespace ordinal::engine::plan {
namespace {

uint16_t KeyFlags(const ordinal::v1::TableDef& def, uint32_t column) {
  uint16_t flags = 0;
  if (!def.hidden_primary_key()) {
    for (uint32_t c : def.primary_key().column_indexes()) {
      if (c == column) flags |= mysql_flag::kPrimaryKey;
    }
  }
  for (const ordinal::v1::IndexDef& index : def.indexes()) {
    if (index.column_indexes_size() == 0) continue;
    if (index.unique() && index.column_indexes_size() == 1 && index.column_indexes(0) == column) {
      flags |= mysql_flag::kUniqueKey;
    } else if (index.column_indexes(0) == column) {
      flags |= mysql_flag::kMultipleKey;
    }
  }
  return flags;
}

// Decimal digits of a declared integer or DECIMAL type, or 0 for other types.
uint32_t DecimalPrecision(const SqlType& type) {
  switch (type.type) {
    case ColumnType::kTinyInt:
    case ColumnType::kBool:
      return 3;
    case ColumnType::kSmallInt:
      return 5;
    case ColumnType::kMediumInt:
      return type.is_unsigned ? 8 : 7;
    case ColumnType::kInt:
      return 10;
    case ColumnType::kBigInt:
      return type.is_unsigned ? 20 : 19;
    case ColumnType::kDecimal:
      return type.length;
    default:
      return 0;
  }
}

// A DECIMAL result of `precision` digits, `scale` of them after the point, MySQL's widths.
ColumnMetadata DecimalResult(uint32_t precision, uint32_t scale) {
  SqlType decimal;
  decimal.type = ColumnType::kDecimal;
  decimal.length = std::min<uint32_t>(precision, 65);
  decimal.scale = std::min<uint32_t>(scale, 30);
  return ColumnMetadataFor(decimal);
}

}  // namespace

std::optional<ColumnMetadata> AggregateMetadata(
    const sql::Expr& call, ColumnType type,
    absl::FunctionRef<std::optional<SqlType>(const sql::Expr&)> column_type) {
  const std::string& name = call.function_name;
  if (name == "GROUP_CONCAT") {
    ColumnMetadata m = ExpressionMetadata(type);
    m.length = static_cast<uint32_t>(  // utf8mb4: 4 bytes a character
        std::min<uint64_t>(GroupConcatMaxLength() * 4, UINT32_MAX));
    return m;
  }
  if (name == "COUNT" || name == "BIT_AND" || name == "BIT_OR" || name == "BIT_XOR") {
    SqlType bigint;
    bigint.type = ColumnType::kBigInt;
    bigint.is_unsigned = name != "COUNT";
    ColumnMetadata m = ColumnMetadataFor(bigint);
    m.length = 21;
    m.flags |= mysql_flag::kNotNull;
    return m;
  }
  if (call.children.size() != 1 || call.children[0]->kind != sql::ExprKind::kColumn) {
    return std::nullopt;
  }
  const std::optional<SqlType> argument = column_type(*call.children[0]);
  if (!argument) return std::nullopt;
  if (name == "MIN" || name == "MAX") {
    const ColumnType t = argument->type;
    const bool plain = (HoldsInteger(t) && t != ColumnType::kBit) || t == ColumnType::kDecimal ||
                       t == ColumnType::kFloat || t == ColumnType::kDouble || IsTemporalType(t);
    if (!plain) return std::nullopt;
    return ColumnMetadataFor(*argument);
  }
  const uint32_t precision = DecimalPrecision(*argument);
  if (precision == 0) return std::nullopt;
  if (name == "SUM") return DecimalResult(precision + 22, argument->scale);
  if (name == "AVG") return DecimalResult(precision + 4, argument->scale + 4);
  return std::nullopt;
}

ColumnMetadata TableColumnMetadata(const catalog::TableInfo& table, int column) {
  const ordinal::v1::ColumnDef& def = table.def.columns(column);
  ColumnMetadata m = ColumnMetadataFor(table.sql_types[column]);
  // A utf8mb4 column reports its own collation (results are sent in utf8mb4; a column of
  // another character set keeps the result character set's default).
  const Collation* collation = table.key_collations[column];
  if (collation != nullptr && collation->charset() == "utf8mb4") m.collation = collation->id();
  // MySQL marks numbers BINARY only when they are computed, not in a table's column.
  if ((m.flags & mysql_flag::kNum) != 0) m.flags &= static_cast<uint16_t>(~mysql_flag::kBinary);
  if (!def.nullable()) m.flags |= mysql_flag::kNotNull;
  m.flags |= KeyFlags(table.def, static_cast<uint32_t>(column));
  if (def.auto_increment()) m.flags |= mysql_flag::kAutoIncrement;
  if (!def.nullable() && !def.has_default() && !def.auto_increment()) {
    m.flags |= mysql_flag::kNoDefaultValue;
  }
  m.database = table.def.database();
  m.org_table = table.def.name();
  m.org_name = catalog::ColumnDisplayName(def);
  return m;
}

}  // namespace ordinal::engine::plan
