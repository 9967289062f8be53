// Rows of one table under two definitions: ALTER TABLE's copy and the writes that keep an
// ALTER's shadow table current (docs/alter-table.md). Internal to engine/.
#ifndef ORDINAL_ENGINE_EXEC_ROW_CONVERT_H_
#define ORDINAL_ENGINE_EXEC_ROW_CONVERT_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "engine/catalog/catalog.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// `row` (a row of the old definition) as a row of `to`. `sources` holds, per column of
// `to`, the old column its value is converted from (as strict mode converts on INSERT), or
// -1 for a new column: it takes `numbered` when it is the AUTO_INCREMENT column or a new
// hidden row id and `numbered` is set, else its default, else NULL when nullable, else its
// type's implicit default (0, '', the zero date, the first ENUM member), as MySQL's ADD
// COLUMN does. Errors: 1138 "Invalid use of NULL value" for NULL into a NOT NULL column,
// 1264/1265/1366 for a value that does not fit (a string too long is 1265, "Data truncated",
// as MySQL's ALTER reports it).
absl::StatusOr<std::vector<Value>> ConvertRow(const catalog::TableInfo& to,
                                              absl::Span<const int32_t> sources,
                                              const std::vector<Value>& row,
                                              std::optional<int64_t> numbered);

// A row of `table` as the shadow of its ALTER in progress stores it (table.shadow must be
// set): ConvertRow with the shadow's sources, never numbered.
absl::StatusOr<std::vector<Value>> ShadowRow(const catalog::TableInfo& table,
                                             const std::vector<Value>& row);

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_ROW_CONVERT_H_
