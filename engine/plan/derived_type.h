// The column type MySQL 8 derives for a SELECT's output column, as CREATE TABLE ... SELECT
// creates it (ResultColumn::derived):
// - a selected column (of a table, or of a derived table whose column is known) keeps its
//   declared type, its nullability and its DEFAULT (not AUTO_INCREMENT, keys or ON UPDATE);
// - an expression gets MySQL's derived type: integer arithmetic INT while the result has
//   fewer than 10 digits, else BIGINT; DECIMAL arithmetic with MySQL's precision and scale
//   (a*b: p1+p2 digits, s1+s2 scale; a+b: the wider integer part plus one; a/b: scale
//   s1+4; SUM: p+22 digits; AVG: p+4 digits and s+4 scale); DOUBLE for approximate
//   arithmetic; strings VARCHAR of the result's length in characters (CONCAT adds its
//   arguments' lengths), TEXT past 512 characters, CHAR(0) for ''; CASE, IF, IFNULL and
//   COALESCE the common type of their results; CAST its target; NULL BINARY(0);
// - a NOT NULL expression is NOT NULL with the implicit default MySQL gives it ('0' for
//   numbers, '' for strings, none for temporal values); others are nullable.
// Where no rule applies the type follows the result column's ColumnType, and CREATE TABLE
// ... SELECT widens strings and decimals to the rows it copies.
#ifndef ORDINAL_ENGINE_PLAN_DERIVED_TYPE_H_
#define ORDINAL_ENGINE_PLAN_DERIVED_TYPE_H_

#include <optional>
#include <vector>

#include "engine/database.h"
#include "engine/plan/scope.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

// The derived column of the bound output expression `expr` of a query over `scope`.
// `type` is the planner's inferred type of `expr` (InferSlotType); `outer_joined[i]`: source
// i is the NULL-extended side of an outer join (its columns may be NULL).
DerivedColumn DeriveColumn(const sql::Expr& expr, ColumnType type, const Scope& scope,
                           const std::vector<bool>& outer_joined);

// The column of a UNION of columns `a` and `b`: the wider of two types that differ only in
// length or scale, nullable when either is; unset when the types differ otherwise (the
// rows then decide) or either is unset.
std::optional<DerivedColumn> MergeDerived(const std::optional<DerivedColumn>& a,
                                          const std::optional<DerivedColumn>& b);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_DERIVED_TYPE_H_
