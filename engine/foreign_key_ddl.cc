#include "engine/foreign_key_ddl.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/catalog/foreign_key_defs.h"
#include "engine/exec/foreign_keys.h"
#include "engine/table_def_builder.h"

namespace ordinal::engine::ddl {
namespace {

using ordinal::v1::ForeignKeyDef;
using ordinal::v1::TableDef;

absl::Status Error(absl::StatusCode code, MysqlErrno errno_, std::string message) {
  return SqlError(code, errno_, message);
}

ordinal::v1::ForeignKeyAction ActionRecord(sql::ForeignKeyAction action) {
  switch (action) {
    case sql::ForeignKeyAction::kRestrict: return ordinal::v1::FK_ACTION_RESTRICT;
    case sql::ForeignKeyAction::kCascade: return ordinal::v1::FK_ACTION_CASCADE;
    case sql::ForeignKeyAction::kSetNull: return ordinal::v1::FK_ACTION_SET_NULL;
    case sql::ForeignKeyAction::kNoAction: return ordinal::v1::FK_ACTION_NO_ACTION;
    default: return ordinal::v1::FK_ACTION_UNSPECIFIED;
  }
}

std::string GeneratedPrefix(const std::string& table) { return absl::StrCat(table, "_ibfk_"); }

// n of a name <table>_ibfk_<n>, or 0.
int GeneratedNumber(const std::string& table, const std::string& name) {
  const std::string prefix = GeneratedPrefix(table);
  int n = 0;
  if (!absl::StartsWith(name, prefix) ||
      !absl::SimpleAtoi(absl::string_view(name).substr(prefix.size()), &n)) {
    return 0;
  }
  return std::max(n, 0);
}

// The storage family InnoDB compares referencing and referenced columns by: the same type
// (and for numbers, the same sign, precision and scale); CHAR and VARCHAR together, and
// BINARY and VARBINARY together, whatever their lengths.
bool Compatible(const SqlType& a, const SqlType& b) {
  auto family = [](ColumnType t) {
    if (t == ColumnType::kChar || t == ColumnType::kVarchar) return ColumnType::kVarchar;
    if (t == ColumnType::kBinary || t == ColumnType::kVarBinary) return ColumnType::kVarBinary;
    return t;
  };
  if (family(a.type) != family(b.type)) return false;
  switch (a.type) {  // TEXT and BLOB columns take no full-length index
    case ColumnType::kTinyText: case ColumnType::kText: case ColumnType::kMediumText:
    case ColumnType::kLongText: case ColumnType::kTinyBlob: case ColumnType::kBlob:
    case ColumnType::kMediumBlob: case ColumnType::kLongBlob: return false;
    default: break;
  }
  if (HoldsInteger(a.type) && a.type != ColumnType::kBit) return a.is_unsigned == b.is_unsigned;
  if (a.type == ColumnType::kDecimal) {
    return a.length == b.length && a.scale == b.scale && a.is_unsigned == b.is_unsigned;
  }
  return true;
}

bool ForeignKeyChecks() { return exec::ForeignKeyChecksEnabled(); }

}  // namespace

absl::StatusOr<ForeignKeyDef> ForeignKeyRecord(const sql::ForeignKeyDefinition& clause,
                                               const std::string& database) {
  if (clause.on_delete == sql::ForeignKeyAction::kSetDefault ||
      clause.on_update == sql::ForeignKeyAction::kSetDefault) {
    return Error(absl::StatusCode::kInvalidArgument, MysqlErrno::kCannotAddForeign,
                 "Cannot add foreign key constraint");
  }
  if (!clause.name.empty()) ORDINAL_RETURN_IF_ERROR(CheckIdentifier(clause.name));
  ForeignKeyDef key;
  key.set_name(clause.name);
  for (const std::string& column : clause.columns) key.add_columns(column);
  key.set_referenced_database(clause.referenced.database.empty() ? database
                                                                 : clause.referenced.database);
  key.set_referenced_table(clause.referenced.table);
  for (const std::string& column : clause.referenced_columns) key.add_referenced_columns(column);
  key.set_on_delete(ActionRecord(clause.on_delete));
  key.set_on_update(ActionRecord(clause.on_update));
  return key;
}

absl::Status NameForeignKeys(TableDef& def) {
  int highest = 0;
  for (const ForeignKeyDef& key : def.foreign_keys()) {
    highest = std::max(highest, GeneratedNumber(def.name(), key.name()));
  }
  std::set<std::string> names;
  for (ForeignKeyDef& key : *def.mutable_foreign_keys()) {
    if (key.name().empty()) key.set_name(absl::StrCat(GeneratedPrefix(def.name()), ++highest));
    if (!names.insert(key.name()).second) {
      return Error(absl::StatusCode::kAlreadyExists, MysqlErrno::kFkDupName,
                   absl::StrCat("Duplicate foreign key constraint name '", key.name(), "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckChildColumns(const TableDef& def) {
  for (const ForeignKeyDef& key : def.foreign_keys()) {
    if (key.columns_size() != key.referenced_columns_size()) {
      return Error(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongFkDef,
                   absl::StrCat("Incorrect foreign key definition for '", key.name(),
                                "': Key reference and table reference don't match"));
    }
    for (const std::string& name : key.columns()) {
      const int column = catalog::ColumnPosition(def, name);
      if (column < 0 || name == kHiddenRowIdColumn) {
        return Error(absl::StatusCode::kInvalidArgument, MysqlErrno::kKeyColumnDoesNotExist,
                     absl::StrCat("Key column '", name, "' doesn't exist in table"));
      }
      const bool set_null = key.on_delete() == ordinal::v1::FK_ACTION_SET_NULL ||
                            key.on_update() == ordinal::v1::FK_ACTION_SET_NULL;
      if (set_null && !def.columns(column).nullable()) {
        return Error(absl::StatusCode::kInvalidArgument, MysqlErrno::kFkColumnNotNull,
                     absl::StrCat("Column '", name,
                                  "' cannot be NOT NULL: needed in a foreign key constraint '",
                                  key.name(), "' SET NULL"));
      }
    }
  }
  return absl::OkStatus();
}

bool AddForeignKeyIndexes(TableDef& def, const std::vector<std::string>& index_names) {
  bool added = false;
  uint32_t next_id = std::max<uint32_t>(def.next_index_id(), 1);
  for (const ordinal::v1::IndexDef& index : def.indexes()) next_id = std::max(next_id, index.id() + 1);
  for (int i = 0; i < def.foreign_keys_size(); ++i) {
    const ForeignKeyDef& key = def.foreign_keys(i);
    if (catalog::IndexServingColumns(def, key.columns()) != nullptr) continue;
    std::string base = i < static_cast<int>(index_names.size()) ? index_names[i] : "";
    if (base.empty()) base = key.columns(0);
    std::string name = base;
    auto taken = [&](const std::string& n) {
      return n == "primary" || std::any_of(def.indexes().begin(), def.indexes().end(),
                                           [&](const auto& index) { return index.name() == n; });
    };
    for (int n = 2; taken(name); ++n) name = absl::StrCat(base, "_", n);
    ordinal::v1::IndexDef* index = def.add_indexes();
    index->set_name(name);
    index->set_id(next_id++);
    for (const std::string& column : key.columns()) {
      index->add_column_indexes(static_cast<uint32_t>(catalog::ColumnPosition(def, column)));
    }
    added = true;
  }
  def.set_next_index_id(next_id);
  return added;
}

absl::Status CheckReferencedTable(kv::Transaction& txn, const TableDef& child,
                                  const ForeignKeyDef& key, bool checks) {
  std::optional<TableDef> parent;
  if (key.referenced_database() == child.database() && key.referenced_table() == child.name()) {
    parent = child;
  } else {
    ORDINAL_ASSIGN_OR_RETURN(parent, catalog::ReadTableForUpdate(txn, key.referenced_database(),
                                                                 key.referenced_table()));
    if (parent.has_value() && !parent->view_definition().empty()) parent.reset();
  }
  if (!parent.has_value()) {
    if (!checks) return absl::OkStatus();
    return Error(absl::StatusCode::kFailedPrecondition, MysqlErrno::kFkCannotOpenParent,
                 absl::StrCat("Failed to open the referenced table '", key.referenced_table(),
                              "'"));
  }
  for (int i = 0; i < key.referenced_columns_size(); ++i) {
    const int column = catalog::ColumnPosition(*parent, key.referenced_columns(i));
    if (column < 0) {
      return Error(absl::StatusCode::kFailedPrecondition, MysqlErrno::kFkNoColumnParent,
                   absl::StrCat("Failed to add the foreign key constraint. Missing column '",
                                key.referenced_columns(i), "' for constraint '", key.name(),
                                "' in the referenced table '", key.referenced_table(), "'"));
    }
    const int own = catalog::ColumnPosition(child, key.columns(i));
    if (!Compatible(catalog::ColumnSqlType(child.columns(own)),
                    catalog::ColumnSqlType(parent->columns(column)))) {
      return Error(absl::StatusCode::kFailedPrecondition, MysqlErrno::kFkIncompatibleColumns,
                   absl::StrCat("Referencing column '", key.columns(i), "' and referenced column '",
                                key.referenced_columns(i), "' in foreign key constraint '",
                                key.name(), "' are incompatible."));
    }
  }
  if (catalog::IndexServingColumns(*parent, key.referenced_columns()) == nullptr) {
    return Error(absl::StatusCode::kFailedPrecondition, MysqlErrno::kFkNoIndexParent,
                 absl::StrCat("Failed to add the foreign key constraint. Missing index for "
                              "constraint '",
                              key.name(), "' in the referenced table '", key.referenced_table(),
                              "'"));
  }
  return absl::OkStatus();
}

absl::Status CheckConstraintNamesUnique(kv::Transaction& txn, const TableDef& def) {
  ORDINAL_ASSIGN_OR_RETURN(std::vector<TableDef> tables, catalog::ReadTables(txn, def.database()));
  for (const TableDef& other : tables) {
    if (other.name() == def.name()) continue;
    for (const ForeignKeyDef& key : def.foreign_keys()) {
      if (catalog::FindForeignKey(other, key.name()) != nullptr) {
        return Error(absl::StatusCode::kAlreadyExists, MysqlErrno::kFkDupName,
                     absl::StrCat("Duplicate foreign key constraint name '", key.name(), "'"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status AddForeignKeys(const std::vector<sql::ForeignKeyDefinition>& clauses, TableDef& def,
                            DdlContext& ctx) {
  if (clauses.empty()) return absl::OkStatus();
  std::vector<std::string> index_names;
  for (const sql::ForeignKeyDefinition& clause : clauses) {
    ORDINAL_ASSIGN_OR_RETURN(*def.add_foreign_keys(), ForeignKeyRecord(clause, def.database()));
    index_names.push_back(!clause.name.empty() ? clause.name : clause.index_name);
  }
  ORDINAL_RETURN_IF_ERROR(NameForeignKeys(def));
  ORDINAL_RETURN_IF_ERROR(CheckChildColumns(def));
  AddForeignKeyIndexes(def, index_names);
  ORDINAL_RETURN_IF_ERROR(CheckConstraintNamesUnique(ctx.txn, def));
  const bool checks = ForeignKeyChecks();
  for (const ForeignKeyDef& key : def.foreign_keys()) {
    ORDINAL_RETURN_IF_ERROR(CheckReferencedTable(ctx.txn, def, key, checks));
  }
  return absl::OkStatus();
}

absl::Status CheckDropReferenced(const catalog::Catalog& catalog, const TableDef& table,
                                 const std::vector<TableDef>& dropping) {
  if (!ForeignKeyChecks()) return absl::OkStatus();
  absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> info =
      catalog.GetTable(table.database(), table.name());
  if (!info.ok()) return absl::OkStatus();
  for (const catalog::ReferencingKey& ref : (*info)->referenced_by) {
    const bool dropped = std::any_of(dropping.begin(), dropping.end(), [&](const TableDef& d) {
      return d.database() == ref.database && d.name() == ref.table;
    });
    if (dropped) continue;
    absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> child =
        catalog.GetTable(ref.database, ref.table);
    if (!child.ok()) continue;
    return Error(absl::StatusCode::kFailedPrecondition, MysqlErrno::kFkCannotDropParent,
                 absl::StrCat("Cannot drop table '", table.name(),
                              "' referenced by a foreign key constraint '",
                              (*child)->def.foreign_keys(ref.foreign_key).name(), "' on table '",
                              ref.table, "'."));
  }
  return absl::OkStatus();
}

absl::Status CheckTruncateReferenced(const catalog::Catalog& catalog, const TableDef& table) {
  if (!ForeignKeyChecks()) return absl::OkStatus();
  absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> info =
      catalog.GetTable(table.database(), table.name());
  if (!info.ok()) return absl::OkStatus();
  for (const catalog::ReferencingKey& ref : (*info)->referenced_by) {
    if (ref.database == table.database() && ref.table == table.name()) continue;
    absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> child =
        catalog.GetTable(ref.database, ref.table);
    if (!child.ok()) continue;
    return Error(absl::StatusCode::kFailedPrecondition, MysqlErrno::kTruncateIllegalFk,
                 absl::StrCat("Cannot truncate a table referenced in a foreign key constraint "
                              "(`",
                              ref.database, "`.`", ref.table, "`, CONSTRAINT `",
                              (*child)->def.foreign_keys(ref.foreign_key).name(), "`)"));
  }
  return absl::OkStatus();
}

absl::Status RetargetReferences(DdlContext& ctx, const std::string& old_database,
                                const std::string& old_name, TableDef& renamed) {
  if (renamed.database() == old_database && renamed.name() == old_name) return absl::OkStatus();
  auto retarget = [&](TableDef& child) {
    for (ForeignKeyDef& key : *child.mutable_foreign_keys()) {
      if (key.referenced_database() == old_database && key.referenced_table() == old_name) {
        key.set_referenced_database(renamed.database());
        key.set_referenced_table(renamed.name());
      }
    }
  };
  retarget(renamed);
  for (ForeignKeyDef& key : *renamed.mutable_foreign_keys()) {
    const int n = GeneratedNumber(old_name, key.name());
    if (n > 0 && renamed.name() != old_name) {
      key.set_name(absl::StrCat(GeneratedPrefix(renamed.name()), n));
    }
  }
  absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> info =
      ctx.catalog.GetTable(old_database, old_name);
  if (!info.ok()) return absl::OkStatus();
  std::set<std::pair<std::string, std::string>> children;
  for (const catalog::ReferencingKey& ref : (*info)->referenced_by) {
    if (ref.database == old_database && ref.table == old_name) continue;  // itself
    children.insert({ref.database, ref.table});
  }
  for (const auto& [database, table] : children) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<TableDef> child,
                             catalog::ReadTableForUpdate(ctx.txn, database, table));
    if (!child.has_value()) continue;
    retarget(*child);
    ORDINAL_RETURN_IF_ERROR(ctx.catalog.PutTable(ctx.txn, *child));
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::ddl
