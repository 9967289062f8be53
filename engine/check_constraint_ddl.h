// CHECK constraints in DDL (docs/check-constraints.md): the records of CHECK clauses, named
// as MySQL 8.0 names them (<table>_chk_<n>), with the expression rules MySQL enforces when
// a constraint is created, and the column rules of ALTER TABLE.
//
// Errors (MySQL 8.0's, HY000): 3813 a column-level check naming another column (or none),
// 3812 an expression that is not a condition, 3814 a non-deterministic function (named),
// 3815 a subquery or an aggregate, 3816 a user or system variable, 3820 an unknown column,
// 3818 an AUTO_INCREMENT column, 3822 a name used twice (in the table or its database),
// 1059 a name longer than 64 characters, 3959 dropping or renaming a column a check uses.
#ifndef ORDINAL_ENGINE_CHECK_CONSTRAINT_DDL_H_
#define ORDINAL_ENGINE_CHECK_CONSTRAINT_DDL_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/kv/store.h"
#include "engine/sql/ast.h"
#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::ddl {

// Appends the records of `clauses` to `def` (whose columns are final): unnamed ones are
// named <table>_chk_<n>, n counting on from the highest such name `def` already uses; the
// expression is kept as MySQL prints it (sql::MysqlExprText). Returns the names added.
absl::StatusOr<std::vector<std::string>> AddChecks(
    const std::vector<sql::CheckDefinition>& clauses, ordinal::v1::TableDef& def);

// 3822 when a check of `def` has the name of a check of another table of its database.
absl::Status CheckCheckNamesUnique(kv::Transaction& txn, const ordinal::v1::TableDef& def);

// Whether the stored check's expression refers to `column` (lowercased).
bool CheckUsesColumn(const ordinal::v1::CheckDef& check, std::string_view column);

// 3959 when a check of `def` uses `column` (ALTER TABLE dropping or renaming it).
absl::Status CheckColumnNotInChecks(const ordinal::v1::TableDef& def, std::string_view column);

// The check of `def` named `name` (case-insensitively), or -1.
int FindCheck(const ordinal::v1::TableDef& def, std::string_view name);

}  // namespace ordinal::engine::ddl

#endif  // ORDINAL_ENGINE_CHECK_CONSTRAINT_DDL_H_
