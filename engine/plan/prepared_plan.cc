#include "engine/plan/prepared_plan.h"

#include <utility>

#include "engine/plan/kept_select.h"
#include "engine/plan/temporal_literals.h"

namespace ordinal::engine::plan {
namespace {

// A `?` marker: the parser's literal node with the text "?" (no other literal is written
// that way: a string literal keeps its quotes).
bool IsMarker(const sql::Expr& e) { return e.kind == sql::ExprKind::kLiteral && e.text == "?"; }

bool HasSubquery(const sql::Expr& e) {
  return e.subquery != nullptr || e.subquery_runner != nullptr ||
         e.kind == sql::ExprKind::kSubquery || e.kind == sql::ExprKind::kExists ||
         e.kind == sql::ExprKind::kInSubquery || e.kind == sql::ExprKind::kQuantified;
}

// Appends the markers of `e` to `out` (nullptr: markers are not allowed here). False on a
// subquery, or on a marker where none is allowed.
bool CollectIn(const sql::Expr* e, std::vector<const sql::Expr*>* out) {
  if (e == nullptr) return true;
  if (HasSubquery(*e)) return false;
  if (IsMarker(*e)) {
    if (out == nullptr) return false;
    out->push_back(e);
  }
  for (const sql::ExprPtr& child : e->children) {
    if (!CollectIn(child.get(), out)) return false;
  }
  return true;
}

bool SameInteger(const Value& a, const Value& b) {
  return a.is_integer() && a.is_uint() == b.is_uint() && a == b;
}

// Checks a bound plan's expressions and finds the copies of the markers in them.
class PlanChecker {
 public:
  PlanChecker(const Scope& scope, const std::vector<const sql::Expr*>& markers)
      : scope_(scope), markers_(markers) {}

  // `e` holds only the node kinds the header allows; markers too when `markers_allowed`.
  bool Check(sql::Expr* e, const sql::Expr* parent, bool markers_allowed) {
    if (e == nullptr) return true;
    if (HasSubquery(*e)) return false;
    if (IsMarker(*e)) return markers_allowed && CheckMarker(e, parent);
    if (!PlainNode(*e)) return false;
    for (sql::ExprPtr& child : e->children) {
      if (!Check(child.get(), e, markers_allowed)) return false;
    }
    return true;
  }

  std::vector<std::pair<sql::Expr*, size_t>>& uses() { return uses_; }

 private:
  bool IntegerColumn(const sql::Expr* e) const {
    return e != nullptr && e->kind == sql::ExprKind::kColumn && e->slot >= 0 &&
           e->slot < scope_.own_width() && IsIntegerType(scope_.TypeOf(e->slot));
  }

  // A marker's copy must be compared with an integer column and hold the value bound.
  bool CheckMarker(sql::Expr* e, const sql::Expr* parent) {
    size_t marker = markers_.size();
    for (size_t i = 0; i < markers_.size(); ++i) {
      if (markers_[i]->loc.line == e->loc.line && markers_[i]->loc.column == e->loc.column) {
        marker = i;
        break;
      }
    }
    if (marker == markers_.size() || parent == nullptr) return false;
    if (!SameInteger(markers_[marker]->literal, e->literal)) return false;
    const std::vector<sql::ExprPtr>& siblings = parent->children;
    bool compared = false;
    if (parent->kind == sql::ExprKind::kBinary && IsComparison(*parent) &&
        siblings.size() == 2) {
      compared = IntegerColumn(siblings[0].get() == e ? siblings[1].get() : siblings[0].get());
    } else if ((parent->kind == sql::ExprKind::kBetween && siblings.size() == 3) ||
               parent->kind == sql::ExprKind::kIn) {
      compared = siblings[0].get() != e && IntegerColumn(siblings[0].get());
    }
    if (!compared) return false;
    uses_.emplace_back(e, marker);
    return true;
  }

