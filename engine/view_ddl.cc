#include "engine/view_ddl.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/table_def_builder.h"

namespace ordinal::engine::ddl {
namespace {

constexpr MysqlErrno kWrongObject = static_cast<MysqlErrno>(1347);
constexpr MysqlErrno kColumnListCount = static_cast<MysqlErrno>(1353);

absl::Status NotAView(const std::string& database, const std::string& name) {
  return SqlError(absl::StatusCode::kInvalidArgument, kWrongObject,
                  absl::StrCat("'", database, ".", name, "' is not VIEW"));
}

bool IsView(const ordinal::v1::TableDef& def) { return !def.view_definition().empty(); }

// The view's columns: its column list, else the query's result column names.
absl::StatusOr<std::vector<ordinal::v1::ColumnDef>> ViewColumns(
    const sql::CreateView& statement, const std::vector<ResultColumn>& result) {
  if (!statement.columns.empty() && statement.columns.size() != result.size()) {
    return SqlError(absl::StatusCode::kInvalidArgument, kColumnListCount,
                    "In definition of view, derived table or common table expression, "
                    "SELECT list and column names list have different column counts");
  }
  std::vector<ordinal::v1::ColumnDef> columns;
  absl::flat_hash_set<std::string> names;
  for (size_t i = 0; i < result.size(); ++i) {
    ordinal::v1::ColumnDef column;
    const std::string name = statement.columns.empty()
                                 ? absl::AsciiStrToLower(result[i].name)
                                 : statement.columns[i];
    ORDINAL_RETURN_IF_ERROR(CheckIdentifier(name));
    if (!names.insert(name).second) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDupFieldName,
                      absl::StrCat("Duplicate column name '", name, "'"));
    }
    column.set_name(name);
    column.set_type(catalog::ColumnTypeToProto(result[i].type));
    column.set_nullable(true);
    columns.push_back(std::move(column));
  }
  return columns;
}

}  // namespace

absl::StatusOr<ResultSet> CreateView(const sql::CreateView& statement, DdlContext& ctx,
                                     exec::ExecContext& exec) {
  ORDINAL_ASSIGN_OR_RETURN(std::string database,
                           ResolveDatabase(statement.view, ctx.current_database));
  ORDINAL_RETURN_IF_ERROR(CheckIdentifier(statement.view.table));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::TableDef> existing,
                           catalog::ReadTableForUpdate(ctx.txn, database, statement.view.table));
  if (existing.has_value()) {
    if (!statement.or_replace) {
      return SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kTableExists,
                      absl::StrCat("Table '", statement.view.table, "' already exists"));
    }
    if (!IsView(*existing)) return NotAView(database, statement.view.table);
  }
  ORDINAL_ASSIGN_OR_RETURN(std::vector<ResultColumn> result,
                           exec::DescribeQuery(*statement.query, exec));
  ORDINAL_ASSIGN_OR_RETURN(std::vector<ordinal::v1::ColumnDef> columns,
                           ViewColumns(statement, result));
  ordinal::v1::TableDef def;
  def.set_database(database);
  def.set_name(statement.view.table);
  if (existing.has_value()) {
    def.set_id(existing->id());
  } else {
    ORDINAL_ASSIGN_OR_RETURN(uint64_t id, ctx.catalog.AllocateTableId(ctx.txn));
    def.set_id(id);
  }
  for (ordinal::v1::ColumnDef& column : columns) *def.add_columns() = std::move(column);
  def.set_view_definition(statement.definition);
  ORDINAL_RETURN_IF_ERROR(ctx.catalog.PutTable(ctx.txn, def));
  return ResultSet{};
}

absl::StatusOr<ResultSet> DropView(const sql::DropView& statement, DdlContext& ctx) {
  std::vector<std::string> missing;
  std::vector<ordinal::v1::TableDef> found;
  for (const sql::TableName& name : statement.views) {
    ORDINAL_ASSIGN_OR_RETURN(std::string database, ResolveDatabase(name, ctx.current_database));
    ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::TableDef> def,
                             catalog::ReadTableForUpdate(ctx.txn, database, name.table));
    if (!def.has_value()) {
      missing.push_back(absl::StrCat(database, ".", name.table));
    } else if (!IsView(*def)) {
      return NotAView(database, name.table);
    } else {
      found.push_back(std::move(*def));
    }
  }
  if (!missing.empty() && !statement.if_exists) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadTable,
                    absl::StrCat("Unknown table '", absl::StrJoin(missing, ","), "'"));
  }
  for (const ordinal::v1::TableDef& def : found) {
    ORDINAL_RETURN_IF_ERROR(ctx.catalog.DeleteTable(ctx.txn, def.database(), def.name()));
  }
  return ResultSet{};
}

absl::StatusOr<ResultSet> ShowCreateView(const sql::ShowCreateView& statement,
                                         const catalog::Catalog& catalog,
                                         std::string_view current_database) {
  ORDINAL_ASSIGN_OR_RETURN(std::string database,
                           ResolveDatabase(statement.view, current_database));
  ORDINAL_ASSIGN_OR_RETURN(auto table, catalog.GetTable(database, statement.view.table));
  if (!IsView(table->def)) return NotAView(database, statement.view.table);
  std::vector<std::string> columns;
  for (const ordinal::v1::ColumnDef& column : table->def.columns()) {
    columns.push_back(absl::StrCat("`", column.name(), "`"));
  }
  ResultSet result;
  result.has_rows = true;
  result.columns = {{"View", ColumnType::kVarchar},
                    {"Create View", ColumnType::kVarchar},
                    {"character_set_client", ColumnType::kVarchar},
                    {"collation_connection", ColumnType::kVarchar}};
  result.rows.push_back(
      {Value::String(table->def.name()),
       Value::String(absl::StrCat("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL "
                                  "SECURITY DEFINER VIEW `",
                                  table->def.name(), "` (", absl::StrJoin(columns, ","),
                                  ") AS ", table->def.view_definition())),
       Value::String("utf8mb4"), Value::String("utf8mb4_bin")});
  return result;
}

}  // namespace ordinal::engine::ddl
