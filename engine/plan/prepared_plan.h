// Reusing a prepared SELECT's plan between executions.
//
// A prepared statement is parsed once; each execution sets its `?` markers (literal nodes,
// engine/sql/parser.h) to new values. Binding the statement again at every execution costs
// more than reading one row, so a plan is kept when it provably does not depend on the
// markers' values beyond the comparisons that read them at run time:
//
//  - the query reads one base table (no join, view, derived table, subquery, CTE, compound
//    query or window), and every expression of its plan is made of columns, literals,
//    comparisons, AND/OR/NOT, IN lists, BETWEEN, IS NULL and aggregate calls (no function
//    that reads session state or has effects, no variables);
//  - markers appear only in WHERE, each one compared with an integer column (`=`, `<>`,
//    `<`, `<=`, `>`, `>=`, `<=>`, BETWEEN, IN), and each was bound to an integer value that
//    the binder kept as it is (no temporal, ENUM or bit-literal rewriting applies to an
//    integer compared with an integer column);
//  - a new execution's values are integers of the same signedness.
//
// Rebind() copies the new values into the plan's copies of the markers and chooses the
// access path again from them (its key bounds come from the values); when that path has
// another shape than the one the plan was built around (another kind, index or number of
// key columns), or no longer decides the conditions the plan left to it
// (JoinStep::decided_by_path), the plan is dropped and the statement bound again. The caller owns the
// other conditions of reuse: the same statement text, the same table definition (the
// catalog's TableInfo), and no change of the session settings binding reads.
//
// Thread safety: a ReusablePlan belongs to one session; not thread-safe.
#ifndef ORDINAL_ENGINE_PLAN_PREPARED_PLAN_H_
#define ORDINAL_ENGINE_PLAN_PREPARED_PLAN_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/plan/access_path.h"
#include "engine/plan/select_plan.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

// The markers of `select` in written order, when the statement has the shape above as far
// as its syntax tells (one named table, no subqueries, markers only in WHERE); false
// otherwise. A statement without markers returns true with none.
bool CollectReusableMarkers(const sql::Select& select, std::vector<const sql::Expr*>* markers);

class ReusablePlan {
 public:
  // Keeps `plan`, just bound from a statement whose markers are `markers` (with the values
  // it was bound with). nullptr when the plan does not meet the conditions above.
  static std::unique_ptr<ReusablePlan> Make(std::shared_ptr<SelectPlan> plan,
                                            const std::vector<const sql::Expr*>& markers);

  // Sets the markers' current values into the plan and chooses its access path for them.
  // False when the plan would not be the one binding gives for these values (a value of
  // another type, or a path of another shape): the plan is then unusable and must be
  // dropped.
  bool Rebind(const std::vector<const sql::Expr*>& markers);

  const SelectPlan& plan() const { return *plan_; }
  // The table the plan reads, as the catalog defined it when the plan was bound.
  const catalog::TableInfo* table() const { return table_; }

 private:
  // A copy of marker `marker` inside the plan.
  struct MarkerUse {
    sql::Expr* node = nullptr;
    size_t marker = 0;
  };

  ReusablePlan() = default;

  std::shared_ptr<SelectPlan> plan_;
  const catalog::TableInfo* table_ = nullptr;
  std::vector<MarkerUse> uses_;
  std::vector<bool> unsigned_values_;  // per marker: bound with an unsigned integer
  // The access path's shape the plan was built around.
  AccessKind kind_ = AccessKind::kFullScan;
  const ordinal::v1::IndexDef* index_ = nullptr;
  int key_columns_ = 0;
  bool range_ = false;
};

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_PREPARED_PLAN_H_
