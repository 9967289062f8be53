// Access path selection: how a statement reads the rows its WHERE clause may match.
//
// From the conjuncts of a bound WHERE clause (top-level ANDs of `col = c`, `col IN (c, ...)`,
// `col < c` / `<=` / `>` / `>=`, `col BETWEEN c AND c`, where c is a literal), the planner
// considers the primary key and every secondary index: equality on a prefix of the index's
// columns (IN lists expand to several points) and optionally a range on the next column.
// Preference: a point read of the whole primary key, then a point read of a whole unique
// index, then the path using the most key columns (equalities before ranges, the primary
// key before a secondary index on ties), else a full scan. A path only has to be a
// superset of the answer: the executor tests the WHERE on every fetched row, except the
// conjuncts the path decides (AccessPath::decided).
//
// Keys are the storage keys of engine/codec: a path's point keys and ranges are complete
// keys including IndexPrefix(table_id, index_id), ready to Get or to bound an iterator.
#ifndef ORDINAL_ENGINE_PLAN_ACCESS_PATH_H_
#define ORDINAL_ENGINE_PLAN_ACCESS_PATH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/plan/index_hints.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::plan {

enum class AccessKind {
  kPrimaryPoint,  // Get of each key in point_keys
  kPrimaryRange,  // iterate `ranges` of the primary key
  kIndexPoint,    // iterate `ranges` (equality on every column) of a secondary index
  kIndexRange,    // iterate `ranges` of a secondary index (a prefix and/or a range)
  kFullScan,      // iterate the whole primary key (ranges holds that one range)
  kNoTable,       // SELECT without FROM
};

// "primary key point", "primary key range", "index point", "index range", "full scan",
// "no table": the `access` column of EXPLAIN.
std::string_view AccessKindName(AccessKind kind);

// A half-open key range [lower, upper).
struct KeyRange {
  std::string lower;
  std::string upper;
};

struct AccessPath {
  AccessKind kind = AccessKind::kFullScan;
  // The secondary index read by kIndexPoint/kIndexRange (points into the TableInfo the path
  // was planned for, which must outlive it); nullptr for the primary key.
  const ordinal::v1::IndexDef* index = nullptr;
  // "PRIMARY", the index name, or "" for a full scan / no table.
  std::string index_name;
  // How many leading key columns the path constrains: `key_columns` - 1 by equality and
  // the last by a range when `range` is set, else all by equality.
  int key_columns = 0;
  bool range = false;
  // kPrimaryPoint: complete primary keys, sorted and distinct.
  std::vector<std::string> point_keys;
  // Other kinds: ranges in key order, not overlapping.
  std::vector<KeyRange> ranges;
  // The bounds as text for EXPLAIN, e.g. "id = 5", "id BETWEEN 1 AND 100".
  std::string detail;
  // The conjuncts of `where` (its top-level AND operands, left to right; bit i for the
  // i-th of the first 64) that hold, TRUE and without an error, for exactly the rows the
  // path reaches, so testing them again on those rows changes nothing. A conjunct is
  // decided when every bound it gave is one the path's keys apply, and its comparison
  // orders and equates as the keys do: an integer or DECIMAL key column with an exact
  // number (not a double); a character column with a string whose comparison takes the
  // column's collation (the keys' weights); a VARBINARY or BLOB column with a string
  // compared bytewise. A bound of its own on a nullable column needs the path's lower
  // bound too (NULL keys sort first, and `k < 5` is not TRUE for them). Anything else
  // (doubles, temporal and ENUM columns, COLLATE on the literal, a bound another conjunct
  // gave first, a column past the key columns the path uses) is not decided.
  uint64_t decided = 0;
};

// Chooses the access path for the rows of `table` that may satisfy `where` (nullptr: every
// row). `where` must be bound to the table-row layout (BindColumns). Never fails: anything
// it does not understand leads to a less selective path. With `choice` (the table's index
// hints), only the indexes it allows are candidates. Without `describe`, the path's
// `detail` (EXPLAIN's text) is left empty: a path chosen while a statement runs (an index
// lookup per joined row) is never shown.
AccessPath ChooseAccessPath(const catalog::TableInfo& table, const sql::Expr* where,
                            const IndexChoice* choice = nullptr, bool describe = true);

// The access path of a statement without a table.
AccessPath NoTableAccessPath();

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_ACCESS_PATH_H_
