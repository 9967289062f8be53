#include "engine/plan/join_plan.h"

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/catalog/table_stats.h"
#include "engine/plan/binder.h"
#include "engine/plan/cost_model.h"

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

bool NamesOnly(const std::vector<bool>& names, int source) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] && static_cast<int>(i) != source) return false;
  }
  return true;
}

// Conjuncts of one source's step that are equalities between an expression of the source
// alone and one of earlier sources, comparable by the hash join's keys: `side` is the
// child over the source.
bool HashablePair(const sql::Expr& e, const Scope& scope, int source, int* side) {
  if (e.kind != sql::ExprKind::kBinary || e.binary_op != sql::BinaryOp::kEq ||
      ContainsSubquery(e) || ContainsAggregate(e)) {
    return false;
  }
  for (int s = 0; s < 2; ++s) {
    std::vector<bool> build(scope.sources().size(), false);
    std::vector<bool> probe(scope.sources().size(), false);
    MarkSources(*e.children[s], scope, &build);
    MarkSources(*e.children[1 - s], scope, &probe);
    if (!build[source] || !NamesOnly(build, source) || probe[source]) continue;
    auto type = [&](int slot) { return scope.TypeOf(slot); };
    const bool build_numeric = IsNumeric(InferSlotType(*e.children[s], type));
    const bool probe_numeric = IsNumeric(InferSlotType(*e.children[1 - s], type));
    if (build_numeric != probe_numeric) continue;
    *side = s;
    return true;
  }
  return false;
}

// The planner: a join order by dynamic programming over the subsets of sources (greedy for
// many sources), each step's method chosen by cost (cost_model.h).
class Planner {
 public:
  Planner(const Scope& scope, const std::vector<SourceJoin>& joins,
          std::vector<Conjunct> conjuncts, const TableStatsFn& stats,
          const SampleSelectivityFn& sample_selectivity)
      : scope_(scope), joins_(joins), conjuncts_(std::move(conjuncts)),
        sample_selectivity_(sample_selectivity),
        fractions_(conjuncts_.size(), -1),
        placed_(scope.sources().size(), false), used_(conjuncts_.size(), false) {
    for (const Conjunct& c : conjuncts_) {
      std::vector<int> named;
      for (size_t s = 0; s < c.sources.size(); ++s) {
        if (c.sources[s]) named.push_back(static_cast<int>(s));
      }
      named_.push_back(std::move(named));
    }
    // Only these conjuncts can belong to a source's step: the others name a source that is
    // neither placed before it nor the source itself, or were attached before.
    candidates_.resize(scope.sources().size());
    for (size_t i = 0; i < conjuncts_.size(); ++i) {
      const Conjunct& c = conjuncts_[i];
      for (size_t s = 0; s < candidates_.size(); ++s) {
        const bool names = c.sources[s] || named_[i].empty();
        if (c.on_outer ? c.outer_source == static_cast<int>(s) : names) {
          candidates_[s].push_back(i);
        }
      }
    }
    for (const Source& source : scope_.sources()) {
      std::shared_ptr<const catalog::TableStats> table_stats;
      if (source.table != nullptr && stats) table_stats = stats(*source.table);
      if (source.table != nullptr && table_stats == nullptr) {
        table_stats = std::make_shared<const catalog::TableStats>();
      }
      stats_.push_back(std::move(table_stats));
    }
  }

  std::vector<JoinStep> Plan() {
    std::vector<JoinStep> steps;
    double outer_rows = 1;
    for (int source : ChooseOrder()) {
      std::vector<size_t> path_parts;
      JoinStep step = Evaluate(source, placed_, outer_rows, /*complete=*/true, &path_parts);
      outer_rows = step.estimated_output;
      if (steps.empty()) LeaveOutDecided(step, path_parts);
      Attach(step);
      placed_[source] = true;
      steps.push_back(std::move(step));
    }
    return steps;
  }

 private:
  // Up to this many sources, every order is considered (2^n subsets).
  static constexpr size_t kExhaustiveSources = 7;

  size_t Count() const { return scope_.sources().size(); }

  bool Eligible(int source, const std::vector<bool>& placed) const {
    for (int before : joins_[source].after) {
      if (!placed[before]) return false;
    }
    return true;
  }

