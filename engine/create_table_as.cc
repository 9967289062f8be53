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
#include "engine/plan/binder.h"
#include "engine/table_def_builder.h"

namespace ordinal::engine::ddl {
namespace {

constexpr uint32_t kMinQueryVarcharLength = 255;

size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

sql::ColumnDefinition CopyColumn(const sql::ColumnDefinition& column) {
  sql::ColumnDefinition copy;
  copy.name = column.name;
  copy.display_name = column.display_name;
  copy.type = column.type;
  copy.length = column.length;
  copy.not_null = column.not_null;
  copy.explicit_null = column.explicit_null;
  if (column.default_value) copy.default_value = plan::CloneExpr(*column.default_value);
  copy.auto_increment = column.auto_increment;
  copy.primary_key = column.primary_key;
  copy.unique = column.unique;
  copy.loc = column.loc;
  return copy;
}

// The definition of result column `i` of `query` as a new table column.
sql::ColumnDefinition QueryColumn(const ResultSet& query, size_t i) {
  sql::ColumnDefinition column;
  column.display_name = query.columns[i].name;
  column.name = absl::AsciiStrToLower(column.display_name);
  column.type = query.columns[i].type;
  if (column.type == ColumnType::kBool) column.type = ColumnType::kInt;
  if (column.type == ColumnType::kChar || column.type == ColumnType::kVarchar) {
    size_t longest = 0;
    for (const std::vector<Value>& row : query.rows) {
      if (row[i].is_string()) longest = std::max(longest, Utf8Length(row[i].string_value()));
    }
    column.type = ColumnType::kVarchar;
    column.length = static_cast<uint32_t>(std::max<size_t>(longest, kMinQueryVarcharLength));
    if (column.length > kMaxVarcharLength) column.type = ColumnType::kText;
  }
  return column;
}

// The statement's declared columns and keys, plus the query's columns not declared.
absl::StatusOr<sql::CreateTable> WithQueryColumns(const sql::CreateTable& statement,
                                                  const ResultSet& query) {
  sql::CreateTable full;
  full.table = statement.table;
  full.if_not_exists = statement.if_not_exists;
  full.indexes = statement.indexes;
  for (const sql::CheckDefinition& check : statement.checks) {
    sql::CheckDefinition copy;
    copy.name = check.name;
    copy.column = check.column;
    copy.expr = plan::CloneExpr(*check.expr);
    copy.enforced = check.enforced;
    copy.loc = check.loc;
    full.checks.push_back(std::move(copy));
  }
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
