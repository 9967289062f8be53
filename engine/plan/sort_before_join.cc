#include "engine/plan/sort_before_join.h"

#include <algorithm>
#include <vector>

#include "engine/plan/cost_model.h"

namespace ordinal::engine::plan {
namespace {

bool IsColumn(const sql::Expr* e) {
  return e != nullptr && e->kind == sql::ExprKind::kColumn && e->children.empty();
}

// The slot of the first source equal to `slot` (a column of a later source) by a condition
// of a later step, `slot` = column of the first source, of one integer type; -1 if none.
int EquatedFirstSlot(const SelectPlan& plan, int slot) {
  const int first = plan.steps[0].source;
  const ColumnType type = plan.scope.TypeOf(slot);
  if (!IsIntegerType(type)) return -1;
  for (size_t k = 1; k < plan.steps.size(); ++k) {
    for (const sql::ExprPtr& condition : plan.steps[k].conditions) {
      if (condition->kind != sql::ExprKind::kBinary ||
          condition->binary_op != sql::BinaryOp::kEq || condition->children.size() != 2) {
        continue;
      }
      for (int side = 0; side < 2; ++side) {
        const sql::Expr* here = condition->children[side].get();
        const sql::Expr* there = condition->children[1 - side].get();
        if (!IsColumn(here) || !IsColumn(there) || here->slot != slot ||
            there->slot < 0 || there->slot >= plan.scope.own_width() ||
            plan.scope.SourceOf(there->slot) != first || plan.scope.TypeOf(there->slot) != type) {
          continue;
        }
        return there->slot;
      }
    }
  }
  return -1;
}

// Whether the lookups the sorted plan expects cost less than the later steps as planned:
// each reads one row by its primary key for every row of the first step taken until
// OFFSET + LIMIT have found their matches (the estimated fraction of the first step's rows
// that the join keeps decides how many are taken).
bool LookupsCostLess(const SelectPlan& plan) {
  const double first_rows = std::max(plan.steps[0].estimated_output, 1.0);
  const double joined = std::clamp(plan.steps.back().estimated_output, 1.0, first_rows);
  const double keep = static_cast<double>(plan.offset) + static_cast<double>(*plan.limit);
  const double taken = std::min(first_rows, std::max(keep, 1.0) * first_rows / joined);
  double planned = 0;
  for (size_t k = 1; k < plan.steps.size(); ++k) planned += plan.steps[k].estimated_cost;
  const double lookups = taken * static_cast<double>(plan.steps.size() - 1);
  return lookups * (kSeekCost + kRowCost) < planned;
}

}  // namespace

void PlanSortBeforeJoin(SelectPlan& plan) {
  if (plan.steps.size() < 2 || plan.order.empty() || !plan.limit.has_value() ||
      plan.order_satisfied_by_path || plan.aggregated || !plan.window.empty() ||
      plan.distinct || plan.having != nullptr || plan.for_update || !plan.operands.empty() ||
      plan.steps[0].method != JoinMethod::kScan) {
    return;
  }
  const int first = plan.steps[0].source;
  std::vector<SelectPlan::SortSlot> slots;
  for (const OrderKey& key : plan.order) {
    const sql::Expr* expr = key.output >= 0 ? plan.outputs[key.output].get() : key.expr.get();
    if (!IsColumn(expr) || expr->slot < 0 || expr->slot >= plan.scope.own_width()) return;
    int slot = expr->slot;
    if (plan.scope.SourceOf(slot) != first) slot = EquatedFirstSlot(plan, slot);
    if (slot < 0) return;
    slots.push_back({slot, key.descending});
  }
  for (size_t k = 1; k < plan.steps.size(); ++k) {
    if (!MakeUniqueLookup(plan.scope, plan.steps[k], /*check_only=*/true)) return;
  }
  if (!LookupsCostLess(plan)) return;
  for (size_t k = 1; k < plan.steps.size(); ++k) MakeUniqueLookup(plan.scope, plan.steps[k]);
  plan.sort_before_join = std::move(slots);
}

}  // namespace ordinal::engine::plan
