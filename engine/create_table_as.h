// CREATE TABLE ... [IGNORE|REPLACE] SELECT: a new table whose columns are the declared ones
// followed by the query's other result columns, filled with the query's rows, in the one
// DDL transaction (so a failure leaves neither the table nor any row).
//
// Column types of the query's columns: INT, DOUBLE, TEXT as the result column says; CHAR
// and VARCHAR results become VARCHAR wide enough for the rows and at least 255 characters
// (result columns do not carry their source's length yet). Every such column is nullable.
// Errors: those of CREATE TABLE, of the query, 1060 when two result columns share a name,
// and those of INSERT (1062 on a duplicate key unless IGNORE or REPLACE).
#ifndef ORDINAL_ENGINE_CREATE_TABLE_AS_H_
#define ORDINAL_ENGINE_CREATE_TABLE_AS_H_

#include "absl/status/statusor.h"
#include "engine/database.h"
#include "engine/ddl.h"
#include "engine/exec/executor.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::ddl {

// `statement.as_select` must be set; `exec` runs in the same transaction as `ctx`.
absl::StatusOr<ResultSet> CreateTableAsSelect(const sql::CreateTable& statement,
                                              DdlContext& ctx, exec::ExecContext& exec);

}  // namespace ordinal::engine::ddl

#endif  // ORDINAL_ENGINE_CREATE_TABLE_AS_H_
