// Binding of the multiple-table forms of UPDATE and DELETE (docs/multi-table-dml.md).
//
// The statement's table references and WHERE become a query (a SelectPlan: the same join
// planning and execution as SELECT) whose joined rows are the matches. The plan names which
// sources the statement changes (its targets) and, for UPDATE, each assignment's target
// column and its value bound to the joined row. The executor (engine/exec) first collects
// every matched target row, then changes them: a change never alters which rows match.
//
// Errors (MySQL's): 1054 unknown column, 1052 ambiguous column, 1109 "Unknown table 'x' in
// MULTI DELETE" (a DELETE target that is not in the table references), 1288 "The target
// table x of the UPDATE|DELETE is not updatable" (a view, a derived table or an
// INFORMATION_SCHEMA table as a target), 1111 an aggregate in SET, 3593 a window function in
// SET, and every error of BindSelect for the table references and WHERE.
#ifndef ORDINAL_ENGINE_PLAN_MULTI_TABLE_DML_H_
#define ORDINAL_ENGINE_PLAN_MULTI_TABLE_DML_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/plan/select_plan.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

// A table the statement changes: one source of the joined rows.
struct DmlTarget {
  int source = 0;  // index into select->scope.sources()
  std::shared_ptr<const catalog::TableInfo> table;
};

// `SET [t.]column = value` of a multiple-table UPDATE.
struct DmlAssignment {
  int target = 0;       // index into MultiTableDmlPlan::targets
  int column = 0;       // the column's index in the target's table row
  int slot = 0;         // the column's slot in the joined row
  sql::ExprPtr value;   // bound to the joined row
};

struct MultiTableDmlPlan {
  // The joined rows that match: FROM (the table references) and WHERE. Its outputs are the
  // assignments' values (UPDATE) and are not used; `assignments` hold bound copies.
  std::shared_ptr<SelectPlan> select;
  std::vector<DmlTarget> targets;            // in the order the statement names them
  std::vector<DmlAssignment> assignments;    // UPDATE: in statement order
};

// The multiple-table UPDATE `update` (update.multi_table()).
absl::StatusOr<MultiTableDmlPlan> BindMultiTableUpdate(const sql::Update& update,
                                                       const BindContext& ctx);

// The multiple-table DELETE `del` (del.multi_table()). A target names a source by its alias
// or, when it has none, by its table name; a qualified target `db.t` names the source
// called t that is table t of database db (engine/auth/multi_table_privileges.cc follows
// the same rule).
absl::StatusOr<MultiTableDmlPlan> BindMultiTableDelete(const sql::Delete& del,
                                                       const BindContext& ctx);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_MULTI_TABLE_DML_H_
