#include "engine/catalog/catalog.h"

#include "engine/catalog/table_stats.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"

namespace ordinal::engine::catalog {
namespace {

absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string EncodeU64BigEndian(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return out;
}

absl::StatusOr<uint64_t> DecodeU64BigEndian(std::string_view bytes) {
  if (bytes.size() != 8) return absl::DataLossError("corrupt next_table_id record");
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

using TableMap = std::map<std::string, std::shared_ptr<const TableInfo>, std::less<>>;
using DatabaseMap = std::map<std::string, TableMap, std::less<>>;
using DatabaseDefMap = std::map<std::string, ordinal::v1::DatabaseDef, std::less<>>;

// Reads every database and table record visible to `txn`; the database records into
// `database_defs`.
absl::StatusOr<DatabaseMap> ReadAll(kv::Transaction& txn, DatabaseDefMap* database_defs) {
  DatabaseMap databases;
  {
    const std::string prefix = DatabasePrefix();
    std::unique_ptr<kv::Iterator> it = txn.NewIterator(prefix, "ce");
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ordinal::v1::DatabaseDef def;
      if (!def.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt catalog database record");
      }
      databases[def.name()];
      std::string name = def.name();
      (*database_defs)[std::move(name)] = std::move(def);
    }
    ORDINAL_RETURN_IF_ERROR(it->status());
  }
  std::vector<ordinal::v1::TableDef> defs;
  // (referenced database, referenced table) -> the foreign keys referencing it.
  std::map<std::pair<std::string, std::string>, std::vector<ReferencingKey>> references;
  std::unique_ptr<kv::Iterator> it = txn.NewIterator(AllTablesPrefix(), "cu");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ordinal::v1::TableDef def;
    if (!def.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError("corrupt catalog table record");
    }
    for (int i = 0; i < def.foreign_keys_size(); ++i) {
      const ordinal::v1::ForeignKeyDef& key = def.foreign_keys(i);
      references[{key.referenced_database(), key.referenced_table()}].push_back(
          {def.database(), def.name(), i});
    }
    defs.push_back(std::move(def));
  }
  ORDINAL_RETURN_IF_ERROR(it->status());
  for (ordinal::v1::TableDef& def : defs) {
    auto db = databases.find(def.database());
    if (db == databases.end()) continue;  // unreachable: DROP DATABASE removes its tables
    std::vector<ReferencingKey> referenced_by;
    auto refs = references.find({def.database(), def.name()});
    if (refs != references.end()) referenced_by = refs->second;
    std::string name = def.name();
    db->second[name] = MakeTableInfo(std::move(def), std::move(referenced_by));
  }
  return databases;
}

absl::Status UnknownDatabase(std::string_view database) {
  return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadDb,
                  absl::StrCat("Unknown database '", AbslView(database), "'"));
}

}  // namespace

// ---- TableInfo ----

int TableInfo::FindColumn(std::string_view name) const {
  for (int i = 0; i < def.columns_size(); ++i) {
    if (def.columns(i).name() == name) return i;
  }
  return -1;
}

int TableInfo::VisibleColumnCount() const {
  return def.columns_size() - (def.hidden_primary_key() ? 1 : 0);
}

const ordinal::v1::IndexDef* TableInfo::FindIndex(std::string_view name) const {
  for (const ordinal::v1::IndexDef& index : def.indexes()) {
    if (index.name() == name) return &index;
  }
  return nullptr;
}

std::vector<ColumnType> TableInfo::IndexKeyTypes(const ordinal::v1::IndexDef& index) const {
  std::vector<ColumnType> types;
  types.reserve(index.column_indexes_size());
  for (uint32_t column : index.column_indexes()) types.push_back(column_types.at(column));
  return types;
}

void TableInfo::TagCollations(std::vector<Value>* row) const {
  const size_t n = std::min(row->size(), value_collation_ids.size());
  for (size_t i = 0; i < n; ++i) {
    Value& v = (*row)[i];
    if (value_collation_ids[i] != 0 && v.is_string() && !v.is_json()) {
      v.set_collation(value_collation_ids[i], CollationDerivation::kImplicit);
    }
  }
}

std::string TableInfo::QualifiedName() const {
  return absl::StrCat(def.database(), ".", def.name());
}

