// CHECK constraint enforcement (docs/check-constraints.md): the enforced checks of one table,
// parsed from their stored text and bound to the table's row layout once per statement, and
// evaluated on each row a statement writes (INSERT, REPLACE, the update of INSERT ... ON
// DUPLICATE KEY UPDATE, UPDATE, CREATE TABLE ... SELECT, and ALTER TABLE's copy and checks).
// Internal to engine/exec and engine/alter. Not thread-safe; one per statement and table.
#ifndef ORDINAL_ENGINE_EXEC_CHECK_CONSTRAINTS_H_
#define ORDINAL_ENGINE_EXEC_CHECK_CONSTRAINTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/sql/ast.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

class CheckEnforcer {
 public:
  // The enforced checks of `table`, in name order; with `only`, just those it names (ALTER
  // TABLE checking the rows against the checks it adds or enforces). Errors: a stored
  // expression that no longer parses or binds (INTERNAL).
  static absl::StatusOr<CheckEnforcer> ForTable(const catalog::TableInfo& table,
                                                const std::vector<std::string>* only = nullptr);

  // OK when every check is TRUE or UNKNOWN (NULL) for `row` (the table's row layout); else
  // 3819 "Check constraint 'name' is violated." for the first that is FALSE, or the error of
  // evaluating one (1365 division by zero in strict mode, ...).
  absl::Status Verify(const std::vector<Value>& row) const;

  bool empty() const { return checks_.empty(); }

 private:
  struct Bound {
    std::string name;
    sql::ExprPtr expr;
  };
  std::vector<Bound> checks_;
};

// 3819 "Check constraint 'name' is violated."
absl::Status CheckViolatedError(const std::string& name);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_CHECK_CONSTRAINTS_H_
