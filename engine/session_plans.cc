// Data statements of a session, and the plans of prepared SELECTs it keeps between their
// executions (engine/plan/prepared_plan.h).
#include <memory>
#include <variant>
#include <vector>

#include "common/status_macros.h"
#include "engine/exec/bound_select.h"
#include "engine/exec/join.h"
#include "engine/exec/table_access.h"
#include "engine/plan/prepared_plan.h"
#include "engine/session_impl.h"

namespace ordinal::engine {

absl::StatusOr<ResultSet> SessionImpl::ExecuteData(const sql::Statement& statement,
                                                   exec::ExecContext& ctx) {
  const auto* select = std::get_if<sql::Select>(&statement.body);
  std::vector<const sql::Expr*> markers;
  if (select == nullptr || !plan::CollectReusableMarkers(*select, &markers) || markers.empty()) {
    return exec::ExecuteDataStatement(statement, ctx);
  }
  if (auto it = kept_plans_.find(&statement); it != kept_plans_.end()) {
    KeptPlan& kept = it->second;
    absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> table =
        exec::ResolveTableOrView(ctx, select->from[0].name);
    if (kept.text == statement.text && table.ok() && table->get() == kept.plan->table() &&
        kept.plan->Rebind(markers)) {
      return exec::ExecuteBoundSelect(*select, kept.plan->plan(), ctx);
    }
    kept_plans_.erase(it);
  }
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<plan::SelectPlan> bound,
                           plan::BindSelect(*select, exec::MakeBindContext(ctx)));
  std::unique_ptr<plan::ReusablePlan> reusable = plan::ReusablePlan::Make(bound, markers);
  absl::StatusOr<ResultSet> result = exec::ExecuteBoundSelect(*select, *bound, ctx);
  if (reusable != nullptr) {
    if (kept_plans_.size() >= kMaxKeptPlans) kept_plans_.clear();
    kept_plans_[&statement] = KeptPlan{statement.text, std::move(reusable)};
  }
  return result;
}

}  // namespace ordinal::engine
