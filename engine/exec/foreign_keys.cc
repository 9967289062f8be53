#include "engine/exec/foreign_keys.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/foreign_key_defs.h"
#include "engine/codec/key_codec.h"
#include "engine/exec/row_writer.h"
#include "engine/exec/table_access.h"
#include "engine/functions/session_context.h"
#include "engine/plan/access_path.h"

namespace ordinal::engine::exec {
namespace {

using ordinal::v1::ForeignKeyAction;
using ordinal::v1::ForeignKeyDef;

std::string ConstraintText(const ordinal::v1::TableDef& child, const ForeignKeyDef& key) {
  return absl::StrCat("(`", child.database(), "`.`", child.name(), "`, ",
                      catalog::ForeignKeyClause(child, key), ")");
}

absl::Status RowIsReferencedError(const ordinal::v1::TableDef& child, const ForeignKeyDef& key) {
  return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kRowIsReferenced,
                  absl::StrCat("Cannot delete or update a parent row: a foreign key "
                               "constraint fails ",
                               ConstraintText(child, key)));
}

absl::Status DepthExceeded() {
  return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kFkDepthExceeded,
                  absl::StrCat("Foreign key cascade delete/update exceeds max depth of ",
                               catalog::kMaxForeignKeyCascadeDepth, "."));
}

// The values of `names` in `row` of `table`; empty when a column is missing or any value
// is NULL (then there is nothing to check).
std::vector<Value> KeyValues(const catalog::TableInfo& table,
                             const google::protobuf::RepeatedPtrField<std::string>& names,
                             const std::vector<Value>& row) {
  std::vector<Value> values;
  for (const std::string& name : names) {
    const int column = catalog::ColumnPosition(table.def, name);
    if (column < 0 || row[column].is_null()) return {};
    values.push_back(row[column]);
  }
  return values;
}

bool SameValues(const catalog::TableInfo& table,
                const google::protobuf::RepeatedPtrField<std::string>& names,
                const std::vector<Value>& a, const std::vector<Value>& b) {
  for (const std::string& name : names) {
    const int column = catalog::ColumnPosition(table.def, name);
    if (column >= 0 && !(a[column] == b[column])) return false;
  }
  return true;
}

// `values` encoded as the key tuple of `names`' columns of `table`.
std::string KeyTuple(const catalog::TableInfo& table,
                     const google::protobuf::RepeatedPtrField<std::string>& names,
                     const std::vector<Value>& values) {
  std::string tuple;
  for (int i = 0; i < names.size(); ++i) {
    const int column = catalog::ColumnPosition(table.def, names.Get(i));
    codec::AppendKey(&tuple, values[i], table.column_types[column],
                     table.key_collations[column]);
  }
  return tuple;
}

// The access path to the rows of `table` whose leading `index` columns encode as `tuple`.
plan::AccessPath PathFor(const catalog::TableInfo& table, const ordinal::v1::IndexDef& index,
                         int key_columns, const std::string& tuple) {
  plan::AccessPath path;
  const bool primary = &index == &table.def.primary_key();
  const std::string prefix =
      codec::IndexPrefix(table.def.id(), primary ? 0 : index.id()) + tuple;
  path.key_columns = key_columns;
  if (primary && index.column_indexes_size() == key_columns) {
    path.kind = plan::AccessKind::kPrimaryPoint;
    path.point_keys.push_back(prefix);
    return path;
  }
  path.kind = primary ? plan::AccessKind::kPrimaryRange : plan::AccessKind::kIndexPoint;
  path.index = primary ? nullptr : &index;
  path.ranges.push_back({prefix, codec::PrefixSuccessor(prefix)});
  return path;
}

}  // namespace

bool ForeignKeyChecksEnabled() {
  static const vars::VariableDef* def = vars::FindVariable("foreign_key_checks");
  const functions::SessionContext* session = functions::CurrentSessionContext();
  if (session == nullptr || def == nullptr) return true;
  const Value value = session->variables.Get(*def);
  return !(value.is_int() && value.int_value() == 0);
}

absl::Status NoReferencedRowError(const ordinal::v1::TableDef& child, const ForeignKeyDef& key) {
  return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kNoReferencedRow,
                  absl::StrCat("Cannot add or update a child row: a foreign key constraint "
                               "fails ",
                               ConstraintText(child, key)));
}