  // Whether conjunct `i` was attached to a step of the sources in `placed` (`any`: some
  // source is placed).
  bool Used(size_t i, const std::vector<bool>& placed, bool any) const {
    if (!any) return false;
    const Conjunct& c = conjuncts_[i];
    if (c.on_outer) return placed[c.outer_source];
    for (int s : named_[i]) {
      if (!placed[s]) return false;
    }
    return true;
  }

  // Whether conjunct `i` belongs to the step of `source` placed after `placed`.
  bool Belongs(size_t i, const std::vector<bool>& placed, int source) const {
    const Conjunct& c = conjuncts_[i];
    if (c.on_outer) return c.outer_source == source;
    for (int s : named_[i]) {
      if (!placed[s] && s != source) return false;
    }
    return true;
  }

  // Whether conjunct `i` names no source but `source`.
  bool NamesOnlySource(size_t i, int source) const {
    for (int s : named_[i]) {
      if (s != source) return false;
    }
    return true;
  }

  std::vector<int> ChooseOrder() const {
    const size_t n = Count();
    if (n == 1) return {0};
    if (n > kExhaustiveSources) return GreedyOrder();
    struct Best {
      double cost = -1;  // < 0: not reached
      double rows = 1;
      int last = -1;
    };
    std::vector<Best> best(size_t{1} << n);
    best[0].cost = 0;
    for (size_t set = 0; set < best.size(); ++set) {
      if (best[set].cost < 0) continue;
      std::vector<bool> placed(n, false);
      for (size_t i = 0; i < n; ++i) placed[i] = (set >> i & 1) != 0;
      for (size_t s = 0; s < n; ++s) {
        if (placed[s] || !Eligible(static_cast<int>(s), placed)) continue;
        const JoinStep step = Evaluate(static_cast<int>(s), placed, best[set].rows);
        Best& next = best[set | size_t{1} << s];
        const double cost = best[set].cost + step.estimated_cost;
        if (next.cost < 0 || cost < next.cost * (1 - 1e-9)) {
          next = Best{cost, step.estimated_output, static_cast<int>(s)};
        }
      }
    }
    if (best.back().cost < 0) return GreedyOrder();
    std::vector<int> order;
    for (size_t set = best.size() - 1; set != 0; set &= ~(size_t{1} << best[set].last)) {
      order.insert(order.begin(), best[set].last);
    }
    return order;
  }

  std::vector<int> GreedyOrder() const {
    std::vector<bool> placed(Count(), false);
    std::vector<int> order;
    double rows = 1;
    for (size_t n = 0; n < Count(); ++n) {
      int chosen = -1;
      JoinStep chosen_step;
      for (size_t s = 0; s < Count(); ++s) {
        if (placed[s] || !Eligible(static_cast<int>(s), placed)) continue;
        JoinStep step = Evaluate(static_cast<int>(s), placed, rows);
        if (chosen < 0 || step.estimated_cost < chosen_step.estimated_cost) {
          chosen = static_cast<int>(s);
          chosen_step = std::move(step);
        }
      }
      placed[chosen] = true;
      rows = chosen_step.estimated_output;
      order.push_back(chosen);
    }
    return order;
  }

  // How many rows of `source` share one value of `expr` (a column of the source with
  // statistics through an index it leads); 0 when unknown.
  double RowsPerKey(int source, const sql::Expr& expr) const {
    const Source& src = scope_.sources()[source];
    if (src.table == nullptr || expr.kind != sql::ExprKind::kColumn) return 0;
    const uint32_t column = static_cast<uint32_t>(expr.slot - src.offset);
    const catalog::TableStats& stats = *stats_[source];
    const ordinal::v1::TableDef& def = src.table->def;
    if (def.primary_key().column_indexes_size() > 0 &&
        def.primary_key().column_indexes(0) == column) {
      return stats.RowsPerValue(0, 1);
    }
    for (const ordinal::v1::IndexDef& index : def.indexes()) {
      if (index.column_indexes_size() > 0 && index.column_indexes(0) == column) {
        return stats.RowsPerValue(index.id(), 1);
      }
    }
    return 0;
  }

  double SourceRows(int source) const {
    const Source& src = scope_.sources()[source];
    if (src.table != nullptr) return std::max(stats_[source]->rows, 1.0);
    if (src.system != nullptr) return std::max<double>(src.system->rows.size(), 1);
    return kUnknownRows;
  }

