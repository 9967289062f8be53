// CREATE TABLE ... [IGNORE|REPLACE] SELECT: a new table whose columns are the declared ones
// followed by the query's other result columns, filled with the query's rows, in the one
// DDL transaction (so a failure leaves neither the table nor any row).
//
// Column types of the query's columns: the types MySQL 8 derives (engine/plan/derived_type.h):
// a selected column keeps its declared type, nullability and DEFAULT; an expression gets
// MySQL's type for it (DECIMAL precision and scale, INT or BIGINT, VARCHAR of the result's
// length, ...). Where the planner could not derive a type (a column of a UNION of different
// types, a string function without a length rule) the column's ColumnType decides, and
// strings and DECIMALs are widened to fit the rows copied (VARCHAR at least 255 characters).
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
