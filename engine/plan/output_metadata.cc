#include "engine/plan/output_metadata.h"

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

}  // namespace

ColumnMetadata TableColumnMetadata(const catalog::TableInfo& table, int column) {
  const ordinal::v1::ColumnDef& def = table.def.columns(column);
  ColumnMetadata m = ColumnMetadataFor(table.sql_types[column]);
  // A utf8mb4 column reports its own collation (results are sent in utf8mb4; a column of
  // another character set keeps the result character set's default).
  const Collation* collation = table.key_collations[column];
  if (collation != nullptr && collation->charset() == "utf8mb4") m.collation = collation->id();
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

ResultColumn OutputColumn(std::string name, const sql::Expr& expr,
                          const catalog::TableInfo* table, const std::string& alias) {
  ResultColumn out{std::move(name), InferType(expr, table), std::nullopt, std::nullopt};
  if (expr.kind == sql::ExprKind::kColumn && table != nullptr && expr.slot >= 0 &&
      expr.slot < table->def.columns_size()) {
    ColumnMetadata m = TableColumnMetadata(*table, expr.slot);
    m.table = alias.empty() ? table->def.name() : alias;
    out.metadata = std::move(m);
  } else if (expr.kind == sql::ExprKind::kLiteral) {
    out.metadata = LiteralMetadata(expr.literal);
  }
  return out;
}

}  // namespace ordinal::engine::plan
