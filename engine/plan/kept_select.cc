#include "engine/plan/kept_select.h"

namespace ordinal::engine::plan {
namespace {

// Whether `e` (null: nothing) is made only of the node kinds the header allows.
bool Plain(const sql::Expr* e) {
  if (e == nullptr) return true;
  if (e->kind == sql::ExprKind::kLiteral && e->text == "?") return false;  // a marker
  if (e->kind != sql::ExprKind::kLike && !PlainNode(*e)) return false;
  for (const sql::ExprPtr& child : e->children) {
    if (!Plain(child.get())) return false;
  }
  return true;
}

bool PlainList(const std::vector<sql::ExprPtr>& list) {
  for (const sql::ExprPtr& e : list) {
    if (!Plain(e.get())) return false;
  }
  return true;
}

// Appends the tables `ref` names; false on a derived table or an ON clause that is not plain.
bool NamedTables(const sql::TableRef& ref, std::vector<const sql::TableName*>* tables) {
  if (ref.is_join()) {
    return Plain(ref.on.get()) && NamedTables(*ref.left, tables) &&
           NamedTables(*ref.right, tables);
  }
  if (ref.subquery != nullptr) return false;
  tables->push_back(&ref.name);
  return true;
}

}  // namespace

bool PlainNode(const sql::Expr& e) {
  if (e.subquery != nullptr || e.subquery_runner != nullptr || e.over != nullptr) return false;
  switch (e.kind) {
    case sql::ExprKind::kLiteral:
    case sql::ExprKind::kColumn:
    case sql::ExprKind::kUnary:
    case sql::ExprKind::kBinary:
    case sql::ExprKind::kIn:
    case sql::ExprKind::kBetween:
    case sql::ExprKind::kIsNull:
      return true;
    case sql::ExprKind::kFunction:
      return e.IsAggregate();
    default:
      return false;
  }
}

bool KeepableSelect(const sql::Select& select, std::vector<const sql::TableName*>* tables) {
  tables->clear();
  if (!select.with.empty() || !select.compound.empty() || !select.windows.empty() ||
      select.from.empty() || select.rollup) {
    return false;
  }
  for (const sql::SelectItem& item : select.items) {
    if (!Plain(item.expr.get())) return false;
  }
  if (!Plain(select.where.get()) || !PlainList(select.group_by) ||
      !Plain(select.having.get())) {
    return false;
  }
  for (const sql::OrderItem& item : select.order_by) {
    if (!Plain(item.expr.get())) return false;
  }
  for (const sql::TableRef& ref : select.from) {
    if (!NamedTables(ref, tables)) return false;
  }
  return true;
}

bool KeepablePlan(const SelectPlan& plan) {
  if (!plan.operands.empty() || plan.working != nullptr || plan.outer_width != 0 ||
      !plan.window.empty() || plan.rollup || !plan.groupings.empty() ||
      plan.defer_projection || plan.steps.empty()) {
    return false;
  }
  for (const Source& source : plan.scope.sources()) {
    if (source.table == nullptr || source.derived != nullptr || source.system != nullptr ||
        source.working != nullptr) {
      return false;
    }
  }
  return true;
}

}  // namespace ordinal::engine::plan
