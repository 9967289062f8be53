// The planner's cost model: how many rows an access path reads (from the table statistics
// of catalog/table_stats.h) and what reading them costs, in units of one RocksDB seek
// (docs/statistics.md gives the figures and how they were measured).
#ifndef ORDINAL_ENGINE_PLAN_COST_MODEL_H_
#define ORDINAL_ENGINE_PLAN_COST_MODEL_H_

#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/catalog/table_stats.h"
#include "engine/plan/access_path.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

// A seek of an iterator or a point read, the row decoded.
inline constexpr double kSeekCost = 1.0;
// The next row of an iterator, decoded.
inline constexpr double kRowCost = 0.12;
// A row of a secondary index read through to its table row (one point read).
inline constexpr double kIndexRowFetchCost = 0.8;
// Hashing one row of a hash join's build side, and probing with one row.
inline constexpr double kHashBuildCost = 0.1;
inline constexpr double kHashProbeCost = 0.05;
// Checking one pair of rows of a nested loop.
inline constexpr double kPairCost = 0.05;

// Rows assumed for a source without statistics (a derived table, INFORMATION_SCHEMA).
inline constexpr double kUnknownRows = 100;

// The rows `path` reads from `table` (one lookup when the path's values come from other
// sources: with a join condition, per row of the sources before it).
double PathRows(const AccessPath& path, const catalog::TableStats& stats);

// The cost of reading those rows once.
double PathCost(const AccessPath& path, double rows);

// The fraction of rows a predicate over one source keeps, by its shape (MySQL's defaults):
// an equality 0.1, a range or inequality 1/3, anything else 0.5; an AND multiplies.
double Selectivity(const sql::Expr& predicate);

// Whether `predicate` may be evaluated on sampled rows to learn its selectivity: made of
// columns, literals, comparisons, IN, BETWEEN, LIKE, IS [NOT] NULL, NOT, AND, OR and CAST
// only (nothing that calls a function, reads a variable or runs a subquery).
bool SafeToSample(const sql::Expr& predicate);

// Whether `predicate` (bound to a table row) names one of the first `path.key_columns`
// key columns of the path's index, so that the path already applied it.
bool UsedByPath(const sql::Expr& predicate, const catalog::TableInfo& table,
                const AccessPath& path);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_COST_MODEL_H_
