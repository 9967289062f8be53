// Keeping the plan of a SELECT without markers between runs of the same text.
//
// A session that runs the same SELECT text again may run the plan it bound the first time
// instead of binding anew, when that plan gives exactly the answer a new binding would. A
// plan depends on:
//  - the statement's text (the session keys kept plans by it);
//  - the catalog definitions its table names resolved to (each a TableInfo object; DDL
//    reloads the catalog and replaces them, also on a replica, and USE or a temporary
//    table makes a name resolve to another one);
//  - the table statistics the planner read (each a TableStats object; ANALYZE TABLE, a
//    new sample and every finished INSERT or DELETE that counts rows make a new one);
//  - the session settings binding reads (sql_mode, time_zone, the collation, the current
//    database, any variable): the session forgets its kept plans whenever one of them may
//    have changed (engine/session.cc);
//  - what binding computed: nothing may be computed there that a run must compute anew.
// The last point is decided from syntax by KeepableSelect: the query reads named tables
// only (joins of them; no view, derived table, CTE, subquery, compound query, window or
// INFORMATION_SCHEMA table, which KeepablePlan checks after binding), and its expressions
// are made of columns, literals, operators (comparisons, arithmetic, AND/OR/NOT/XOR, IN
// lists, BETWEEN, IS NULL, LIKE) and aggregate calls: no function at all (so no NOW(),
// RAND(), UUID(), CONNECTION_ID(), ...), no variable, no assignment, no marker. The session
// also keeps no plan whose binding raised a warning or a note (a kept plan would not raise
// it again). Privileges are checked at every run, before the plan runs.
//
// Thread safety: the functions are pure.
#ifndef ORDINAL_ENGINE_PLAN_KEPT_SELECT_H_
#define ORDINAL_ENGINE_PLAN_KEPT_SELECT_H_

#include <vector>

#include "engine/plan/select_plan.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

// Whether the node `e` itself (not its children) is one a kept plan may hold without
// depending on the run: a column, a literal, a unary or binary operator, an IN list,
// BETWEEN, IS NULL, or an aggregate call; no subquery and no window. (LIKE is allowed by
// KeepableSelect on top; a prepared plan's markers are the caller's to find.)
bool PlainNode(const sql::Expr& e);

// Whether `select`'s syntax allows keeping its plan (above); on true, `tables` holds the
// names of the tables it reads, in written order.
bool KeepableSelect(const sql::Select& select, std::vector<const sql::TableName*>* tables);

// Whether `plan`, bound from a select KeepableSelect accepted, reads stored tables only
// (a name that resolved to a view or a system table makes it false).
bool KeepablePlan(const SelectPlan& plan);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_KEPT_SELECT_H_
