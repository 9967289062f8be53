#include "engine/ddl.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/check_constraint_ddl.h"
#include "engine/foreign_key_ddl.h"
#include "engine/table_def_builder.h"

namespace ordinal::engine::ddl {
namespace {

// Fails with NOT_FOUND 1049 unless `database` exists in the transaction's view.
absl::Status CheckDatabaseExists(kv::Transaction& txn, const std::string& database) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::DatabaseDef> def,
                           catalog::ReadDatabaseForUpdate(txn, database));
  if (!def.has_value()) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadDb,
                    absl::StrCat("Unknown database '", database, "'"));
  }
  return absl::OkStatus();
}

// DDL on a table that an ALTER TABLE is rebuilding waits for it in MySQL (a metadata lock);
// here it fails at once, with the error of a lock wait that timed out.
absl::Status CheckNotBeingAltered(const ordinal::v1::TableDef& def) {
  if (!def.has_shadow()) return absl::OkStatus();
  return SqlError(absl::StatusCode::kAborted, MysqlErrno::kLockWaitTimeout,
                  absl::StrCat("Lock wait timeout exceeded; table '", def.database(), ".",
                               def.name(), "' is being altered"));
}

}  // namespace

absl::StatusOr<ordinal::v1::TableDef> ReadExistingTable(const sql::TableName& name,
                                                        DdlContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(std::string database, ResolveDatabase(name, ctx.current_database));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::TableDef> def,
                           catalog::ReadTableForUpdate(ctx.txn, database, name.table));
  if (!def.has_value() || !def->view_definition().empty()) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kNoSuchTable,
                    absl::StrCat("Table '", database, ".", name.table, "' doesn't exist"));
  }
  ORDINAL_RETURN_IF_ERROR(CheckNotBeingAltered(*def));
  return *std::move(def);
}

absl::StatusOr<std::string> ResolveDatabase(const sql::TableName& name,
                                            std::string_view current_database) {
  if (!name.database.empty()) return name.database;
  if (current_database.empty()) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kNoDb,
                    "No database selected");
  }
  return std::string(current_database);
}

absl::StatusOr<ResultSet> CreateDatabase(const sql::CreateDatabase& statement,
                                         DdlContext& ctx) {
  ORDINAL_RETURN_IF_ERROR(CheckIdentifier(statement.name));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::DatabaseDef> existing,
                           catalog::ReadDatabaseForUpdate(ctx.txn, statement.name));
  ResultSet result;
  if (existing.has_value()) {
    if (statement.if_not_exists) return result;
    return SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kDbCreateExists,
                    absl::StrCat("Can't create database '", statement.name,
                                 "'; database exists"));
  }
  ORDINAL_ASSIGN_OR_RETURN(const Collation* collation,
                           ResolveCollation(statement.charset, statement.collation,
                                            DefaultCollation()));
  ordinal::v1::DatabaseDef def;
  def.set_name(statement.name);
  def.set_charset(collation->charset());
  def.set_collation(collation->name());
  ORDINAL_RETURN_IF_ERROR(ctx.catalog.PutDatabase(ctx.txn, def));
  result.rows_affected = 1;
  return result;
}

absl::StatusOr<ResultSet> AlterDatabase(const sql::AlterDatabase& statement, DdlContext& ctx) {
  const std::string name =
      statement.name.empty() ? ctx.current_database : statement.name;
  if (name.empty()) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kNoDb,
                    "No database selected");
  }
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::DatabaseDef> def,
                           catalog::ReadDatabaseForUpdate(ctx.txn, name));
  if (!def.has_value()) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadDb,
                    absl::StrCat("Unknown database '", name, "'"));
  }
  ORDINAL_ASSIGN_OR_RETURN(const Collation* collation,
                           ResolveCollation(statement.charset, statement.collation,
                                            catalog::DatabaseDefaultCollation(*def)));
  def->set_charset(collation->charset());
  def->set_collation(collation->name());
  ORDINAL_RETURN_IF_ERROR(ctx.catalog.PutDatabase(ctx.txn, *def));
  ResultSet result;
  result.rows_affected = 1;
  return result;
}

