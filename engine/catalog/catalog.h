// The catalog: databases and table definitions, stored in RocksDB under 'c' keys (so DDL
// replicates like any write) and cached in memory for lookups.
//
// Records (docs/key-encoding.md):
//   'c' 'd' name                    -> DatabaseDef
//   'c' 't' database '\0' table     -> TableDef
//   'm' "next_table_id"             -> u64be, the next table id to hand out
//
// Thread safety: lookups are thread-safe and cheap (a shared_ptr to an immutable TableInfo).
// DDL writes go through a caller's Transaction; after that transaction commits, the caller
// calls Reload() so every session sees the change.
#ifndef ORDINAL_ENGINE_CATALOG_CATALOG_H_
#define ORDINAL_ENGINE_CATALOG_CATALOG_H_

#include <memory>
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

// A foreign key that references a table: which table declares it (the child) and its
// position in that table's def.foreign_keys.
struct ReferencingKey {
  std::string database;
  std::string table;
  int foreign_key = 0;
};

class TableStatistics;  // table_stats.h

// An immutable, derived view of one TableDef.
struct TableInfo {
  ordinal::v1::TableDef def;
  std::vector<ColumnType> column_types;  // one per def.columns()
  std::vector<SqlType> sql_types;        // one per def.columns(): the full declared types
  // One per def.columns(): a character column's collation (ColumnCollation), which its
  // keys are encoded with; nullptr for other columns (bytewise keys).
  std::vector<const Collation*> key_collations;
  // One per def.columns(): the collation id a read value carries (Value::collation_id):
  // a character column's own, binary for binary strings and temporal text, 0 otherwise.
  std::vector<uint16_t> value_collation_ids;
  // While an ALTER TABLE rebuilds the table (def.shadow()): the shadow table's view, which
  // every write to this table also maintains (engine/exec/row_writer.h). nullptr otherwise.
  std::shared_ptr<const TableInfo> shadow;
  // The foreign keys of every table (this one included) that reference this table, in
  // (database, table, key) order; derived from the children's records when the catalog loads.
  std::vector<ReferencingKey> referenced_by;

  // Index of the column named `name` (lowercase), or -1. The hidden row id column of a
  // table without a primary key is found only by its own name "_rowid".
  int FindColumn(std::string_view name) const;
  // The number of user-visible columns (all but a hidden row id).
  int VisibleColumnCount() const;
  // The secondary index named `name`, or nullptr.
  const ordinal::v1::IndexDef* FindIndex(std::string_view name) const;
  // Column types of an index's key columns, in key order.
  std::vector<ColumnType> IndexKeyTypes(const ordinal::v1::IndexDef& index) const;
  // Gives each string value of a decoded row its column's collation (implicit derivation).
  void TagCollations(std::vector<Value>* row) const;
  // "db.table", for messages.
  std::string QualifiedName() const;
};

// A column's name as declared (ColumnDef.display_name, else its lowercase name).
inline const std::string& ColumnDisplayName(const ordinal::v1::ColumnDef& column) {
  return column.display_name().empty() ? column.name() : column.display_name();
}

// Builds a TableInfo from a definition; `referenced_by` as TableInfo::referenced_by.
std::shared_ptr<const TableInfo> MakeTableInfo(ordinal::v1::TableDef def,
                                               std::vector<ReferencingKey> referenced_by = {});

class Catalog {
 public:
  explicit Catalog(kv::Store& store);
  ~Catalog();

  // (Re)reads every catalog record from the store into the cache.
  absl::Status Reload();

  // ---- lookups (from the cache) ----
  bool DatabaseExists(std::string_view name) const;
  // The database's record (its default character set and collation), or nullopt.
  std::optional<ordinal::v1::DatabaseDef> GetDatabase(std::string_view name) const;
  std::vector<std::string> ListDatabases() const;  // sorted
  // NOT_FOUND errno 1049 when the database does not exist.
  absl::StatusOr<std::vector<std::string>> ListTables(std::string_view database) const;
  // NOT_FOUND errno 1146 "Table 'db.t' doesn't exist".
  absl::StatusOr<std::shared_ptr<const TableInfo>> GetTable(std::string_view database,
                                                            std::string_view table) const;

  // The planner's statistics of this store's tables (table_stats.h).
  TableStatistics& statistics() const { return *statistics_; }

  // ---- writes (through a transaction; Reload() after it commits) ----
  absl::Status PutDatabase(kv::Transaction& txn, const ordinal::v1::DatabaseDef& def);
  absl::Status DeleteDatabase(kv::Transaction& txn, std::string_view name);
  // Hands out a new table id (reads and bumps the counter with GetForUpdate).
  absl::StatusOr<uint64_t> AllocateTableId(kv::Transaction& txn);
  absl::Status PutTable(kv::Transaction& txn, const ordinal::v1::TableDef& def);
  absl::Status DeleteTable(kv::Transaction& txn, std::string_view database,
                           std::string_view table);

 private:
  struct Cache;
  kv::Store& store_;
  std::unique_ptr<Cache> cache_;
  std::unique_ptr<TableStatistics> statistics_;
};

}  // namespace ordinal::engine::catalog

#endif  // ORDINAL_ENGINE_CATALOG_CATALOG_H_
