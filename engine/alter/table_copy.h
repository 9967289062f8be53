// ALTER TABLE's copy: the rows of a table whose definition carries a shadow
// (TableInfo::shadow), converted into the shadow table one batch per transaction
// (docs/alter-table.md). Internal to engine/alter.
#ifndef ORDINAL_ENGINE_ALTER_TABLE_COPY_H_
#define ORDINAL_ENGINE_ALTER_TABLE_COPY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/kv/store.h"

namespace ordinal::engine::alter {

struct CopyCursor {
  std::string next_key;  // the first primary key not copied yet ("" before the first batch)
  bool done = false;
  uint64_t rows_read = 0;    // old rows visited so far (the row numbers of error messages)
  uint64_t rows_copied = 0;  // rows the batches wrote (rows the writers copied first excluded)
  // Set when the copy numbers a new row id / AUTO_INCREMENT column: the last number given.
  std::optional<int64_t> last_number;
  // Writers copy rows too (an online ALTER): a row already in the shadow is theirs.
  // Otherwise such a row is a duplicate (1062).
  bool online = false;
};

// Copies up to `max_rows` rows from `cursor` into `table.shadow` through `txn` and moves the
// cursor past them (the caller commits; on a failed commit it retries with the cursor it had
// before). Online, a row whose shadow copy exists already was written by a writer since the
// ALTER registered its shadow (from the same or a newer version of the row): it is skipped. Errors: 1062 when a row duplicates
// another on a key of the new definition, the conversion errors of exec/row_convert.h
// (with " at row N"), storage errors.
absl::Status CopyBatch(kv::Transaction& txn, const catalog::TableInfo& table, size_t max_rows,
                       CopyCursor& cursor);

// The number of rows of `table` in `txn`'s snapshot (a scan of its primary keys).
absl::StatusOr<uint64_t> CountRows(kv::Transaction& txn, const catalog::TableInfo& table);

}  // namespace ordinal::engine::alter

#endif  // ORDINAL_ENGINE_ALTER_TABLE_COPY_H_
