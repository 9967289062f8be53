#include "engine/plan/read_slots.h"

namespace ordinal::engine::plan {
namespace {

class SlotMarker {
 public:
  explicit SlotMarker(int width) : read_(width, false) {}

  // Marks the slots `e` reads; false when it holds what this cannot follow.
  bool Mark(const sql::Expr* e) {
    if (e == nullptr) return true;
    if (e->subquery != nullptr || e->subquery_runner != nullptr || e->over != nullptr) {
      return false;
    }
    MarkSlot(e->slot);
    for (const sql::ExprPtr& child : e->children) {
      if (!Mark(child.get())) return false;
    }
    return true;
  }

  bool MarkAll(const std::vector<sql::ExprPtr>& exprs) {
    for (const sql::ExprPtr& e : exprs) {
      if (!Mark(e.get())) return false;
    }
    return true;
  }

  // An access path's expression: its columns are the source's own (table layout); only
  // its placeholders (literals with a slot) read the joined row.
  bool MarkPlaceholders(const sql::Expr* e) {
    if (e == nullptr) return true;
    if (e->subquery != nullptr || e->subquery_runner != nullptr) return false;
    if (e->kind == sql::ExprKind::kLiteral) MarkSlot(e->slot);
    for (const sql::ExprPtr& child : e->children) {
      if (!MarkPlaceholders(child.get())) return false;
    }
    return true;
  }

  std::vector<bool> Take() { return std::move(read_); }

 private:
  // Slots past the row (aggregate results, GROUPING() values) are not the row's.
  void MarkSlot(int slot) {
    if (slot >= 0 && slot < static_cast<int>(read_.size())) read_[slot] = true;
  }

  std::vector<bool> read_;
};

}  // namespace

std::optional<std::vector<bool>> SlotsReadByPlan(const SelectPlan& plan) {
  if (!plan.operands.empty() || !plan.window.empty() || plan.for_update) return std::nullopt;
  SlotMarker marker(plan.row_width);
  bool known = marker.MarkAll(plan.outputs) && marker.MarkAll(plan.group_by) &&
               marker.Mark(plan.having.get());
  for (const OrderKey& key : plan.order) known = known && marker.Mark(key.expr.get());
  for (const sql::Expr* call : plan.aggregates) known = known && marker.Mark(call);
  for (const sql::Expr* call : plan.groupings) known = known && marker.Mark(call);
  for (const Conjunct& c : plan.where_without_from) known = known && marker.Mark(c.expr.get());
  for (const JoinStep& step : plan.steps) {
    known = known && marker.MarkAll(step.local_conditions) && marker.MarkAll(step.conditions) &&
            marker.MarkAll(step.filters) && marker.MarkAll(step.build_keys) &&
            marker.MarkAll(step.probe_keys) && marker.MarkPlaceholders(step.path_expr.get());
  }
  if (!known) return std::nullopt;
  return marker.Take();
}

}  // namespace ordinal::engine::plan