std::shared_ptr<const TableInfo> MakeTableInfo(ordinal::v1::TableDef def,
                                               std::vector<ReferencingKey> referenced_by) {
  auto info = std::make_shared<TableInfo>();
  info->def = std::move(def);
  info->referenced_by = std::move(referenced_by);
  info->column_types.reserve(info->def.columns_size());
  info->sql_types.reserve(info->def.columns_size());
  for (const ordinal::v1::ColumnDef& column : info->def.columns()) {
    info->sql_types.push_back(ColumnSqlType(column));
    const ColumnType type = info->sql_types.back().type;
    info->column_types.push_back(type);
    const Collation* collation = ColumnCollation(column);
    info->key_collations.push_back(collation);
    uint16_t tag = 0;
    if (collation != nullptr) {
      tag = collation->id();
    } else if (IsBinaryType(type) || IsTemporalType(type)) {
      tag = kBinaryCollationId;
    }
    info->value_collation_ids.push_back(tag);
  }
  if (info->def.has_shadow()) info->shadow = MakeTableInfo(info->def.shadow().definition());
  return info;
}

// ---- Catalog ----

struct Catalog::Cache {
  // Serializes Reload so that a later reload (reading a later snapshot) always installs
  // last: a DDL's own Reload after its commit therefore never loses to an older one.
  absl::Mutex reload_mu;
  mutable absl::Mutex mu;
  DatabaseMap databases ABSL_GUARDED_BY(mu);
  DatabaseDefMap database_defs ABSL_GUARDED_BY(mu);
};

Catalog::Catalog(kv::Store& store)
    : store_(store),
      cache_(std::make_unique<Cache>()),
      statistics_(std::make_unique<TableStatistics>(store)) {}

Catalog::~Catalog() = default;

absl::Status Catalog::Reload() {
  absl::MutexLock reload_lock(&cache_->reload_mu);
  std::unique_ptr<kv::Transaction> txn = store_.BeginTransaction();
  DatabaseDefMap defs;
  ORDINAL_ASSIGN_OR_RETURN(DatabaseMap databases, ReadAll(*txn, &defs));
  txn->Rollback();
  absl::MutexLock lock(&cache_->mu);
  cache_->databases = std::move(databases);
  cache_->database_defs = std::move(defs);
  return absl::OkStatus();
}

bool Catalog::DatabaseExists(std::string_view name) const {
  absl::ReaderMutexLock lock(&cache_->mu);
  return cache_->databases.find(name) != cache_->databases.end();
}

std::optional<ordinal::v1::DatabaseDef> Catalog::GetDatabase(std::string_view name) const {
  absl::ReaderMutexLock lock(&cache_->mu);
  auto it = cache_->database_defs.find(name);
  if (it == cache_->database_defs.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Catalog::ListDatabases() const {
  absl::ReaderMutexLock lock(&cache_->mu);
  std::vector<std::string> names;
  names.reserve(cache_->databases.size());
  for (const auto& [name, tables] : cache_->databases) names.push_back(name);
  return names;
}

absl::StatusOr<std::vector<std::string>> Catalog::ListTables(std::string_view database) const {
  absl::ReaderMutexLock lock(&cache_->mu);
  auto db = cache_->databases.find(database);
  if (db == cache_->databases.end()) return UnknownDatabase(database);
  std::vector<std::string> names;
  names.reserve(db->second.size());
  for (const auto& [name, info] : db->second) names.push_back(name);
  return names;
}

absl::StatusOr<std::shared_ptr<const TableInfo>> Catalog::GetTable(
    std::string_view database, std::string_view table) const {
  {
    absl::ReaderMutexLock lock(&cache_->mu);
    auto db = cache_->databases.find(database);
    if (db != cache_->databases.end()) {
      auto it = db->second.find(table);
      if (it != db->second.end()) return it->second;
    }
  }
  return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kNoSuchTable,
                  absl::StrCat("Table '", AbslView(database), ".", AbslView(table),
                               "' doesn't exist"));
}

absl::Status Catalog::PutDatabase(kv::Transaction& txn, const ordinal::v1::DatabaseDef& def) {
  return txn.Put(DatabaseKey(def.name()), def.SerializeAsString());
}

absl::Status Catalog::DeleteDatabase(kv::Transaction& txn, std::string_view name) {
  return txn.Delete(DatabaseKey(name));
}

absl::StatusOr<uint64_t> Catalog::AllocateTableId(kv::Transaction& txn) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                           txn.GetForUpdate(NextTableIdKey()));
  uint64_t id = 1;
  if (stored.has_value()) {
    ORDINAL_ASSIGN_OR_RETURN(id, DecodeU64BigEndian(*stored));
  }
  ORDINAL_RETURN_IF_ERROR(txn.Put(NextTableIdKey(), EncodeU64BigEndian(id + 1)));
  return id;
}

absl::Status Catalog::PutTable(kv::Transaction& txn, const ordinal::v1::TableDef& def) {
  return txn.Put(TableKey(def.database(), def.name()), def.SerializeAsString());
}

absl::Status Catalog::DeleteTable(kv::Transaction& txn, std::string_view database,
                                  std::string_view table) {
  return txn.Delete(TableKey(database, table));
}

}  // namespace ordinal::engine::catalog
