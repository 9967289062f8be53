// The join plan of a FROM clause: the order in which its sources are read, how each one is
// read, and where each condition is checked.
//
// Conditions. WHERE and inner-join ON clauses are split into conjuncts; each is checked at
// the first step where every source it names has been read (pushed down as far as it can
// go). A LEFT JOIN's ON conjuncts (and a RIGHT JOIN's, which is a LEFT JOIN with its
// operands read the other way round) decide which rows of its source match; when none
// does, the step produces one row of NULLs for the source instead. WHERE conjuncts that
// name an outer-joined source are checked after its step, NULL-extended rows included.
//
// Order and method by cost (cost_model.h, docs/statistics.md). From the table statistics,
// each step is given an estimate of the rows it reads and of the rows of the join after
// it; a step's cost is that of reading its source once (the first step, a hash join or a
// nested loop: the source's own access path, then hashing its rows and probing with the
// join's, or trying every pair) or, when a join condition names a key of the source, of an
// index lookup per row of the join so far, whichever is lower. The order is the one of least
// total cost over every order (dynamic programming over the subsets of sources; greedy, by
// least cost of the next step, beyond seven sources), ties in FROM order. An outer-joined
// source comes after every source to its left in FROM (its preserved side).
//
// Methods.
//   kScan         the first source, read along its access path
//   kIndexLookup  per row of the sources before it, the access path its conditions give with
//                 those rows' values (the primary key or an index matching the join
//                 condition), when that costs less than reading the source once
//   kHashJoin     an equality between an expression of this source and one of the sources
//                 before it: the source's rows (read once along their own path) are hashed
//                 on the first expression and probed with the second
//   kNestedLoop   otherwise: the source's rows, read once, are tried against every row
// The access path of a derived table is always its materialized rows.
#ifndef ORDINAL_ENGINE_PLAN_JOIN_PLAN_H_
#define ORDINAL_ENGINE_PLAN_JOIN_PLAN_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/plan/access_path.h"
#include "engine/plan/scope.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::catalog {
struct TableStats;  // table_stats.h
}  // namespace ordinal::engine::catalog

namespace ordinal::engine::plan {

enum class JoinMethod { kScan, kIndexLookup, kHashJoin, kNestedLoop };

// "scan", "index lookup", "hash join", "nested loop": the `join` column of EXPLAIN.
std::string_view JoinMethodName(JoinMethod method);

struct JoinStep {
  int source = 0;            // index into the scope's sources
  bool outer_join = false;   // NULL-extend when no row matches `conditions`
  JoinMethod method = JoinMethod::kScan;
  // Conjuncts for the source's access path, bound to the source's own row (table layout).
  // Literal nodes with slot >= 0 are placeholders: before planning a read, the executor
  // sets their value from that slot of the current row. nullptr: none.
  sql::ExprPtr path_expr;
  // The path planned with placeholder values standing in (what EXPLAIN shows).
  AccessPath path;
  // The conjuncts of `path_expr` (AccessPath::decided's bits) that `path` decides and that
  // are therefore in no list below: every row the path reaches satisfies them. Only the
  // first step's, when its path_expr has no placeholders, so that the path chosen again
  // from it is the same; a path chosen again must still decide them (the executor checks).
  uint64_t decided_by_path = 0;
  // Row layout: all must hold for a row to match. `local_conditions` name no other source
  // of this query, so a source read once (nested loop, hash join) is filtered by them as it
  // is loaded.
  std::vector<sql::ExprPtr> local_conditions;
  std::vector<sql::ExprPtr> conditions;
  std::vector<sql::ExprPtr> filters;     // row layout: checked after the step
  std::vector<sql::ExprPtr> build_keys;  // kHashJoin: over this source's slots only
  std::vector<sql::ExprPtr> probe_keys;  // kHashJoin: over earlier slots
  // Estimates (EXPLAIN): the rows the step reads from its source (per row of the steps
  // before it for kIndexLookup, once for the others), the rows of the join after it, and
  // the step's cost (cost_model.h units).
  double estimated_rows = 0;
  double estimated_output = 0;
  double estimated_cost = 0;
};

// The statistics of a table (nullptr or an unset function: none, defaults are assumed).
using TableStatsFn =
    std::function<std::shared_ptr<const catalog::TableStats>(const catalog::TableInfo&)>;

// The fraction of `stats.sample` (rows of the table) for which `predicate` (bound to the
// table's row) holds, or a negative number when it cannot tell (no sample; a predicate it
// does not evaluate). Unset: never tells.
using SampleSelectivityFn =
    std::function<double(const catalog::TableStats& stats, const sql::Expr& predicate)>;

// A conjunct of WHERE or ON, bound to the row layout, with the sources it names.
struct Conjunct {
  sql::ExprPtr expr;
  std::vector<bool> sources;  // sources[i]: names source i
  bool on_outer = false;      // from the ON clause of outer-joined source `outer_source`
  int outer_source = -1;
};

// How one source joins the ones before it in FROM.
struct SourceJoin {
  bool outer_join = false;
  std::vector<int> after;  // sources that must be read first (an outer join's preserved side)
};

// Plans the steps for `scope`'s sources. `conjuncts` are moved into the steps.
std::vector<JoinStep> PlanJoins(const Scope& scope, const std::vector<SourceJoin>& joins,
                                std::vector<Conjunct> conjuncts, const TableStatsFn& stats,
                                const SampleSelectivityFn& sample_selectivity);

// Turns step `step` of a plan (not the first, not an outer join) into a lookup of at most
// one row per row of the steps before it: the primary key of its table equated to values
// of those rows by its conditions (MySQL's eq_ref). False, the step unchanged, when its
// conditions do not give such a lookup. With `check_only`, the step is left as it is either
// way.
bool MakeUniqueLookup(const Scope& scope, JoinStep& step, bool check_only = false);

// Splits `expr` at its top-level ANDs, appending the parts to `out`.
void SplitConjuncts(sql::ExprPtr expr, std::vector<sql::ExprPtr>* out);

// Marks the sources of `scope` that `expr`'s column slots fall in.
void MarkSources(const sql::Expr& expr, const Scope& scope, std::vector<bool>* sources);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_JOIN_PLAN_H_