absl::StatusOr<ResultSet> DropDatabase(const sql::DropDatabase& statement, DdlContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::DatabaseDef> existing,
                           catalog::ReadDatabaseForUpdate(ctx.txn, statement.name));
  ResultSet result;
  if (!existing.has_value()) {
    if (statement.if_exists) return result;
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kDbDropExists,
                    absl::StrCat("Can't drop database '", statement.name,
                                 "'; database doesn't exist"));
  }
  ORDINAL_ASSIGN_OR_RETURN(std::vector<ordinal::v1::TableDef> tables,
                           catalog::ReadTables(ctx.txn, statement.name));
  for (const ordinal::v1::TableDef& table : tables) {
    ORDINAL_RETURN_IF_ERROR(CheckNotBeingAltered(table));
    ORDINAL_RETURN_IF_ERROR(ctx.catalog.DeleteTable(ctx.txn, table.database(), table.name()));
    ctx.dropped_table_ids.push_back(table.id());
  }
  ORDINAL_RETURN_IF_ERROR(ctx.catalog.DeleteDatabase(ctx.txn, statement.name));
  result.rows_affected = tables.size();  // MySQL reports the number of tables dropped
  return result;
}

absl::StatusOr<std::optional<ordinal::v1::TableDef>> CreateTableDef(
    const sql::CreateTable& statement, DdlContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(std::string database,
                           ResolveDatabase(statement.table, ctx.current_database));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::DatabaseDef> database_def,
                           catalog::ReadDatabaseForUpdate(ctx.txn, database));
  if (!database_def.has_value()) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadDb,
                    absl::StrCat("Unknown database '", database, "'"));
  }
  ORDINAL_ASSIGN_OR_RETURN(
      std::optional<ordinal::v1::TableDef> existing,
      catalog::ReadTableForUpdate(ctx.txn, database, statement.table.table));
  if (existing.has_value()) {
    if (statement.if_not_exists) return std::optional<ordinal::v1::TableDef>();
    return SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kTableExists,
                    absl::StrCat("Table '", statement.table.table, "' already exists"));
  }
  ordinal::v1::TableDef def;
  if (statement.like.has_value()) {
    ORDINAL_ASSIGN_OR_RETURN(def, ReadExistingTable(*statement.like, ctx));
    def.set_database(database);
    def.set_name(statement.table.table);
    def.clear_foreign_keys();  // as MySQL: LIKE copies the indexes, not the foreign keys
    def.clear_checks();        // check names are unique in the database (see docs)
  } else {
    ORDINAL_ASSIGN_OR_RETURN(
        def, BuildTableDef(statement, database,
                           catalog::DatabaseDefaultCollation(*database_def)));
    ORDINAL_RETURN_IF_ERROR(AddChecks(statement.checks, def).status());
    ORDINAL_RETURN_IF_ERROR(CheckCheckNamesUnique(ctx.txn, def));
    ORDINAL_RETURN_IF_ERROR(AddForeignKeys(statement.foreign_keys, def, ctx));
  }
  ORDINAL_ASSIGN_OR_RETURN(uint64_t id, ctx.catalog.AllocateTableId(ctx.txn));
  def.set_id(id);
  def.set_create_time_us(absl::ToUnixMicros(absl::Now()));
  ORDINAL_RETURN_IF_ERROR(ctx.catalog.PutTable(ctx.txn, def));
  return std::optional<ordinal::v1::TableDef>(std::move(def));
}

absl::StatusOr<ResultSet> CreateTable(const sql::CreateTable& statement, DdlContext& ctx) {
  ORDINAL_RETURN_IF_ERROR(CreateTableDef(statement, ctx).status());
  return ResultSet{};
}

