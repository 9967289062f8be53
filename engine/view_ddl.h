// Views: CREATE [OR REPLACE] VIEW, DROP VIEW, SHOW CREATE VIEW.
//
// A view is a catalog record like a table's (so it replicates like any DDL and shares the
// table namespace), holding the query's text as written and the view's column names and
// types as they were when it was created; it has no rows. Every query that reads the view
// parses and binds that text again, as a derived table named after the view.
//
// Errors, as MySQL's: 1050 a table or view of that name exists (without OR REPLACE), 1347
// "'db.t' is not VIEW" (OR REPLACE or DROP VIEW naming a table), 1051 unknown view (DROP
// VIEW without IF EXISTS), 1353 a column list of the wrong length, 1060 duplicate column
// names, and any error of binding the query.
#ifndef ORDINAL_ENGINE_VIEW_DDL_H_
#define ORDINAL_ENGINE_VIEW_DDL_H_

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/database.h"
#include "engine/ddl.h"
#include "engine/exec/executor.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::ddl {

// `exec` runs in the same transaction as `ctx` (the query is bound, not run).
absl::StatusOr<ResultSet> CreateView(const sql::CreateView& statement, DdlContext& ctx,
                                     exec::ExecContext& exec);
absl::StatusOr<ResultSet> DropView(const sql::DropView& statement, DdlContext& ctx);
// Columns View, Create View, character_set_client, collation_connection.
absl::StatusOr<ResultSet> ShowCreateView(const sql::ShowCreateView& statement,
                                         const catalog::Catalog& catalog,
                                         std::string_view current_database);

}  // namespace ordinal::engine::ddl

#endif  // ORDINAL_ENGINE_VIEW_DDL_H_