ForeignKeyEnforcer::ForeignKeyEnforcer(kv::Transaction& txn, const catalog::Catalog& catalog)
    : txn_(txn), catalog_(catalog), enabled_(ForeignKeyChecksEnabled()) {}

bool ForeignKeyEnforcer::Applies(const catalog::TableInfo& table) const {
  return enabled_ && (table.def.foreign_keys_size() > 0 || !table.referenced_by.empty());
}

absl::Status ForeignKeyEnforcer::LockReferencedValue(const catalog::TableInfo& parent,
                                                     const ForeignKeyDef& key,
                                                     const std::vector<Value>& values,
                                                     bool child_side) {
  const std::string lock = codec::ReferenceLockKey(
      parent.def.id(), KeyTuple(parent, key.referenced_columns(), values));
  if (child_side) return txn_.DeleteUntracked(lock);
  return txn_.GetForUpdate(lock).status();
}

absl::StatusOr<bool> ForeignKeyEnforcer::ParentExists(const catalog::TableInfo& table,
                                                      const ForeignKeyDef& key,
                                                      const std::vector<Value>& row) {
  const std::vector<Value> values = KeyValues(table, key.columns(), row);
  if (values.empty()) return true;  // a NULL key column: nothing is referenced
  absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> parent =
      catalog_.GetTable(key.referenced_database(), key.referenced_table());
  if (!parent.ok()) return false;
  const ordinal::v1::IndexDef* index =
      catalog::IndexServingColumns((*parent)->def, key.referenced_columns());
  if (index == nullptr) return false;
  for (const std::string& name : key.referenced_columns()) {
    if (catalog::ColumnPosition((*parent)->def, name) < 0) return false;
  }
  const plan::AccessPath path = PathFor(**parent, *index, key.referenced_columns_size(),
                                        KeyTuple(**parent, key.referenced_columns(), values));
  bool found = false;
  ORDINAL_RETURN_IF_ERROR(VisitRows(txn_, **parent, path, /*for_update=*/true,
                                    [&](std::string_view,
                                        std::vector<Value>&) -> absl::StatusOr<bool> {
                                      found = true;
                                      return false;
                                    }));
  if (found) ORDINAL_RETURN_IF_ERROR(LockReferencedValue(**parent, key, values, true));
  return found;
}

absl::Status ForeignKeyEnforcer::CheckParents(const catalog::TableInfo& table,
                                              const std::vector<Value>& row,
                                              const std::vector<Value>* old_row) {
  if (!enabled_) return absl::OkStatus();
  for (const ForeignKeyDef& key : table.def.foreign_keys()) {
    if (old_row != nullptr && SameValues(table, key.columns(), *old_row, row)) continue;
    ORDINAL_ASSIGN_OR_RETURN(bool exists, ParentExists(table, key, row));
    if (!exists) return NoReferencedRowError(table.def, key);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ForeignKeyEnforcer::ChildRow>> ForeignKeyEnforcer::FindChildren(
    const catalog::TableInfo& child, const ForeignKeyDef& key, const std::vector<Value>& values,
    std::string_view self_key) {
  std::vector<ChildRow> rows;
  const ordinal::v1::IndexDef* index = catalog::IndexServingColumns(child.def, key.columns());
  if (index == nullptr) {
    return absl::InternalError(absl::StrCat("foreign key ", key.name(), " of ",
                                            child.QualifiedName(), " has no index"));
  }
  const plan::AccessPath path =
      PathFor(child, *index, key.columns_size(), KeyTuple(child, key.columns(), values));
  ORDINAL_RETURN_IF_ERROR(VisitRows(txn_, child, path, /*for_update=*/true,
                                    [&](std::string_view pk,
                                        std::vector<Value>& row) -> absl::StatusOr<bool> {
                                      if (pk != self_key) {
                                        rows.push_back({std::string(pk), std::move(row)});
                                      }
                                      return true;
                                    }));
  return rows;
}

absl::Status ForeignKeyEnforcer::OnDelete(const catalog::TableInfo& table,
                                          std::string_view primary_key,
                                          const std::vector<Value>& row, int depth) {
  if (!enabled_) return absl::OkStatus();
  for (const catalog::ReferencingKey& ref : table.referenced_by) {
    ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::TableInfo> child,
                             catalog_.GetTable(ref.database, ref.table));
    const ForeignKeyDef& key = child->def.foreign_keys(ref.foreign_key);
    const std::vector<Value> values = KeyValues(table, key.referenced_columns(), row);
    if (values.empty()) continue;
    ORDINAL_RETURN_IF_ERROR(LockReferencedValue(table, key, values, false));
    const std::string_view self = child->def.id() == table.def.id() ? primary_key : "";
    ORDINAL_ASSIGN_OR_RETURN(std::vector<ChildRow> children,
                             FindChildren(*child, key, values, self));
    if (children.empty()) continue;
    const ForeignKeyAction action = key.on_delete();
    if (action != ordinal::v1::FK_ACTION_CASCADE && action != ordinal::v1::FK_ACTION_SET_NULL) {
      return RowIsReferencedError(child->def, key);
    }
    if (depth + 1 > catalog::kMaxForeignKeyCascadeDepth) return DepthExceeded();
    RowWriter writer(txn_, *child);
    for (const ChildRow& found : children) {
      // An earlier cascade of this statement may have removed or changed the row.
      ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> current,
                               writer.ReadRow(found.primary_key));
      if (!current) continue;
      if (action == ordinal::v1::FK_ACTION_CASCADE) {
        ORDINAL_RETURN_IF_ERROR(OnDelete(*child, found.primary_key, *current, depth + 1));
        ORDINAL_RETURN_IF_ERROR(writer.Delete(found.primary_key, *current));
        continue;
      }
      std::vector<Value> updated = *current;
      for (const std::string& name : key.columns()) {
        updated[catalog::ColumnPosition(child->def, name)] = Value::Null();
      }
      ORDINAL_RETURN_IF_ERROR(OnUpdate(*child, found.primary_key, *current, updated, depth + 1));
      ORDINAL_RETURN_IF_ERROR(writer.Update(found.primary_key, *current, updated));
    }
  }
  return absl::OkStatus();
}

