// The catalog's stored records (see catalog.h for the layout) and their conversions to and
// from the engine's own types. DDL uses these to read catalog records inside its own
// transaction, so that existence checks are validated at commit like any other read.
#ifndef ORDINAL_ENGINE_CATALOG_CATALOG_RECORDS_H_
#define ORDINAL_ENGINE_CATALOG_CATALOG_RECORDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/kv/store.h"
#include "engine/types/collation.h"
#include "engine/types/value.h"
#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::catalog {

// 'c' 'd' name
std::string DatabaseKey(std::string_view database);
// 'c' 'd': the prefix of every database record.
std::string DatabasePrefix();
// 'c' 't' database '\0' table
std::string TableKey(std::string_view database, std::string_view table);
// 'c' 't' database '\0': the prefix of every table record of one database.
std::string TablePrefixOf(std::string_view database);
// 'c' 't': the prefix of every table record.
std::string AllTablesPrefix();
// 'm' "next_table_id"
std::string NextTableIdKey();

// Reads the records through `txn` with GetForUpdate, so a concurrent change to them makes
// the transaction's commit fail with ABORTED. Corrupt records are DATA_LOSS.
absl::StatusOr<std::optional<ordinal::v1::DatabaseDef>> ReadDatabaseForUpdate(
    kv::Transaction& txn, std::string_view database);
absl::StatusOr<std::optional<ordinal::v1::TableDef>> ReadTableForUpdate(
    kv::Transaction& txn, std::string_view database, std::string_view table);
// Every table record of `database`, in name order, as seen by `txn`.
absl::StatusOr<std::vector<ordinal::v1::TableDef>> ReadTables(kv::Transaction& txn,
                                                              std::string_view database);

// Conversions between the wire/storage enums and values and the engine's types.
// ColumnTypeFromProto reads the coarse type of records written before SqlType existed
// (COLUMN_TYPE_INT is BIGINT); ColumnTypeToProto gives the nearest coarse type.
ColumnType ColumnTypeFromProto(ordinal::v1::ColumnType type);
ordinal::v1::ColumnType ColumnTypeToProto(ColumnType type);

// A column's full type from its record (older records: from the coarse type and length).
SqlType ColumnSqlType(const ordinal::v1::ColumnDef& column);
// Writes `type` into a column record: sql_type and its details, and the coarse type.
void SetColumnSqlType(const SqlType& type, ordinal::v1::ColumnDef* column);
Value ValueFromProto(const ordinal::v1::Value& value);
ordinal::v1::Value ValueToProto(const Value& value);

// The collation of a character column (CHAR, VARCHAR, TEXTs): its recorded one, or
// utf8mb4_0900_bin (bytes, NO PAD: what it was) for a column recorded before collations existed; nullptr for other types,
// whose keys and comparisons are bytewise (docs/collations.md).
const Collation* ColumnCollation(const ordinal::v1::ColumnDef& column);

// A table's default collation: TableOptions.collation, else utf8mb4_0900_ai_ci.
const Collation& TableDefaultCollation(const ordinal::v1::TableDef& table);
// A database's default collation: DatabaseDef.collation, else (a record written before
// it was kept) utf8mb4_0900_ai_ci.
const Collation& DatabaseDefaultCollation(const ordinal::v1::DatabaseDef& database);

// The default of column `column` as an engine value (NULL when it has none).
Value ColumnDefault(const ordinal::v1::ColumnDef& column);

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_CATALOG_RECORDS_H_
