// ALTER TABLE's first step: from a table's stored definition and the statement's actions,
// the new definition and how to get there (docs/alter-table.md). Pure: reads and writes
// nothing.
//
// Errors are MySQL's, for the first action that fails (nothing changes):
//   1054 unknown column          1060 duplicate column name     1061 duplicate key name
//   1068 multiple primary keys    1072 key column doesn't exist  1091 can't drop column/key
//   1090 dropping every column    1176 unknown key (RENAME INDEX) 
//   1067 invalid default          and the column checks of table_def_builder.h.
// CHECK constraints (docs/check-constraints.md): those of check_constraint_ddl.h (3959 for a
// column a remaining check uses), 3821 DROP/ALTER CHECK of an unknown check, 3940 DROP/ALTER
// CONSTRAINT of an unknown name, 3941 ALTER CONSTRAINT ... ENFORCED of a key.
// Foreign keys (docs/foreign-keys.md): 1091 DROP FOREIGN KEY of an unknown key, 1828 dropping
// a column a key of this table uses, 1553 dropping the index a key needs, and the child-side
// checks of foreign_key_ddl.h. A key without an index gets one (which needs a copy).
#ifndef ORDINAL_ENGINE_ALTER_ALTER_PLAN_H_
#define ORDINAL_ENGINE_ALTER_ALTER_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/sql/ast.h"
#include "ordinal/v1/catalog.pb.h"

namespace ordinal::engine::alter {

struct AlterPlan {
  // The new definition: the old table's id, its new name (RENAME TO) and columns and keys.
  ordinal::v1::TableDef definition;
  // One per definition.columns: the old column its values come from, or -1 (a new column,
  // which takes its default; a new hidden row id or AUTO_INCREMENT column is numbered).
  std::vector<int> source_columns;
  // The rows must be rewritten into a new table id (a column's type, position, presence or
  // nullability changes, the primary key changes, or an index is added).
  bool needs_copy = false;
  // Writes to the table wait until the copy is done: the copy numbers rows itself (a new
  // hidden row id or AUTO_INCREMENT column), or the new primary key does not contain every
  // old primary key column unchanged (two old rows may then meet on one new key, which only
  // a copy without writers' copies can tell from a row a writer copied first).
  bool offline = false;
  // Secondary indexes dropped without a copy: their entries are deleted after the commit.
  std::vector<uint32_t> dropped_index_ids;
  // AUTO_INCREMENT = n.
  std::optional<uint64_t> auto_increment;
  // ENABLE|DISABLE KEYS among the actions: note 1031, as on InnoDB.
  bool keys_note = false;
  // Names of the foreign keys ADD FOREIGN KEY adds (in definition.foreign_keys): their
  // referenced tables and the existing rows are checked before anything changes.
  std::vector<std::string> added_foreign_keys;
  // Names of the CHECK constraints ADD adds enforced, or ALTER ... ENFORCED switches on: the
  // existing rows must satisfy them (3819). With a copy, the copy checks every row (and
  // writes wait, `offline`); without, RunAlterTable scans the rows first.
  std::vector<std::string> validated_checks;
};

// `old` is the stored definition (no shadow); `database` the database RENAME TO resolves
// an unqualified name against.
absl::StatusOr<AlterPlan> PlanAlter(const sql::AlterTable& statement,
                                    const ordinal::v1::TableDef& old,
                                    const std::string& database);

}  // namespace ordinal::engine::alter

#endif  // ORDINAL_ENGINE_ALTER_ALTER_PLAN_H_
