// Planning of window functions (docs/window-functions.md): the windows of a query's
// OVER clauses and WINDOW clause resolved (named windows, inherited ORDER BY, default
// frames), checked with MySQL's errors, and bound to the row layout they read.
//
// Window functions are evaluated after grouping and HAVING, over the rows that would be
// projected (the plan's row layout, or its grouped-row layout when aggregated); call i's
// value is appended to each row at slot `input_width + i`, where the outputs and ORDER BY
// keys (the only places a window function may appear) read it.
#ifndef ORDINAL_ENGINE_PLAN_WINDOW_PLAN_H_
#define ORDINAL_ENGINE_PLAN_WINDOW_PLAN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::plan {

// One end of a resolved frame. For ROWS, `offset` is a row count; for RANGE, a distance
// in the ORDER BY value (an integer, decimal or double).
struct BoundFrameEdge {
  sql::FrameBoundKind kind = sql::FrameBoundKind::kCurrentRow;
  Value offset;
};

// A window after name resolution: PARTITION BY and ORDER BY bound to the input layout, and
// its frame with MySQL's defaults filled in (RANGE UNBOUNDED PRECEDING to CURRENT ROW with
// ORDER BY; the whole partition without).
struct BoundWindow {
  std::string name;  // for messages: the window's name, or "<unnamed window>"
  std::vector<sql::ExprPtr> partition_by;
  std::vector<sql::ExprPtr> order_by;
  std::vector<bool> descending;  // one per order_by
  sql::FrameUnit unit = sql::FrameUnit::kRange;
  BoundFrameEdge start;
  BoundFrameEdge end;
};

// One window function call: the node (owned by the plan's outputs or ORDER BY keys; its
// arguments bound to the input layout) and the window it runs over.
struct WindowCall {
  sql::Expr* call = nullptr;
  int window = -1;
};

struct WindowPlan {
  std::vector<BoundWindow> windows;
  std::vector<WindowCall> calls;
  int input_width = 0;  // width of the rows the windows read

  bool empty() const { return calls.empty(); }
};

// Binds an expression of a window's PARTITION BY or ORDER BY (the caller's binder, which
// resolves names in the query's scope; `clause` names the clause for 1054 errors).
using WindowExprBinder = absl::FunctionRef<absl::Status(sql::Expr& expr, std::string_view clause)>;
// The result type of a bound expression.
using WindowExprType = absl::FunctionRef<ColumnType(const sql::Expr& expr)>;

// Plans the window calls found in `exprs` (the bound outputs and ORDER BY keys; their
// window calls are collected, in order, into the result) against `named` (the WINDOW
// clause). Every named window is checked even when unused. Errors (MySQL's numbers):
// 3579 unknown window name, 3580 circular references, 3581 a referencing window with
// PARTITION BY, 3582 a referenced window with a frame, 3583 ORDER BY in both, 3584/3585
// UNBOUNDED FOLLOWING start / UNBOUNDED PRECEDING end, 3586 a frame bound that is negative,
// NULL, not an integer (ROWS) or a start after the end, 3587 RANGE offsets without exactly
// one numeric ORDER BY, 3589/3596 INTERVAL with a numeric ORDER BY / with ROWS, 3591 a
// duplicate window name, 3593 a window function nested in an aggregate or a window
// function's argument, 3595 a window function in a window's specification, 1210 NTILE,
// LAG, LEAD or NTH_VALUE with an invalid constant argument, 1235 RANGE with INTERVAL.
absl::StatusOr<WindowPlan> PlanWindows(const std::vector<sql::Expr*>& exprs,
                                       const std::vector<sql::NamedWindow>& named,
                                       WindowExprBinder bind, WindowExprType type_of);

// Whether `expr` contains a window function call (not looking into subqueries).
bool ContainsWindowCall(const sql::Expr& expr);

// 3593 "You cannot use the window function 'f' in this context." at the first window call
// of `expr`; OK when there is none.
absl::Status RejectWindowCalls(const sql::Expr& expr);

// The result type of a window call whose arguments have the types `slot_type` gives.
ColumnType WindowCallType(const sql::Expr& call,
                          absl::FunctionRef<ColumnType(const sql::Expr&)> arg_type);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_WINDOW_PLAN_H_
