// Changing one row an UPDATE or DELETE found, the same way in the single- and the
// multiple-table forms: ON UPDATE CURRENT_TIMESTAMP columns, the AUTO_INCREMENT counter,
// CHECK constraints (check_constraints.h), foreign key actions and checks
// (foreign_keys.h), and the write with its index entries (row_writer.h). Internal to
// engine/exec.
#ifndef ORDINAL_ENGINE_EXEC_ROW_CHANGES_H_
#define ORDINAL_ENGINE_EXEC_ROW_CHANGES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/exec/check_constraints.h"
#include "engine/exec/executor.h"
#include "engine/exec/foreign_keys.h"
#include "engine/exec/row_writer.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// Replaces `old_row` of `table` (stored under `primary_key`) by `new_row`, in which the
// statement assigned the columns `assigned`. Returns false, and writes nothing, when the
// row does not change. `checks` are the table's CHECK constraints. Errors: 3819 (a CHECK
// constraint), 1062 (a unique key), 1451/1452 (foreign keys), and those of the cascades.
absl::StatusOr<bool> ChangeRow(ExecContext& ctx, const catalog::TableInfo& table,
                               RowWriter& writer, ForeignKeyEnforcer& foreign_keys,
                               const CheckEnforcer& checks, std::string_view primary_key,
                               const std::vector<Value>& old_row, std::vector<Value> new_row,
                               const std::vector<int>& assigned);

// Re-reads (for update) the row of `table` stored under `primary_key` and deletes it after
// its ON DELETE actions. Returns false when the row is gone (an earlier change of the same
// statement removed it). Errors: 1451 and those of the cascades.
absl::StatusOr<bool> RemoveRow(const catalog::TableInfo& table, RowWriter& writer,
                               ForeignKeyEnforcer& foreign_keys, std::string_view primary_key);

// UPDATE's info line: "Rows matched: N  Changed: M  Warnings: 0" (MySQL's).
std::string UpdateInfo(uint64_t matched, uint64_t changed);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_ROW_CHANGES_H_
