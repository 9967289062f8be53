// Binding of a SELECT statement: its expressions copied and bound to row layouts (see
// binder.h), its output columns named and typed, and its access path chosen.
#ifndef ORDINAL_ENGINE_PLAN_SELECT_PLAN_H_
#define ORDINAL_ENGINE_PLAN_SELECT_PLAN_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/database.h"
#include "engine/plan/access_path.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

struct OrderKey {
  int output = -1;      // sort by this output column (ORDER BY alias / position) ...
  sql::ExprPtr expr;    // ... or by this expression (when output < 0)
  bool descending = false;
};

struct SelectPlan {
  std::shared_ptr<const catalog::TableInfo> table;  // nullptr: SELECT without FROM
  sql::ExprPtr where;                               // table-row layout; nullptr: none
  // Output expressions, `*` expanded. Over the table-row layout, or the grouped-row layout
  // when `aggregated`.
  std::vector<sql::ExprPtr> outputs;
  std::vector<ResultColumn> columns;
  bool distinct = false;
  std::vector<sql::ExprPtr> group_by;  // table-row layout
  sql::ExprPtr having;                 // same layout as outputs
  std::vector<OrderKey> order;         // same layout as outputs
  // Aggregate calls inside outputs/having/order; aggregate i is bound to slot
  // `row_width + i`, its arguments to the table-row layout.
  std::vector<sql::Expr*> aggregates;
  bool aggregated = false;  // GROUP BY present or any aggregate call
  int row_width = 0;        // number of table columns (0 without a table)
  // Rows arrive from `path` already in ORDER BY order (ascending primary key prefix), so
  // a LIMIT can stop the scan early.
  bool order_satisfied_by_path = false;
  AccessPath path;
};

// Binds `select` against `table` (nullptr when the statement has no FROM; the caller
// resolved the name). Errors: 1054 unknown column, 1055 non-grouped column
// (ONLY_FULL_GROUP_BY), 1111 misplaced aggregate, 1096 `*` without a table.
absl::StatusOr<SelectPlan> BindSelect(const sql::Select& select,
                                      std::shared_ptr<const catalog::TableInfo> table);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_SELECT_PLAN_H_
