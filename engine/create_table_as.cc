#include "engine/create_table_as.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "engine/plan/binder.h"
#include "engine/types/decimal.h"
#include "engine/table_def_builder.h"

namespace ordinal::engine::ddl {
namespace {

constexpr uint32_t kMinQueryVarcharLength = 255;

sql::CheckDefinition CopyCheck(const sql::CheckDefinition& check) {
  sql::CheckDefinition copy;
  copy.name = check.name;
  copy.column = check.column;
  copy.expr = plan::CloneExpr(*check.expr);
  copy.enforced = check.enforced;
  copy.loc = check.loc;
  return copy;
}

sql::ColumnDefinition CopyColumn(const sql::ColumnDefinition& column) {
  sql::ColumnDefinition copy;
  copy.name = column.name;
  copy.display_name = column.display_name;
  copy.type = column.type;
  copy.length = column.length;
  copy.scale = column.scale;
  copy.is_unsigned = column.is_unsigned;
  copy.zerofill = column.zerofill;
  copy.elements = column.elements;
  copy.default_now = column.default_now;
  copy.on_update_now = column.on_update_now;
  copy.not_null = column.not_null;
  copy.explicit_null = column.explicit_null;
  if (column.default_value) copy.default_value = plan::CloneExpr(*column.default_value);
  copy.auto_increment = column.auto_increment;
  copy.primary_key = column.primary_key;
  copy.unique = column.unique;
  for (const sql::CheckDefinition& check : column.checks) copy.checks.push_back(CopyCheck(check));
  copy.comment = column.comment;
  copy.charset = column.charset;
  copy.collation = column.collation;
  copy.loc = column.loc;
  return copy;
}

// The digits before and after the point of a number as DECIMAL shows it.
struct DecimalShape {
  uint32_t integer_digits = 0;
  uint32_t scale = 0;
};

DecimalShape ShapeOf(const Value& v) {
  DecimalShape shape;
  std::optional<Decimal> d;
  if (v.is_decimal()) d = v.decimal_value();
  else if (v.is_int()) d = Decimal::FromInt(v.int_value());
  else if (v.is_uint()) d = Decimal::FromUInt(v.uint_value());
  else if (v.is_double()) d = Decimal::FromDouble(v.double_value());
  if (!d.has_value()) return shape;
  shape.scale = static_cast<uint32_t>(d->scale());
  const int precision = d->Precision();
  shape.integer_digits = precision > d->scale() ? static_cast<uint32_t>(precision - d->scale()) : 0;
  return shape;
}

// Widens `column` so that every row's value of result column `i` fits: longer strings,
// more integer digits of a DECIMAL (the derived type's digits when known, else the rows'
// digits and scale), BIGINT for an INT that overflows, and nullable when a row is NULL.
void FitRows(const ResultSet& query, size_t i, bool length_known, sql::ColumnDefinition* column) {
  size_t longest = 0;
  DecimalShape widest;
  bool has_null = false;
  bool beyond_int = false;
  for (const std::vector<Value>& row : query.rows) {
    const Value& v = row[i];
    if (v.is_null()) {
      has_null = true;
      continue;
    }
    if (v.is_string()) longest = std::max(longest, Utf8CharCount(v.string_value()));
    const DecimalShape shape = ShapeOf(v);
    widest.integer_digits = std::max(widest.integer_digits, shape.integer_digits);
    widest.scale = std::max(widest.scale, shape.scale);
    const int64_t low = column->is_unsigned ? 0 : INT32_MIN;
    const int64_t high = column->is_unsigned ? int64_t{UINT32_MAX} : INT32_MAX;
    beyond_int = beyond_int || v.is_uint() ||
                 (v.is_int() && (v.int_value() > high || v.int_value() < low));
  }
  if (has_null && column->not_null) {
    column->not_null = false;  // an outer join's side, an aggregate of no rows
    column->default_value = nullptr;
  }
  switch (column->type) {
    case ColumnType::kChar:
    case ColumnType::kVarchar:
      if (!length_known) longest = std::max<size_t>(longest, kMinQueryVarcharLength);
      if (longest > column->length) {
        column->type = ColumnType::kVarchar;
        column->length = static_cast<uint32_t>(longest);
      }
      if (column->length > kMaxVarcharLength) column->type = ColumnType::kText;
      break;
    case ColumnType::kDecimal: {
      if (!length_known) column->scale = std::min<uint32_t>(widest.scale, Decimal::kMaxScale);
      const uint32_t integer_digits =
          std::max(length_known ? column->length - column->scale : 1u, widest.integer_digits);
      column->length = std::min<uint32_t>(integer_digits + column->scale, Decimal::kMaxPrecision);
      break;
    }
    case ColumnType::kInt:
      if (beyond_int) column->type = ColumnType::kBigInt;
      break;
    default: break;
  }
}

sql::ExprPtr LiteralExpr(Value value) {
  auto expr = std::make_unique<sql::Expr>();
  expr->kind = sql::ExprKind::kLiteral;
  expr->literal = std::move(value);
  return expr;
}

// The definition of result column `i` of `query` as a new table column: the type the
// planner derived (ResultColumn::derived), else one from the column's ColumnType, widened
// to fit the rows.
sql::ColumnDefinition QueryColumn(const ResultSet& query, size_t i) {
  const ResultColumn& result = query.columns[i];
  sql::ColumnDefinition column;
  column.display_name = result.name;
  column.name = absl::AsciiStrToLower(column.display_name);
  SqlType type;
  type.type = result.type == ColumnType::kBool ? ColumnType::kInt : result.type;
  if (type.type == ColumnType::kChar) type.type = ColumnType::kVarchar;
  if (result.derived.has_value()) {
    type = result.derived->type;
    column.not_null = !result.derived->nullable;
    if (result.derived->default_value.has_value()) {
      column.default_value = LiteralExpr(*result.derived->default_value);
    }
    column.default_now = result.derived->default_now;
  }
  column.type = type.type;
  column.length = type.length;
  column.scale = type.scale;
  column.is_unsigned = type.is_unsigned;
  column.zerofill = type.zerofill;
  column.elements = type.elements;
  const bool length_known = type.length > 0 || (type.type != ColumnType::kVarchar &&
                                                type.type != ColumnType::kDecimal);
  FitRows(query, i, length_known, &column);
  return column;
}

// The statement's declared columns and keys, plus the query's columns not declared.
absl::StatusOr<sql::CreateTable> WithQueryColumns(const sql::CreateTable& statement,
                                                  const ResultSet& query) {
  sql::CreateTable full;
  full.table = statement.table;
  full.if_not_exists = statement.if_not_exists;
  full.indexes = statement.indexes;
  full.options = statement.options;
  for (const sql::CheckDefinition& check : statement.checks) full.checks.push_back(CopyCheck(check));
  absl::flat_hash_set<std::string> declared;
  for (const sql::ColumnDefinition& column : statement.columns) {
    full.columns.push_back(CopyColumn(column));
    declared.insert(column.name);
  }
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < query.columns.size(); ++i) {
    sql::ColumnDefinition column = QueryColumn(query, i);
    if (!seen.insert(column.name).second) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDupFieldName,
                      absl::StrCat("Duplicate column name '", column.display_name, "'"));
    }
    if (!declared.contains(column.name)) full.columns.push_back(std::move(column));
  }
  return full;
}

}  // namespace

absl::StatusOr<ResultSet> CreateTableAsSelect(const sql::CreateTable& statement,
                                              DdlContext& ctx, exec::ExecContext& exec) {
  ORDINAL_ASSIGN_OR_RETURN(ResultSet query, exec::ExecuteQuery(*statement.as_select, exec));
  ORDINAL_ASSIGN_OR_RETURN(sql::CreateTable full, WithQueryColumns(statement, query));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::TableDef> def, CreateTableDef(full, ctx));
  if (!def.has_value()) return ResultSet{};  // IF NOT EXISTS and the table exists
  sql::Insert insert;
  insert.table = statement.table;
  insert.ignore = statement.as_select_ignore;
  insert.replace = statement.as_select_replace;
  for (const ResultColumn& column : query.columns) {
    insert.columns.push_back(absl::AsciiStrToLower(column.name));
  }
  const std::shared_ptr<const catalog::TableInfo> table = catalog::MakeTableInfo(*def);
  return exec::InsertQueryRows(insert, *table, query.rows, exec);
}

}  // namespace ordinal::engine::ddl
