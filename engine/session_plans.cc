// Data statements of a session, and the plans of SELECTs it keeps between their executions:
// prepared ones with integer markers (engine/plan/prepared_plan.h), and those without
// markers, by their text (engine/plan/kept_select.h).
#include <algorithm>
#include <memory>
#include <variant>
#include <vector>

#include "common/status_macros.h"
#include "engine/catalog/table_stats.h"
#include "engine/exec/bound_select.h"
#include "engine/exec/executor.h"
#include "engine/exec/join.h"
#include "engine/exec/table_access.h"
#include "engine/plan/kept_select.h"
#include "engine/plan/prepared_plan.h"
#include "engine/session_impl.h"

namespace ordinal::engine {
namespace {

// Whether the sources of `plan` are the tables `tables` (so the plan keeps each of them
// alive, and a pointer compared with them later cannot name a newer definition).
bool ReadsThese(const plan::SelectPlan& plan,
                const std::vector<const catalog::TableInfo*>& tables) {
  const std::vector<plan::Source>& sources = plan.scope.sources();
  if (sources.size() != tables.size()) return false;
  for (const catalog::TableInfo* table : tables) {
    if (std::none_of(sources.begin(), sources.end(),
                     [table](const plan::Source& s) { return s.table.get() == table; })) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<ResultSet> SessionImpl::ExecuteData(const sql::Statement& statement,
                                                   exec::ExecContext& ctx) {
  const auto* select = std::get_if<sql::Select>(&statement.body);
  std::vector<const sql::Expr*> markers;
  if (select == nullptr) return exec::ExecuteDataStatement(statement, ctx);
  if (!plan::CollectReusableMarkers(*select, &markers) || markers.empty()) {
    return ExecuteSelectText(statement, *select, ctx);
  }
  if (auto it = kept_plans_.find(&statement); it != kept_plans_.end()) {
    KeptPlan& kept = it->second;
    absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> table =
        exec::ResolveTableOrView(ctx, select->from[0].name);
    if (kept.text == statement.text && table.ok() && table->get() == kept.plan->table() &&
        kept.plan->Rebind(markers)) {
      ++plan_reuses_;
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

absl::StatusOr<ResultSet> SessionImpl::ExecuteSelectText(const sql::Statement& statement,
                                                         const sql::Select& select,
                                                         exec::ExecContext& ctx) {
  std::vector<const sql::TableName*> names;
  if (!plan::KeepableSelect(select, &names)) return exec::ExecuteDataStatement(statement, ctx);
  if (auto it = kept_selects_.find(statement.text); it != kept_selects_.end()) {
    if (StillValid(it->second, names, ctx)) {
      ++plan_reuses_;
      return exec::ExecuteBoundSelect(select, *it->second.plan, ctx);
    }
    kept_selects_.erase(it);
  }
  // The statistics the planner reads are noted, so that a new estimate is noticed.
  KeptSelect kept;
  plan::BindContext bind = exec::MakeBindContext(ctx);
  plan::TableStatsFn stats = std::move(bind.table_stats);
  bind.table_stats = [&kept, &stats](const catalog::TableInfo& table) {
    std::shared_ptr<const catalog::TableStats> current = stats(table);
    kept.stats.emplace_back(&table, current);
    return current;
  };
  const uint32_t warnings = warning_count();
  ORDINAL_ASSIGN_OR_RETURN(kept.plan, plan::BindSelect(select, bind));
  const bool keep = warning_count() == warnings && plan::KeepablePlan(*kept.plan) &&
                    ResolveNames(names, ctx, &kept.tables) &&
                    ReadsThese(*kept.plan, kept.tables);
  absl::StatusOr<ResultSet> result = exec::ExecuteBoundSelect(select, *kept.plan, ctx);
  if (keep) {
    if (kept_selects_.size() >= kMaxKeptPlans) kept_selects_.clear();
    kept_selects_[statement.text] = std::move(kept);
  }
  return result;
}

bool SessionImpl::ResolveNames(const std::vector<const sql::TableName*>& names,
                               exec::ExecContext& ctx,
                               std::vector<const catalog::TableInfo*>* tables) {
  tables->clear();
  for (const sql::TableName* name : names) {
    absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> table =
        exec::ResolveTableOrView(ctx, *name);
    if (!table.ok()) return false;
    tables->push_back(table->get());
  }
  return true;
}

bool SessionImpl::StillValid(const KeptSelect& kept,
                             const std::vector<const sql::TableName*>& names,
                             exec::ExecContext& ctx) {
  std::vector<const catalog::TableInfo*> tables;
  if (!ResolveNames(names, ctx, &tables) || tables != kept.tables) return false;
  for (const auto& [table, stats] : kept.stats) {
    if (ctx.catalog.statistics().Get(*table) != stats) return false;
  }
  return true;
}

}  // namespace ordinal::engine
