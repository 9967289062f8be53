#include "engine/alter/alter_foreign_keys.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/foreign_key_defs.h"
#include "engine/exec/foreign_keys.h"
#include "engine/exec/table_access.h"
#include "engine/foreign_key_ddl.h"
#include "engine/plan/access_path.h"

namespace ordinal::engine::alter {
namespace {

bool Added(const AlterPlan& plan, const std::string& name) {
  return std::find(plan.added_foreign_keys.begin(), plan.added_foreign_keys.end(), name) !=
         plan.added_foreign_keys.end();
}

// Every row of the table (as stored, in the old layout) must find its parent under `key`.
absl::Status CheckRows(kv::Store& store, const catalog::Catalog& catalog,
                       const catalog::TableInfo& table, const ordinal::v1::TableDef& next,
                       const ordinal::v1::ForeignKeyDef& key) {
  std::unique_ptr<kv::Transaction> txn = store.BeginTransaction();
  exec::ForeignKeyEnforcer enforcer(*txn, catalog);
  const plan::AccessPath path = plan::ChooseAccessPath(table, nullptr);
  bool orphan = false;
  absl::Status scan = exec::VisitRows(
      *txn, table, path, /*for_update=*/false,
      [&](std::string_view, std::vector<Value>& row) -> absl::StatusOr<bool> {
        ORDINAL_ASSIGN_OR_RETURN(bool exists, enforcer.ParentExists(table, key, row));
        orphan = !exists;
        return exists;
      });
  txn->Rollback();
  ORDINAL_RETURN_IF_ERROR(scan);
  if (orphan) return exec::NoReferencedRowError(next, key);
  return absl::OkStatus();
}

// The keys of other tables referencing this one, against the new definition.
absl::Status CheckReferencingKeys(const catalog::Catalog& catalog,
                                  const ordinal::v1::TableDef& old,
                                  const ordinal::v1::TableDef& next) {
  absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> info =
      catalog.GetTable(old.database(), old.name());
  if (!info.ok()) return absl::OkStatus();
  for (const catalog::ReferencingKey& ref : (*info)->referenced_by) {
    if (ref.database == old.database() && ref.table == old.name()) continue;  // the planner's
    ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::TableInfo> child,
                             catalog.GetTable(ref.database, ref.table));
    const ordinal::v1::ForeignKeyDef& key = child->def.foreign_keys(ref.foreign_key);
    for (const std::string& column : key.referenced_columns()) {
      if (catalog::ColumnPosition(next, column) >= 0) continue;
      return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kFkColumnCannotDropChild,
                      absl::StrCat("Cannot drop column '", column,
                                   "': needed in a foreign key constraint '", key.name(),
                                   "' of table '", ref.table, "'"));
    }
    if (catalog::IndexServingColumns(next, key.referenced_columns()) != nullptr) continue;
    const ordinal::v1::IndexDef* was = catalog::IndexServingColumns(old, key.referenced_columns());
    const std::string name =
        was == nullptr ? "" : (was == &old.primary_key() ? "PRIMARY" : was->name());
    return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kDropIndexFk,
                    absl::StrCat("Cannot drop index '", name,
                                 "': needed in a foreign key constraint"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckAlterForeignKeys(kv::Transaction& txn, kv::Store& store,
                                   const catalog::Catalog& catalog,
                                   const ordinal::v1::TableDef& old, const AlterPlan& plan) {
  ORDINAL_RETURN_IF_ERROR(CheckReferencingKeys(catalog, old, plan.definition));
  if (plan.added_foreign_keys.empty()) return absl::OkStatus();
  ORDINAL_RETURN_IF_ERROR(ddl::CheckConstraintNamesUnique(txn, plan.definition));
  const bool checks = exec::ForeignKeyChecksEnabled();
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::TableInfo> table,
                           catalog.GetTable(old.database(), old.name()));
  for (const ordinal::v1::ForeignKeyDef& key : plan.definition.foreign_keys()) {
    if (!Added(plan, key.name())) continue;
    ORDINAL_RETURN_IF_ERROR(ddl::CheckReferencedTable(txn, plan.definition, key, checks));
    if (checks) ORDINAL_RETURN_IF_ERROR(CheckRows(store, catalog, *table, plan.definition, key));
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::alter
