// What each table of a multiple-table UPDATE or DELETE needs (docs/users-and-privileges.md):
// UPDATE (DELETE) on the tables the statement changes, SELECT on the tables it only reads,
// and SELECT also on a changed table whose columns it reads (ON, USING, WHERE, the SET
// values), as MySQL asks for SELECT on every column read.
//
// Which table an unqualified column belongs to is decided with `ColumnLookup` (the catalog's
// column names); without it, or for a table it does not know, every table of the statement
// is taken to hold the column, so the answer is never more permissive than the statement.
// A subquery in the statement counts as reading every changed table (a correlated reference
// may read any of them); its own tables are checked as a SELECT's.
//
// Thread safety: pure functions.
#ifndef ORDINAL_ENGINE_AUTH_MULTI_TABLE_PRIVILEGES_H_
#define ORDINAL_ENGINE_AUTH_MULTI_TABLE_PRIVILEGES_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/auth/privileges.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::auth {

// The column names of `database`.`table`, or nullopt when no such table (or view) exists.
using ColumnLookup = std::function<std::optional<std::vector<std::string>>(
    std::string_view database, std::string_view table)>;

// One named table of the statement's table references and what it needs.
struct TableNeed {
  sql::TableName name;  // as written (database "" = the current one)
  PrivilegeSet needed = 0;
};

// For `update.multi_table()`.
std::vector<TableNeed> MultiTableUpdateNeeds(const sql::Update& update,
                                             std::string_view current_database,
                                             const ColumnLookup& columns);

// For `del.multi_table()`. A target that names no table of the references needs nothing
// here: the statement fails with 1109.
std::vector<TableNeed> MultiTableDeleteNeeds(const sql::Delete& del,
                                             std::string_view current_database,
                                             const ColumnLookup& columns);

}  // namespace ordinal::engine::auth

#endif  // ORDINAL_ENGINE_AUTH_MULTI_TABLE_PRIVILEGES_H_
