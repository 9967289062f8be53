// Name resolution over the tables of a FROM clause.
//
// A query's row is the concatenation of its sources' rows in FROM order (source i occupies
// slots [offset, offset + width)), followed, in a correlated subquery, by the row of the
// enclosing query (slots [width, width + outer width)). A column reference resolves to one
// slot of that row:
//   - `t.c` looks for source `t` (its alias, or its table name when it has no alias);
//   - `c` looks in every source; found in two it is 1052 "Column 'c' in <clause> is
//     ambiguous", except for a column a USING/NATURAL join merged (only the surviving copy
//     counts);
//   - not found here, it is looked up in the enclosing query's scope (a correlated
//     reference); found nowhere it is 1054 "Unknown column 'c' in '<clause>'".
#ifndef ORDINAL_ENGINE_PLAN_SCOPE_H_
#define ORDINAL_ENGINE_PLAN_SCOPE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/catalog/information_schema.h"
#include "engine/plan/index_hints.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::plan {

struct SelectPlan;

// The rows the recursive query blocks of a recursive CTE read in one iteration: those the
// previous iteration added. The executor of the CTE (exec/recursive_cte.cc) sets them
// before each iteration; a plan holding one is executed by one statement at a time.
struct WorkingTable {
  std::vector<std::vector<Value>> rows;
};

// One source of a FROM clause: a stored table or a derived table.
struct Source {
  std::string name;  // what qualified references use: the alias, else the table's name
  std::shared_ptr<const catalog::TableInfo> table;  // nullptr for a derived table
  std::shared_ptr<SelectPlan> derived;              // the derived table's query
  // An INFORMATION_SCHEMA table: rows computed when the query was bound (no table, no query).
  std::shared_ptr<const catalog::SystemTable> system;
  // A recursive CTE's reference to itself inside its recursive query blocks.
  std::shared_ptr<WorkingTable> working;
  // A table's index hints (index_hints.h); nullptr: every index may be read.
  std::shared_ptr<const IndexChoice> index_choice;
  std::vector<std::string> column_names;            // every column (a hidden _rowid too)
  // The names `*` shows, with their letter case (column_names are lowercase); empty: the
  // column_names.
  std::vector<std::string> display_names;
  std::vector<ColumnType> column_types;
  int visible_columns = 0;  // the leading columns `*` shows
  int offset = 0;           // the source's first slot in the row
  // Columns a USING/NATURAL join merged into the other side's copy: invisible to
  // unqualified references and to `*`.
  std::vector<bool> merged;

  int width() const { return static_cast<int>(column_names.size()); }
};

class Scope {
 public:
  // `outer`: the enclosing query's scope for a subquery (must outlive this one), or null.
  explicit Scope(const Scope* outer = nullptr) : outer_(outer) {}

  // Appends a source at the end of the row; 1066 "Not unique table/alias" when its name is
  // taken.
  absl::Status Add(Source source);

  // The slot `expr` (a kColumn node) names; errors as described above.
  absl::StatusOr<int> Resolve(const sql::Expr& expr, std::string_view clause) const;

  // Binds every unbound kColumn node of `expr` (not descending into subqueries).
  absl::Status Bind(sql::Expr& expr, std::string_view clause) const;

  // The source holding `slot`, or -1 for a slot of the enclosing query.
  int SourceOf(int slot) const;
  // The type of the value in `slot` (enclosing queries' slots included).
  ColumnType TypeOf(int slot) const;
  // The declared type of a base table's column at `slot`; nullopt for derived columns.
  std::optional<SqlType> SqlTypeOf(int slot) const;
  // The index of the source named `name`, or -1.
  int FindSource(std::string_view name) const;

  const std::vector<Source>& sources() const { return sources_; }
  std::vector<Source>& mutable_sources() { return sources_; }
  // Width of this query's own sources.
  int own_width() const { return width_; }
  // Width of the whole row: own sources plus the enclosing queries' rows.
  int row_width() const;
  const Scope* outer() const { return outer_; }

 private:
  absl::StatusOr<int> ResolveHere(const sql::Expr& expr, std::string_view clause,
                                  bool* found) const;

  const Scope* outer_;
  std::vector<Source> sources_;
  int width_ = 0;
};

// A source for a stored table.
Source TableSource(std::shared_ptr<const catalog::TableInfo> table, std::string alias);

}  // namespace ordinal::engine::plan

#endif  // ORDINAL_ENGINE_PLAN_SCOPE_H_