  // An access path of a source, chosen for a set of conjuncts, with the rows it reads and
  // their cost (and for a source's own path, the fraction its other local conditions keep).
  struct PathChoice {
    AccessPath path;
    double rows = 0;
    double cost = 0;
    double local_fraction = 1;
  };
  // Paths by source, whether they are its own, and the conjuncts that make them
  // (ascending): the same in every order the planner tries, so each is chosen once per
  // planning.
  using PathKey = std::tuple<int, bool, std::vector<size_t>>;

  // The conjunction of `parts` over `source`'s own row (ForPath), and whether a part refers
  // to a slot of this query.
  sql::ExprPtr PathExpr(int source, const std::vector<size_t>& parts, bool* dynamic) const {
    std::vector<sql::ExprPtr> exprs;
    for (size_t i : parts) {
      exprs.push_back(ForPath(*conjuncts_[i].expr, scope_, scope_.sources()[source], dynamic));
    }
    return AndOf(std::move(exprs));
  }

  // The path of `source` (a table) that the conjuncts `parts` give; `own`: they are the
  // source's own (static) conditions, whose path also gets its local fraction.
  const PathChoice& ChoosePath(int source, const std::vector<size_t>& parts,
                               const std::vector<bool>& placed, bool own) const {
    auto [it, added] = paths_.try_emplace(PathKey{source, own, parts});
    if (!added) return it->second;
    const Source& src = scope_.sources()[source];
    bool dynamic = false;
    const sql::ExprPtr expr = PathExpr(source, parts, &dynamic);
    PathChoice& choice = it->second;
    choice.path = ChooseAccessPath(*src.table, expr.get(), src.index_choice.get());
    choice.rows = PathRows(choice.path, *stats_[source]);
    choice.cost = PathCost(choice.path, choice.rows);
    if (own) choice.local_fraction = LocalSelectivity(source, placed, choice.path);
    return choice;
  }

  // The step for `source` if it were placed after the sources in `placed`, whose join has
  // `outer_rows` rows (conditions not attached yet), with its method chosen by cost. With
  // `complete`, the step gets its path expression (what Plan keeps); orders being compared
  // need only the estimates.
  JoinStep Evaluate(int source, const std::vector<bool>& placed, double outer_rows,
                    bool complete = false, std::vector<size_t>* path_parts_out = nullptr) const {
    bool first = true;
    for (bool p : placed) first &= !p;
    JoinStep step;
    step.source = source;
    step.outer_join = joins_[source].outer_join;
    const Source& src = scope_.sources()[source];
    std::vector<size_t> path_parts;    // conjuncts for a lookup's path
    std::vector<size_t> static_parts;  // those of them that refer to no slot of this query
    double join_selectivity = 1;
    double key_rows = 0;  // rows of the source per value of its best equality join key
    bool hashable = false;
    for (size_t i : candidates_[source]) {
      const Conjunct& c = conjuncts_[i];
      if (Used(i, placed, !first) || !Belongs(i, placed, source)) continue;
      const bool local = NamesOnlySource(i, source);
      if (!local && c.sources[source] && !(step.outer_join && !c.on_outer)) {
        int side = 0;
        if (HashablePair(*c.expr, scope_, source, &side)) {
          hashable = true;
          const double per_key = RowsPerKey(source, *c.expr->children[side]);
          if (per_key > 0) key_rows = key_rows == 0 ? per_key : std::min(key_rows, per_key);
        } else {
          join_selectivity *= Selectivity(*c.expr);
        }
      }
      if (ContainsSubquery(*c.expr)) continue;
      // A WHERE conjunct on an outer-joined source filters after NULL extension: it cannot
      // narrow the read.
      if (step.outer_join && !c.on_outer) continue;
      if (!c.sources[source]) continue;
      if (!Dynamic(i)) static_parts.push_back(i);
      path_parts.push_back(i);
    }
    double own_rows = SourceRows(source);
    double own_cost = kRowCost * own_rows;
    double filtered = own_rows;
    const PathChoice* own = nullptr;
    if (src.table != nullptr) {
      own = &ChoosePath(source, static_parts, placed, /*own=*/true);
      own_rows = own->rows;
      own_cost = own->cost;
      filtered = own_rows * own->local_fraction;
    }
    filtered = std::max(filtered, 1.0);
    // Rows of the join after this step: each outer row meets the source's rows that share
    // its key value (with no statistics for the key, one) and pass the source's own
    // conditions.
    double output = outer_rows * filtered * join_selectivity;
    if (hashable) {
      const double per_key = (key_rows > 0 ? key_rows : 1.0) * filtered / SourceRows(source);
      output = outer_rows * std::min(filtered, per_key) * join_selectivity;
    }
    if (step.outer_join) output = std::max(output, outer_rows);
    step.estimated_output = std::max(output, 1.0);
    step.estimated_rows = own_rows;
    step.estimated_cost = ReadOnceCost(own_cost, filtered, outer_rows, hashable, first);
    step.method = first ? JoinMethod::kScan : JoinMethod::kNestedLoop;
    if (src.table == nullptr) return step;
    bool dynamic = false;
    if (complete) {
      step.path_expr = PathExpr(source, static_parts, &dynamic);
      step.path = own->path;
      if (path_parts_out != nullptr) *path_parts_out = static_parts;
    }
    if (first) return step;
    const PathChoice& lookup = ChoosePath(source, path_parts, placed, /*own=*/false);
    // The join condition narrows the read beyond the source's own conditions.
    if (lookup.path.kind == AccessKind::kFullScan ||
        (lookup.path.kind == own->path.kind &&
         lookup.path.key_columns == own->path.key_columns)) {
      return step;
    }
    const double lookup_cost = outer_rows * lookup.cost;
    // FORCE INDEX: a lookup through an allowed index whenever one applies.
    const bool forced = src.index_choice != nullptr && src.index_choice->force;
    if (lookup_cost > step.estimated_cost && !forced) return step;
    step.method = JoinMethod::kIndexLookup;
    if (complete) {
      step.path_expr = PathExpr(source, path_parts, &dynamic);
      step.path = lookup.path;
      if (path_parts_out != nullptr) *path_parts_out = path_parts;
    }
    step.estimated_rows = lookup.rows;
    step.estimated_cost = lookup_cost;
    return step;
  }