  const Scope& scope_;
  const std::vector<const sql::Expr*>& markers_;
  std::vector<std::pair<sql::Expr*, size_t>> uses_;
};

// The plan's shape: one base table read by a plain scan step, nothing computed per group
// of rows beyond aggregates.
bool SingleTableShape(const SelectPlan& p) {
  if (!p.operands.empty() || p.working != nullptr || p.steps.size() != 1 ||
      !p.where_without_from.empty() || p.outer_width != 0 || !p.window.empty() || p.rollup ||
      !p.groupings.empty() || p.defer_projection || p.scope.sources().size() != 1) {
    return false;
  }
  const Source& source = p.scope.sources()[0];
  if (source.table == nullptr || source.derived != nullptr || source.system != nullptr ||
      source.working != nullptr) {
    return false;
  }
  const JoinStep& step = p.steps[0];
  return step.source == 0 && !step.outer_join && step.method == JoinMethod::kScan &&
         step.build_keys.empty() && step.probe_keys.empty();
}

}  // namespace

bool CollectReusableMarkers(const sql::Select& select, std::vector<const sql::Expr*>* markers) {
  markers->clear();
  if (!select.with.empty() || !select.compound.empty() || !select.windows.empty() ||
      select.from.size() != 1 || select.from[0].is_join() || select.from[0].subquery != nullptr) {
    return false;
  }
  for (const sql::SelectItem& item : select.items) {
    if (!CollectIn(item.expr.get(), nullptr)) return false;
  }
  for (const sql::ExprPtr& e : select.group_by) {
    if (!CollectIn(e.get(), nullptr)) return false;
  }
  if (!CollectIn(select.having.get(), nullptr)) return false;
  for (const sql::OrderItem& item : select.order_by) {
    if (!CollectIn(item.expr.get(), nullptr)) return false;
  }
  return CollectIn(select.where.get(), markers);
}

std::unique_ptr<ReusablePlan> ReusablePlan::Make(std::shared_ptr<SelectPlan> plan,
                                                 const std::vector<const sql::Expr*>& markers) {
  if (plan == nullptr || !SingleTableShape(*plan)) return nullptr;
  for (const sql::Expr* marker : markers) {
    if (!marker->literal.is_integer()) return nullptr;
  }
  PlanChecker checker(plan->scope, markers);
  // Markers may only be read where rows are chosen, never where results are computed or
  // typed.
  for (sql::ExprPtr& e : plan->outputs) {
    if (!checker.Check(e.get(), nullptr, false)) return nullptr;
  }
  for (sql::ExprPtr& e : plan->group_by) {
    if (!checker.Check(e.get(), nullptr, false)) return nullptr;
  }
  if (!checker.Check(plan->having.get(), nullptr, false)) return nullptr;
  for (OrderKey& key : plan->order) {
    if (!checker.Check(key.expr.get(), nullptr, false)) return nullptr;
  }
  JoinStep& step = plan->steps[0];
  if (!checker.Check(step.path_expr.get(), nullptr, true)) return nullptr;
  for (std::vector<sql::ExprPtr>* list : {&step.local_conditions, &step.conditions,
                                          &step.filters}) {
    for (sql::ExprPtr& e : *list) {
      if (!checker.Check(e.get(), nullptr, true)) return nullptr;
    }
  }
  // A marker whose value was used up while binding (left no copy to set) makes the plan
  // depend on that value.
  std::vector<bool> used(markers.size(), false);
  for (const auto& [node, marker] : checker.uses()) used[marker] = true;
  for (bool u : used) {
    if (!u) return nullptr;
  }
  std::unique_ptr<ReusablePlan> reusable(new ReusablePlan());
  for (const auto& [node, marker] : checker.uses()) reusable->uses_.push_back({node, marker});
  for (const sql::Expr* marker : markers) {
    reusable->unsigned_values_.push_back(marker->literal.is_uint());
  }
  reusable->table_ = plan->scope.sources()[0].table.get();
  reusable->kind_ = step.path.kind;
  reusable->index_ = step.path.index;
  reusable->key_columns_ = step.path.key_columns;
  reusable->range_ = step.path.range;
  reusable->plan_ = std::move(plan);
  return reusable;
}

bool ReusablePlan::Rebind(const std::vector<const sql::Expr*>& markers) {
  if (markers.size() != unsigned_values_.size()) return false;
  for (size_t i = 0; i < markers.size(); ++i) {
    const Value& value = markers[i]->literal;
    if (!value.is_integer() || value.is_uint() != unsigned_values_[i]) return false;
  }
  for (const MarkerUse& use : uses_) use.node->literal = markers[use.marker]->literal;
  JoinStep& step = plan_->steps[0];
  const Source& source = plan_->scope.sources()[0];
  AccessPath path =
      ChooseAccessPath(*source.table, step.path_expr.get(), source.index_choice.get());
  if (path.kind != kind_ || path.index != index_ || path.key_columns != key_columns_ ||
      path.range != range_ ||
      (path.decided & step.decided_by_path) != step.decided_by_path) {
    return false;
  }
  step.path = std::move(path);
  return true;
}

}  // namespace ordinal::engine::plan