absl::Status ForeignKeyEnforcer::OnUpdate(const catalog::TableInfo& table,
                                          std::string_view primary_key,
                                          const std::vector<Value>& old_row,
                                          const std::vector<Value>& new_row, int depth) {
  if (!enabled_) return absl::OkStatus();
  for (const catalog::ReferencingKey& ref : table.referenced_by) {
    ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::TableInfo> child,
                             catalog_.GetTable(ref.database, ref.table));
    const ForeignKeyDef& key = child->def.foreign_keys(ref.foreign_key);
    if (SameValues(table, key.referenced_columns(), old_row, new_row)) continue;
    const std::vector<Value> values = KeyValues(table, key.referenced_columns(), old_row);
    if (values.empty()) continue;
    ORDINAL_RETURN_IF_ERROR(LockReferencedValue(table, key, values, false));
    const std::string_view self = child->def.id() == table.def.id() ? primary_key : "";
    ORDINAL_ASSIGN_OR_RETURN(std::vector<ChildRow> children,
                             FindChildren(*child, key, values, self));
    if (children.empty()) continue;
    const ForeignKeyAction action = key.on_update();
    if (action != ordinal::v1::FK_ACTION_CASCADE && action != ordinal::v1::FK_ACTION_SET_NULL) {
      return RowIsReferencedError(child->def, key);
    }
    if (depth + 1 > catalog::kMaxForeignKeyCascadeDepth) return DepthExceeded();
    RowWriter writer(txn_, *child);
    for (const ChildRow& found : children) {
      ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> current,
                               writer.ReadRow(found.primary_key));
      if (!current) continue;
      std::vector<Value> updated = *current;
      for (int i = 0; i < key.columns_size(); ++i) {
        const int column = catalog::ColumnPosition(child->def, key.columns(i));
        const int source = catalog::ColumnPosition(table.def, key.referenced_columns(i));
        if (action == ordinal::v1::FK_ACTION_SET_NULL) {
          updated[column] = Value::Null();
        } else {
          ORDINAL_ASSIGN_OR_RETURN(updated[column],
                                   StoredValue(*child, column, new_row[source]));
        }
      }
      if (updated == *current) continue;
      ORDINAL_RETURN_IF_ERROR(OnUpdate(*child, found.primary_key, *current, updated, depth + 1));
      // The child's primary key may be among the changed columns: the row moves.
      ORDINAL_RETURN_IF_ERROR(writer.Update(found.primary_key, *current, updated));
    }
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::exec