  // Whether conjunct `i`, over some source, names another source of this query too (its
  // path then takes a value per row of the join so far).
  bool Dynamic(size_t i) const { return named_[i].size() > 1; }

  // The fraction of the rows `path` reads from `source` that its own conditions keep.
  double LocalSelectivity(int source, const std::vector<bool>& placed,
                          const AccessPath& path) const {
    const Source& src = scope_.sources()[source];
    double fraction = 1;
    bool any = false;
    for (bool p : placed) any |= p;
    for (size_t i : candidates_[source]) {
      const Conjunct& c = conjuncts_[i];
      if (Used(i, placed, any) || !Belongs(i, placed, source) || !NamesOnlySource(i, source) ||
          !c.sources[source] || ContainsSubquery(*c.expr)) {
        continue;
      }
      bool dynamic = false;
      const sql::ExprPtr own = ForPath(*c.expr, scope_, src, &dynamic);
      if (UsedByPath(*own, *src.table, path)) continue;
      if (fractions_[i] < 0) {
        double part = -1;
        if (sample_selectivity_ && SafeToSample(*own)) {
          part = sample_selectivity_(*stats_[source], *own);
        }
        fractions_[i] = part >= 0 ? part : Selectivity(*c.expr);
      }
      fraction *= fractions_[i];
    }
    return fraction;
  }

  // A source read once (the first step, a hash join or a nested loop): its own read, then
  // the build and probes of a hash join or the pairs of a nested loop.
  static double ReadOnceCost(double read_cost, double filtered, double outer_rows,
                             bool hashable, bool first) {
    if (first) return read_cost;
    if (hashable) return read_cost + kHashBuildCost * filtered + kHashProbeCost * outer_rows;
    return read_cost + kPairCost * filtered * outer_rows;
  }

  // For the first step, read along its own path (`parts`: the conjuncts its path_expr was
  // made of, in order): marks the conjuncts that path decides as used, so that Attach leaves
  // them out, when choosing the path again from path_expr is sure to decide them again.
  void LeaveOutDecided(JoinStep& step, const std::vector<size_t>& parts) {
    const Source& src = scope_.sources()[step.source];
    if (step.method != JoinMethod::kScan || step.outer_join || src.table == nullptr ||
        src.system != nullptr || src.working != nullptr || step.path_expr == nullptr ||
        HasPlaceholder(*step.path_expr) || AndOperands(*step.path_expr) != parts.size()) {
      return;
    }
    for (size_t k = 0; k < parts.size() && k < 64; ++k) {
      if ((step.path.decided >> k & 1) == 0) continue;
      used_[parts[k]] = true;
      step.decided_by_path |= uint64_t{1} << k;
    }
  }

