// DDL on databases and tables, run inside a transaction the session owns. Existence checks
// read the catalog records through that transaction (GetForUpdate), so two sessions racing
// on the same name conflict at commit instead of overwriting each other. The caller commits,
// then reloads the catalog and deletes the data of dropped tables (`dropped_table_ids`).
//
// Errors are MySQL's: 1007/1008 database exists / does not, 1046 no database selected,
// 1049 unknown database, 1050 table exists, 1051 unknown table, and the CREATE TABLE
// validations of table_def_builder.h.
#ifndef ORDINAL_ENGINE_DDL_H_
#define ORDINAL_ENGINE_DDL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/database.h"
#include "engine/kv/store.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::ddl {

struct DdlContext {
  kv::Transaction& txn;
  catalog::Catalog& catalog;
  std::string current_database;
  // Filled by DROP statements: tables whose rows the caller deletes after the commit.
  std::vector<uint64_t> dropped_table_ids;
};

absl::StatusOr<ResultSet> CreateDatabase(const sql::CreateDatabase& statement, DdlContext& ctx);
absl::StatusOr<ResultSet> DropDatabase(const sql::DropDatabase& statement, DdlContext& ctx);
// ALTER DATABASE [db] CHARACTER SET x COLLATE y: the database's default for tables created
// later (1046 without a database, 1049 when it does not exist; 1115/1273/1253 as CREATE).
absl::StatusOr<ResultSet> AlterDatabase(const sql::AlterDatabase& statement, DdlContext& ctx);
// CREATE TABLE t (...) and CREATE TABLE t LIKE other (an empty copy of other's columns and
// indexes). CREATE TABLE ... SELECT is CreateTableAsSelect (create_table_as.h).
absl::StatusOr<ResultSet> CreateTable(const sql::CreateTable& statement, DdlContext& ctx);
// As CreateTable, returning the stored definition; nullopt when the table existed and the
// statement says IF NOT EXISTS. `statement.as_select` is ignored.
absl::StatusOr<std::optional<ordinal::v1::TableDef>> CreateTableDef(
    const sql::CreateTable& statement, DdlContext& ctx);
absl::StatusOr<ResultSet> DropTable(const sql::DropTable& statement, DdlContext& ctx);
// TRUNCATE TABLE: the table keeps its definition under a new id (the old rows are the
// caller's to delete, through dropped_table_ids) and its AUTO_INCREMENT starts over.
absl::StatusOr<ResultSet> TruncateTable(const sql::TruncateTable& statement, DdlContext& ctx);
// RENAME TABLE a TO b, ...: in order, within one transaction; 1146 when a source is
// missing, 1050 when a target exists. Rows stay where they are (keys carry the table id).
absl::StatusOr<ResultSet> RenameTable(const sql::RenameTable& statement, DdlContext& ctx);

// The stored definition of an existing table, read for update; 1146 when it is missing,
// 1205 when an ALTER TABLE is rebuilding it (docs/alter-table.md).
absl::StatusOr<ordinal::v1::TableDef> ReadExistingTable(const sql::TableName& name,
                                                        DdlContext& ctx);

// The database a table name refers to: its own qualifier, else the session's current
// database; 1046 "No database selected" when neither is set.
absl::StatusOr<std::string> ResolveDatabase(const sql::TableName& name,
                                            std::string_view current_database);

}  // namespace ordinal::engine::ddl

#endif  // ORDINAL_ENGINE_DDL_H_
