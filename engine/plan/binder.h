// Name binding for the planner and executor: copies of AST expressions whose column
// references, aggregate calls and VALUES() calls are bound to slots (sql::Expr::slot) of the
// row layout the executor evaluates them over. The parser's AST stays untouched: every
// bound expression is a CloneExpr() copy owned by the caller.
//
// Row layouts used by the executor:
//   table row:      slot i = column i of the table (TableDef order, hidden _rowid included)
//   grouped row:    slots [0, n) = the group's first table row, [n, n + a) = aggregate results
//   ON DUPLICATE:   slots [0, n) = the existing row, [n, 2n) = VALUES(col) of the new row
//   joined row:     see scope.h (the sources' rows side by side)
#ifndef ORDINAL_ENGINE_PLAN_BINDER_H_
#define ORDINAL_ENGINE_PLAN_BINDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "engine/catalog/catalog.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

// A deep copy of `expr` (slots included).
sql::ExprPtr CloneExpr(const sql::Expr& expr);

// Binds every unbound kColumn node of `expr` to its column's index in `table`. A qualified
// name must use `table_alias` or the table's name. `clause` names the clause for errors:
// NOT_FOUND errno 1054 "Unknown column 'x' in 'where clause'". Nodes already bound (such as
// aggregates or VALUES() calls bound earlier) are left alone, with their arguments.
absl::Status BindColumns(sql::Expr& expr, const catalog::TableInfo& table,
                         std::string_view table_alias, std::string_view clause);

// Binds every VALUES(col) call in `expr` to slot `offset + index of col`. Errors as
// BindColumns (clause 'field list').
absl::Status BindValuesCalls(sql::Expr& expr, const catalog::TableInfo& table, int offset);

// Fails with 1054 "Unknown column 'x' in '<clause>'" at the first kColumn node: for
// expressions that have no row to refer to (SELECT without FROM, INSERT values).
absl::Status RejectColumns(const sql::Expr& expr, std::string_view clause);

// Appends the aggregate calls of `expr` (not descending into their arguments) to `out`.
void CollectAggregates(sql::Expr& expr, std::vector<sql::Expr*>* out);

// Whether `expr` contains an aggregate call.
bool ContainsAggregate(const sql::Expr& expr);

// Fails with INVALID_ARGUMENT errno 1111 "Invalid use of group function" when an
// aggregate's argument itself contains an aggregate.
absl::Status CheckNoNestedAggregates(const sql::Expr& expr);

// The result column type of a bound expression over `table`'s rows (nullptr: no table).
ColumnType InferType(const sql::Expr& expr, const catalog::TableInfo* table);

// The same over any row layout: `slot_type` gives the type of a column slot.
ColumnType InferSlotType(const sql::Expr& expr, absl::FunctionRef<ColumnType(int)> slot_type);

// The column name MySQL shows for an unaliased select item.
std::string ExprDisplayName(const sql::Expr& expr);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_BINDER_H_