  // How many operands the top-level ANDs of `e` have (1 when `e` is no AND).
  static size_t AndOperands(const sql::Expr& e) {
    if (e.kind != sql::ExprKind::kBinary || e.binary_op != sql::BinaryOp::kAnd) return 1;
    return AndOperands(*e.children[0]) + AndOperands(*e.children[1]);
  }

  static bool HasPlaceholder(const sql::Expr& e) {
    if (e.kind == sql::ExprKind::kLiteral && e.slot >= 0) return true;
    for (const sql::ExprPtr& child : e.children) {
      if (child != nullptr && HasPlaceholder(*child)) return true;
    }
    return false;
  }

  // Moves the conjuncts belonging to `step` into it and picks hash join keys.
  void Attach(JoinStep& step) {
    for (size_t i = 0; i < conjuncts_.size(); ++i) {
      Conjunct& c = conjuncts_[i];
      if (used_[i] || !Belongs(i, placed_, step.source)) continue;
      used_[i] = true;
      if (step.outer_join && !c.on_outer) {
        step.filters.push_back(std::move(c.expr));
      } else if (NamesOnlySource(i, step.source) && !ContainsSubquery(*c.expr)) {
        step.local_conditions.push_back(std::move(c.expr));
      } else {
        step.conditions.push_back(std::move(c.expr));
      }
    }
    if (step.method == JoinMethod::kNestedLoop) ChooseHashKeys(step);
  }

  void ChooseHashKeys(JoinStep& step) {
    for (const sql::ExprPtr& condition : step.conditions) {
      int side = 0;
      if (!HashablePair(*condition, scope_, step.source, &side)) continue;
      step.build_keys.push_back(CloneExpr(*condition->children[side]));
      step.probe_keys.push_back(CloneExpr(*condition->children[1 - side]));
    }
    if (!step.build_keys.empty()) step.method = JoinMethod::kHashJoin;
  }

  const Scope& scope_;
  const std::vector<SourceJoin>& joins_;
  std::vector<Conjunct> conjuncts_;
  std::vector<std::vector<int>> named_;  // per conjunct: the sources it names, ascending
  // Per source: the conjuncts that may belong to its step (Belongs), ascending.
  std::vector<std::vector<size_t>> candidates_;
  const SampleSelectivityFn& sample_selectivity_;
  std::vector<std::shared_ptr<const catalog::TableStats>> stats_;  // per source; null: none
  // Per conjunct naming one source only: the fraction of its rows it keeps (< 0: not known
  // yet). The same whatever the order, so computed once.
  mutable std::vector<double> fractions_;
  mutable std::map<PathKey, PathChoice> paths_;  // ChoosePath's
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

bool MakeUniqueLookup(const Scope& scope, JoinStep& step, bool check_only) {
  const Source& source = scope.sources()[step.source];
  if (step.outer_join || source.table == nullptr || source.system != nullptr ||
      source.working != nullptr) {
    return false;
  }
  if (step.method == JoinMethod::kIndexLookup) {
    return step.path.kind == AccessKind::kPrimaryPoint && step.path.point_keys.size() == 1;
  }
  std::vector<sql::ExprPtr> parts;
  bool dynamic = false;
  for (const auto* conditions : {&step.local_conditions, &step.conditions}) {
    for (const sql::ExprPtr& condition : *conditions) {
      if (ContainsSubquery(*condition)) continue;
      parts.push_back(ForPath(*condition, scope, source, &dynamic));
    }
  }
  sql::ExprPtr path_expr = AndOf(std::move(parts));
  AccessPath path = ChooseAccessPath(*source.table, path_expr.get(), source.index_choice.get());
  if (path.kind != AccessKind::kPrimaryPoint || path.point_keys.size() != 1) {
    return false;
  }
  if (check_only) return true;
  step.method = JoinMethod::kIndexLookup;
  step.path_expr = std::move(path_expr);
  step.path = std::move(path);
  step.build_keys.clear();
  step.probe_keys.clear();
  step.estimated_rows = 1;
  return true;
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
                                std::vector<Conjunct> conjuncts, const TableStatsFn& stats,
                                const SampleSelectivityFn& sample_selectivity) {
  return Planner(scope, joins, std::move(conjuncts), stats, sample_selectivity).Plan();
}

}  // namespace ordinal::engine::plan
