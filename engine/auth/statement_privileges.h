// What each statement needs (docs/users-and-privileges.md, "Privileges per statement"):
// CheckStatement walks a parsed statement, collects every table it reads or writes (joins,
// derived tables, subqueries in any clause, INSERT ... SELECT, CREATE TABLE ... SELECT,
// views by their own name) and the databases and global operations it touches, and checks
// each against the caller's privileges before the statement runs.
//
// Errors, as MySQL's: 1142 "<CMD> command denied to user 'u'@'h' for table 't'" (a table),
// 1044 "Access denied for user 'u'@'h' to database 'db'" (a database), 1227 "Access denied;
// you need (at least one of) the <P> privilege(s) for this operation" (global).
//
// Thread safety: pure functions over immutable inputs.
#ifndef ORDINAL_ENGINE_AUTH_STATEMENT_PRIVILEGES_H_
#define ORDINAL_ENGINE_AUTH_STATEMENT_PRIVILEGES_H_

#include <string_view>

#include "absl/status/status.h"
#include "engine/auth/accounts.h"
#include "engine/auth/multi_table_privileges.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::auth {

// OK when `principal` may run `statement`; `current_database` resolves unqualified names
// (a name that cannot be resolved is left to the statement's own error). `columns` tells
// which table an unqualified column of a multiple-table UPDATE belongs to
// (multi_table_privileges.h); without it the check assumes any table may hold it.
absl::Status CheckStatement(const sql::Statement& statement, const Principal& principal,
                            const AccountSet& accounts, std::string_view current_database,
                            const ColumnLookup& columns = nullptr);

// The errors, for checks made elsewhere.
absl::Status TableAccessDenied(std::string_view command, const Principal& principal,
                               std::string_view table);
absl::Status DatabaseAccessDenied(const Principal& principal, std::string_view database);
absl::Status GlobalAccessDenied(std::string_view privileges);

// OK when `principal` holds every privilege of `needed` globally; 1227 naming `names`.
absl::Status CheckGlobal(const Principal& principal, const AccountSet& accounts,
                         PrivilegeSet needed, std::string_view names);

// Whether a database is readable by everyone (information_schema).
bool IsPublicDatabase(std::string_view database);

}  // namespace ordinal::engine::auth

#endif  // ORDINAL_ENGINE_AUTH_STATEMENT_PRIVILEGES_H_
