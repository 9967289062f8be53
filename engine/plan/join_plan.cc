#include "engine/plan/join_plan.h"

#include <utility>

#include "engine/plan/binder.h"

namespace ordinal::engine::plan {
namespace {

bool IsSubquery(const sql::Expr& expr) {
  return expr.kind == sql::ExprKind::kSubquery || expr.kind == sql::ExprKind::kExists ||
         expr.kind == sql::ExprKind::kInSubquery || expr.kind == sql::ExprKind::kQuantified;
}

bool ContainsSubquery(const sql::Expr& expr) {
  if (IsSubquery(expr)) return true;
  for (const sql::ExprPtr& child : expr.children) {
    if (ContainsSubquery(*child)) return true;
  }
  return false;
}

// Lower is narrower.
int PathRank(AccessKind kind) {
  switch (kind) {
    case AccessKind::kPrimaryPoint: return 0;
    case AccessKind::kIndexPoint: return 1;
    case AccessKind::kPrimaryRange: return 2;
    case AccessKind::kIndexRange: return 3;
    default: return 4;
  }
}

bool IsNumeric(ColumnType type) {
  return type == ColumnType::kInt || type == ColumnType::kDouble || type == ColumnType::kBool;
}

// A placeholder literal of `type`'s kind, standing in for a value known only at run time.
Value Representative(ColumnType type) {
  if (type == ColumnType::kDouble) return Value::Double(0);
  if (IsNumeric(type)) return Value::Int(0);
  return Value::String("");
}

// A copy of `expr` over `source`'s own row: its columns rebound to the source's layout,
// every other column turned into a placeholder literal. `dynamic` is set when a placeholder
// refers to a slot of this query (not of the enclosing one).
sql::ExprPtr ForPath(const sql::Expr& expr, const Scope& scope, const Source& source,
                     bool* dynamic) {
  sql::ExprPtr copy = CloneExpr(expr);
  std::vector<sql::Expr*> stack = {copy.get()};
  while (!stack.empty()) {
    sql::Expr* e = stack.back();
    stack.pop_back();
    if (e->kind == sql::ExprKind::kColumn) {
      if (e->slot >= source.offset && e->slot < source.offset + source.width()) {
        e->slot -= source.offset;
      } else {
        *dynamic |= e->slot < scope.own_width();
        const ColumnType type = scope.TypeOf(e->slot);
        e->kind = sql::ExprKind::kLiteral;
        e->literal = Representative(type);
      }
      continue;
    }
    for (sql::ExprPtr& child : e->children) stack.push_back(child.get());
  }
  return copy;
}

sql::ExprPtr AndOf(std::vector<sql::ExprPtr> parts) {
  if (parts.empty()) return nullptr;
  sql::ExprPtr result = std::move(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i) {
    auto node = std::make_unique<sql::Expr>();
    node->kind = sql::ExprKind::kBinary;
    node->binary_op = sql::BinaryOp::kAnd;
    node->children.push_back(std::move(result));
    node->children.push_back(std::move(parts[i]));
    result = std::move(node);
  }
  return result;
}

// Whether every source `expr` names is in `placed` or is `source`.
bool Available(const std::vector<bool>& names, const std::vector<bool>& placed, int source) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] && !placed[i] && static_cast<int>(i) != source) return false;
  }
  return true;
}

bool NamesOnly(const std::vector<bool>& names, int source) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] && static_cast<int>(i) != source) return false;
  }
  return true;
}

class Planner {
 public:
  Planner(const Scope& scope, const std::vector<SourceJoin>& joins,
          std::vector<Conjunct> conjuncts)
      : scope_(scope), joins_(joins), conjuncts_(std::move(conjuncts)),
        placed_(scope.sources().size(), false), used_(conjuncts_.size(), false) {}

  std::vector<JoinStep> Plan() {
    std::vector<JoinStep> steps;
    for (size_t n = 0; n < scope_.sources().size(); ++n) {
      int best = -1;
      JoinStep best_step;
      int best_score = 0;
      for (size_t s = 0; s < scope_.sources().size(); ++s) {
        if (placed_[s] || !Eligible(static_cast<int>(s))) continue;
        JoinStep step = Candidate(static_cast<int>(s), n == 0);
        const int score = Score(step);
        if (best < 0 || score < best_score) {
          best = static_cast<int>(s);
          best_score = score;
          best_step = std::move(step);
        }
      }
      Attach(best_step);
      placed_[best] = true;
      steps.push_back(std::move(best_step));
    }
    return steps;
  }

 private:
  bool Eligible(int source) const {
    for (int before : joins_[source].after) {
      if (!placed_[before]) return false;
    }
    return true;
  }

  // Whether conjunct `c` belongs to the step of `source`.
  bool Belongs(const Conjunct& c, int source) const {
    if (c.on_outer) return c.outer_source == source;
    return Available(c.sources, placed_, source);
  }

