// The SHOW statements that are queries over INFORMATION_SCHEMA (sql::ShowQuery), as MySQL 8
// defines them: each is a SELECT of the table's columns under SHOW's column names, for one
// database or table, in SHOW's order; LIKE matches the first column case-insensitively and
// WHERE names the result's columns. The session runs the query like any other, so the
// rows an account may not see are filtered as in INFORMATION_SCHEMA itself.
#ifndef ORDINAL_ENGINE_SHOW_QUERIES_H_
#define ORDINAL_ENGINE_SHOW_QUERIES_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/sql/ast.h"

namespace ordinal::engine::show {

// The query for `show`. Errors: 1046 no database selected, 1049 unknown database (SHOW
// TABLE STATUS), 1146 unknown table (SHOW COLUMNS, SHOW INDEX).
absl::StatusOr<sql::Statement> ShowQueryStatement(const sql::ShowQuery& show,
                                                  const catalog::Catalog& catalog,
                                                  std::string_view current_database);

}  // namespace ordinal::engine::show

#endif  // ORDINAL_ENGINE_SHOW_QUERIES_H_