absl::StatusOr<ResultSet> TruncateTable(const sql::TruncateTable& statement, DdlContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(ordinal::v1::TableDef def, ReadExistingTable(statement.table, ctx));
  ORDINAL_RETURN_IF_ERROR(CheckTruncateReferenced(ctx.catalog, def));
  // Like MySQL, TRUNCATE recreates the table: a new id (so the old rows are deleted as a
  // range after the commit) and a fresh AUTO_INCREMENT counter.
  ctx.dropped_table_ids.push_back(def.id());
  def.mutable_options()->clear_auto_increment();
  ORDINAL_ASSIGN_OR_RETURN(uint64_t id, ctx.catalog.AllocateTableId(ctx.txn));
  def.set_id(id);
  ORDINAL_RETURN_IF_ERROR(ctx.catalog.PutTable(ctx.txn, def));
  return ResultSet{};
}

absl::StatusOr<ResultSet> RenameTable(const sql::RenameTable& statement, DdlContext& ctx) {
  for (const auto& [from, to] : statement.renames) {
    ORDINAL_ASSIGN_OR_RETURN(ordinal::v1::TableDef def, ReadExistingTable(from, ctx));
    ORDINAL_ASSIGN_OR_RETURN(std::string database, ResolveDatabase(to, ctx.current_database));
    ORDINAL_RETURN_IF_ERROR(CheckIdentifier(to.table));
    ORDINAL_RETURN_IF_ERROR(CheckDatabaseExists(ctx.txn, database));
    ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::TableDef> existing,
                             catalog::ReadTableForUpdate(ctx.txn, database, to.table));
    if (existing.has_value()) {
      return SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kTableExists,
                      absl::StrCat("Table '", to.table, "' already exists"));
    }
    ORDINAL_RETURN_IF_ERROR(ctx.catalog.DeleteTable(ctx.txn, def.database(), def.name()));
    const std::string old_database = def.database();
    const std::string old_name = def.name();
    def.set_database(database);
    def.set_name(to.table);
    ORDINAL_RETURN_IF_ERROR(RetargetReferences(ctx, old_database, old_name, def));
    ORDINAL_RETURN_IF_ERROR(ctx.catalog.PutTable(ctx.txn, def));
  }
  return ResultSet{};
}

absl::StatusOr<ResultSet> DropTable(const sql::DropTable& statement, DdlContext& ctx) {
  // MySQL drops nothing when any named table is missing (without IF EXISTS), and names all
  // the missing ones in one error.
  std::vector<std::string> missing;
  std::vector<ordinal::v1::TableDef> found;
  for (const sql::TableName& name : statement.tables) {
    ORDINAL_ASSIGN_OR_RETURN(std::string database,
                             ResolveDatabase(name, ctx.current_database));
    ORDINAL_ASSIGN_OR_RETURN(std::optional<ordinal::v1::TableDef> def,
                             catalog::ReadTableForUpdate(ctx.txn, database, name.table));
    if (def.has_value() && def->view_definition().empty()) {  // DROP TABLE skips views
      ORDINAL_RETURN_IF_ERROR(CheckNotBeingAltered(*def));
      found.push_back(std::move(*def));
    } else {
      missing.push_back(absl::StrCat(database, ".", name.table));
    }
  }
  if (!missing.empty() && !statement.if_exists) {
    return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadTable,
                    absl::StrCat("Unknown table '", absl::StrJoin(missing, ","), "'"));
  }
  for (const ordinal::v1::TableDef& def : found) {
    ORDINAL_RETURN_IF_ERROR(CheckDropReferenced(ctx.catalog, def, found));
  }
  for (const ordinal::v1::TableDef& def : found) {
    ORDINAL_RETURN_IF_ERROR(ctx.catalog.DeleteTable(ctx.txn, def.database(), def.name()));
    ctx.dropped_table_ids.push_back(def.id());
  }
  return ResultSet{};
}

}  // namespace ordinal::engine::ddl
