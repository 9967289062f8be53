#include "engine/alter/alter_checks.h"

#include <memory>
#include <vector>

#include "common/status_macros.h"
#include "engine/catalog/catalog.h"
#include "engine/check_constraint_ddl.h"
#include "engine/exec/check_constraints.h"
#include "engine/exec/table_access.h"
#include "engine/plan/access_path.h"

namespace ordinal::engine::alter {

absl::Status CheckAlterChecks(kv::Transaction& txn, kv::Store& store,
                              const ordinal::v1::TableDef& old, const AlterPlan& plan) {
  if (plan.definition.checks_size() == 0) return absl::OkStatus();
  ORDINAL_RETURN_IF_ERROR(ddl::CheckCheckNamesUnique(txn, plan.definition));
  if (plan.needs_copy || plan.validated_checks.empty()) return absl::OkStatus();
  // No copy: the stored rows have the new definition's layout.
  ordinal::v1::TableDef current = plan.definition;
  current.set_id(old.id());
  current.clear_shadow();
  const std::shared_ptr<const catalog::TableInfo> table = catalog::MakeTableInfo(current);
  ORDINAL_ASSIGN_OR_RETURN(exec::CheckEnforcer checks,
                           exec::CheckEnforcer::ForTable(*table, &plan.validated_checks));
  std::unique_ptr<kv::Transaction> reader = store.BeginTransaction();
  absl::Status violated;
  absl::Status scan = exec::VisitRows(
      *reader, *table, plan::ChooseAccessPath(*table, nullptr), /*for_update=*/false,
      [&](std::string_view, std::vector<Value>& row) -> absl::StatusOr<bool> {
        violated = checks.Verify(row);
        return violated.ok();
      });
  reader->Rollback();
  ORDINAL_RETURN_IF_ERROR(scan);
  return violated;
}

}  // namespace ordinal::engine::alter
