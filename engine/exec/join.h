// Executes the join plan of a query (plan/join_plan.h): produces, one at a time, every row
// of its FROM clause that satisfies its WHERE and ON conditions, in the plan's row layout.
// Rows stream to the visitor; only the sources a hash join or nested loop reads more than
// once are held in memory. A hash join's build side past half the statement's memory bound
// spills (hash_join_spill.h): the rows reaching that step are then joined after the rest,
// so the rows come in another order (the same multiset). A nested loop's source does not
// spill. Internal to engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_JOIN_H_
#define ORDINAL_ENGINE_EXEC_JOIN_H_

#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/exec/executor.h"
#include "engine/plan/select_plan.h"

namespace ordinal::engine::exec {

// Called with each joined row (plan.row_width values); returns false to stop.
using JoinedRowVisitor = absl::FunctionRef<absl::StatusOr<bool>(const std::vector<Value>& row)>;

// What the visitor reads of the joined rows: every column of every table, or only the
// slots the plan's own expressions read (plan/read_slots.h), so that columns nothing reads
// are not decoded (they are NULL in the rows visited).
enum class JoinedColumns { kAll, kReadByPlan };

// Visits the joined rows of `plan`. `outer` holds the enclosing query's row for a correlated
// subquery (plan.outer_width values; empty otherwise). Without FROM, visits one row (the
// outer values) when its WHERE holds. A plan that sorts before joining
// (plan.sort_before_join) visits its rows in ORDER BY order, as long as the first step's
// rows fit in the statement's memory bound; it then stops after `sorted_stop` rows (0: not).
absl::Status ForEachJoinedRow(const plan::SelectPlan& plan, ExecContext& ctx,
                              const std::vector<Value>& outer, JoinedRowVisitor visit,
                              JoinedColumns columns = JoinedColumns::kAll,
                              size_t sorted_stop = 0);

// Runs `plan` to completion: its result rows (after grouping, HAVING, DISTINCT, ORDER BY and
// LIMIT). `max_rows` > 0 may stop after that many rows (subqueries that need only a few).
absl::StatusOr<std::vector<std::vector<Value>>> RunSelectPlan(const plan::SelectPlan& plan,
                                                              ExecContext& ctx,
                                                              const std::vector<Value>& outer,
                                                              size_t max_rows = 0);

// The binder callbacks for plans executed in `ctx`: tables resolve in its catalog, and
// subqueries get runners that execute in it (exec/subquery.cc). `ctx` must outlive every
// plan bound with it.
plan::BindContext MakeBindContext(ExecContext& ctx);

// Binds the subqueries of `expr` (a statement's own copy) for evaluation over `table`'s
// rows, which they may refer to (UPDATE, DELETE, INSERT values) by `alias` ("": the
// table's name).
absl::Status BindSubqueriesOverTable(sql::Expr& expr, const catalog::TableInfo& table,
                                     ExecContext& ctx, std::string_view alias = "");

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_JOIN_H_
