// Binding of a SELECT statement: its FROM clause turned into sources (scope.h) and a join
// plan (join_plan.h), its expressions copied and bound to the row layout, its output columns
// named and typed.
#ifndef ORDINAL_ENGINE_PLAN_SELECT_PLAN_H_
#define ORDINAL_ENGINE_PLAN_SELECT_PLAN_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/database.h"
#include "engine/plan/access_path.h"
#include "engine/plan/join_plan.h"
#include "engine/plan/scope.h"
#include "engine/plan/window_plan.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

struct OrderKey {
  int output = -1;      // sort by this output column (ORDER BY alias / position) ...
  sql::ExprPtr expr;    // ... or by this expression (when output < 0)
  bool descending = false;
};

struct SelectPlan {
  Scope scope;
  std::vector<JoinStep> steps;  // in execution order; empty without FROM
  // Without FROM: the WHERE conjuncts, checked on the one empty row.
  std::vector<Conjunct> where_without_from;
  // Output expressions, `*` expanded. Over the row layout, or the grouped-row layout when
  // `aggregated`.
  std::vector<sql::ExprPtr> outputs;
  std::vector<ResultColumn> columns;
  bool distinct = false;
  std::vector<sql::ExprPtr> group_by;  // row layout
  sql::ExprPtr having;                 // same layout as outputs
  std::vector<OrderKey> order;         // same layout as outputs
  // Aggregate calls inside outputs/having/order; aggregate i is bound to slot
  // `row_width + i`, its arguments to the row layout.
  std::vector<sql::Expr*> aggregates;
  bool aggregated = false;  // GROUP BY present or any aggregate call
  // GROUP BY ... WITH ROLLUP (group_by holds column references only): besides each group,
  // one super-aggregate row per prefix of group_by, its rolled-up columns NULL. GROUPING()
  // calls (in outputs, HAVING, ORDER BY) are bound to slots after the aggregates: call i
  // at row_width + aggregates.size() + i.
  bool rollup = false;
  std::vector<sql::Expr*> groupings;
  // Window function calls in outputs/order, computed after grouping and HAVING; call i is
  // bound to slot `window.input_width + i` (window.input_width = row_width + aggregates +
  // groupings).
  WindowPlan window;
  // Slots of the row: the sources' columns, then the enclosing query's row (a correlated
  // subquery), `outer_width` of them.
  int row_width = 0;
  int outer_width = 0;
  std::optional<int64_t> limit;
  int64_t offset = 0;
  // Rows arrive from the only table's path already in ORDER BY order (ascending primary key
  // prefix), so a LIMIT can stop the scan early.
  bool order_satisfied_by_path = false;
  // ORDER BY ... LIMIT over a join whose later steps each find at most one row
  // (sort_before_join.h): the first step's rows are sorted on these slots of its source
  // before the later steps read, so that joined rows come in ORDER BY order and the join
  // may stop once OFFSET + LIMIT of them are out. Empty: no such sort.
  struct SortSlot {
    int slot = -1;
    bool descending = false;
  };
  std::vector<SortSlot> sort_before_join;
  bool for_update = false;
  // A select expression assigns a user variable (`@v := ...`): the outputs are computed as
  // rows are returned, after grouping, ORDER BY and OFFSET, so assignments see the rows in
  // the result's order (MySQL: "each select expression is evaluated only when sent to the
  // client"). Not with DISTINCT or an ORDER BY naming an assigning output, which need the
  // values before the sort (as MySQL's temporary table does).
  bool defer_projection = false;

  // A compound query (UNION, EXCEPT, INTERSECT): operands[0], then operands[i + 1] combined
  // by set_ops[i]. Such a plan has no sources and no outputs; `columns` are the operands'
  // and `order` keys name output columns.
  struct SetStep {
    sql::SetOp op = sql::SetOp::kUnion;
    bool all = false;
  };
  std::vector<std::shared_ptr<SelectPlan>> operands;
  std::vector<SetStep> set_ops;

  // A recursive CTE (plan/recursive_cte.h) is a compound plan whose operands [0, anchors)
  // are its non-recursive query blocks and the others read `working`, repeated until an
  // iteration adds no row. `recursive_distinct`: UNION DISTINCT (no row is added twice).
  std::shared_ptr<WorkingTable> working;
  size_t anchors = 0;
  bool recursive_distinct = false;
};

// Resolves a table name for the binder (catalog lookup with the session's database).
using TableResolver = std::function<absl::StatusOr<std::shared_ptr<const catalog::TableInfo>>(
    const sql::TableName&)>;

// Makes the runner the evaluator calls for a subquery node whose query is bound to `plan`.
using SubqueryRunnerFactory = std::function<std::shared_ptr<const sql::SubqueryRunner>(
    std::shared_ptr<const SelectPlan> plan, const sql::Expr& node)>;

// The common table expressions a query can see: `count` entries from `tables`, then those
// of the enclosing WITH clauses.
struct CteFrame {
  const sql::CommonTable* tables = nullptr;
  size_t count = 0;
  const CteFrame* parent = nullptr;
  bool recursive = false;  // WITH RECURSIVE: a CTE may refer to itself
};

// Inside the recursive query blocks of a recursive CTE: its name reads the working table.
struct RecursiveReference {
  std::string name;  // lowercased
  std::shared_ptr<WorkingTable> working;
  std::vector<std::string> column_names;
  std::vector<ColumnType> column_types;
};

// Reads an INFORMATION_SCHEMA table by its lowercase name (1109 for an unknown one).
using SystemTableResolver =
    std::function<absl::StatusOr<std::shared_ptr<const catalog::SystemTable>>(std::string_view)>;

struct BindContext {
  // Tables and views (a TableInfo whose def has a view_definition).
  TableResolver resolve_table;
  // INFORMATION_SCHEMA tables; unset: that database is looked up like any other.
  SystemTableResolver resolve_system_table;
  SubqueryRunnerFactory make_runner;
  const CteFrame* ctes = nullptr;  // valid while the binding runs
  const RecursiveReference* recursive = nullptr;  // valid while the binding runs
  // Table statistics for the join planner (join_plan.h); unset: defaults.
  TableStatsFn table_stats;
  SampleSelectivityFn sample_selectivity;
};

// Binds `select`. `outer` is the enclosing query's scope for a subquery (nullptr at the top).
// Errors: 1146 unknown table, 1066 duplicate alias, 1054 unknown column, 1052 ambiguous
// column, 1055 non-grouped column (ONLY_FULL_GROUP_BY), 1111 misplaced aggregate, 1096 `*`
// without a table, 1241 a subquery with the wrong number of columns, 1222 operands of a
// compound query with different numbers of columns, 1353 a column list of the wrong
// length, 1235 what is not supported yet (some outer join shapes, WITH ROLLUP over an
// expression), 3602 a GROUPING() argument that is not grouped, 3593 a
// window function outside the select list and ORDER BY, and the errors of PlanWindows.
absl::StatusOr<std::shared_ptr<SelectPlan>> BindSelect(const sql::Select& select,
                                                       const BindContext& ctx,
                                                       const Scope* outer = nullptr);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_SELECT_PLAN_H_