  // The step for `source` if it were placed next (conditions not attached yet).
  JoinStep Candidate(int source, bool first) const {
    JoinStep step;
    step.source = source;
    step.outer_join = joins_[source].outer_join;
    const Source& src = scope_.sources()[source];
    std::vector<sql::ExprPtr> path_parts;
    std::vector<sql::ExprPtr> static_parts;
    for (size_t i = 0; i < conjuncts_.size(); ++i) {
      const Conjunct& c = conjuncts_[i];
      if (used_[i] || !Belongs(c, source) || ContainsSubquery(*c.expr)) continue;
      // A WHERE conjunct on an outer-joined source filters after NULL extension: it cannot
      // narrow the read.
      if (step.outer_join && !c.on_outer) continue;
      if (!c.sources[source]) continue;
      bool dynamic = false;
      sql::ExprPtr part = ForPath(*c.expr, scope_, src, &dynamic);
      if (!dynamic) static_parts.push_back(CloneExpr(*part));
      path_parts.push_back(std::move(part));
    }
    if (src.table == nullptr) {
      step.method = first ? JoinMethod::kScan : JoinMethod::kNestedLoop;
      return step;
    }
    step.path_expr = AndOf(std::move(path_parts));
    step.path = ChooseAccessPath(*src.table, step.path_expr.get());
    if (first) {
      step.method = JoinMethod::kScan;
      return step;
    }
    if (step.path.kind != AccessKind::kFullScan) {
      sql::ExprPtr static_expr = AndOf(std::move(static_parts));
      const AccessPath own = ChooseAccessPath(*src.table, static_expr.get());
      // The join condition narrows the read beyond the source's own conditions.
      if (own.kind != step.path.kind || own.key_columns != step.path.key_columns) {
        step.method = JoinMethod::kIndexLookup;
        return step;
      }
    }
    step.path_expr = AndOf(std::move(static_parts));
    step.path = ChooseAccessPath(*src.table, step.path_expr.get());
    step.method = JoinMethod::kNestedLoop;
    return step;
  }

  int Score(const JoinStep& step) const {
    const int rank = PathRank(step.path.kind);
    if (step.method == JoinMethod::kIndexLookup) return rank;
    return 10 + rank;
  }

  // Moves the conjuncts belonging to `step` into it and picks hash join keys.
  void Attach(JoinStep& step) {
    for (size_t i = 0; i < conjuncts_.size(); ++i) {
      Conjunct& c = conjuncts_[i];
      if (used_[i] || !Belongs(c, step.source)) continue;
      used_[i] = true;
      if (step.outer_join && !c.on_outer) {
        step.filters.push_back(std::move(c.expr));
      } else if (NamesOnly(c.sources, step.source) && !ContainsSubquery(*c.expr)) {
        step.local_conditions.push_back(std::move(c.expr));
      } else {
        step.conditions.push_back(std::move(c.expr));
      }
    }
    if (step.method == JoinMethod::kNestedLoop) ChooseHashKeys(step);
  }

  void ChooseHashKeys(JoinStep& step) {
    for (const sql::ExprPtr& condition : step.conditions) {
      const sql::Expr& e = *condition;
      if (e.kind != sql::ExprKind::kBinary || e.binary_op != sql::BinaryOp::kEq ||
          ContainsSubquery(e)) {
        continue;
      }
      for (int side = 0; side < 2; ++side) {
        std::vector<bool> build(scope_.sources().size(), false);
        std::vector<bool> probe(scope_.sources().size(), false);
        MarkSources(*e.children[side], scope_, &build);
        MarkSources(*e.children[1 - side], scope_, &probe);
        if (!build[step.source] || !NamesOnly(build, step.source) || probe[step.source] ||
            ContainsAggregate(e)) {
          continue;
        }
        auto type = [&](int slot) { return scope_.TypeOf(slot); };
        const bool build_numeric = IsNumeric(InferSlotType(*e.children[side], type));
        const bool probe_numeric = IsNumeric(InferSlotType(*e.children[1 - side], type));
        if (build_numeric != probe_numeric) continue;
        step.build_keys.push_back(CloneExpr(*e.children[side]));
        step.probe_keys.push_back(CloneExpr(*e.children[1 - side]));
        break;
      }
    }
    if (!step.build_keys.empty()) step.method = JoinMethod::kHashJoin;
  }

  const Scope& scope_;
  const std::vector<SourceJoin>& joins_;
  std::vector<Conjunct> conjuncts_;
  std::vector<bool> placed_;
  std::vector<bool> used_;
};

}  // namespace

std::string_view JoinMethodName(JoinMethod method) {
  switch (method) {
    case JoinMethod::kScan: return "scan";
    case JoinMethod::kIndexLookup: return "index lookup";
    case JoinMethod::kHashJoin: return "hash join";
    case JoinMethod::kNestedLoop: return "nested loop";
  }
  return "scan";
}

void SplitConjuncts(sql::ExprPtr expr, std::vector<sql::ExprPtr>* out) {
  if (expr == nullptr) return;
  if (expr->kind == sql::ExprKind::kBinary && expr->binary_op == sql::BinaryOp::kAnd) {
    SplitConjuncts(std::move(expr->children[0]), out);
    SplitConjuncts(std::move(expr->children[1]), out);
    return;
  }
  out->push_back(std::move(expr));
}

void MarkSources(const sql::Expr& expr, const Scope& scope, std::vector<bool>* sources) {
  if (IsSubquery(expr)) {
    // A subquery may refer to any source of this query: check it once all are read.
    sources->assign(scope.sources().size(), true);
    return;
  }
  if (expr.kind == sql::ExprKind::kColumn) {
    const int source = scope.SourceOf(expr.slot);
    if (source >= 0) (*sources)[source] = true;
    return;
  }
  for (const sql::ExprPtr& child : expr.children) MarkSources(*child, scope, sources);
}

std::vector<JoinStep> PlanJoins(const Scope& scope, const std::vector<SourceJoin>& joins,
                                std::vector<Conjunct> conjuncts) {
  return Planner(scope, joins, std::move(conjuncts)).Plan();
}

}  // namespace ordinal::engine::plan
