// Writes rows of one table and keeps its secondary indexes consistent (docs/key-encoding.md).
//
//   primary row:   IndexPrefix(table, 0) + key(pk columns)           -> EncodeRow(all columns)
//   index entry:   IndexPrefix(table, index) + key(index columns) + key(pk columns) -> ""
//   unique entry:  IndexPrefix(table, index) + key(index columns)    -> key(pk columns)
//                  (a unique index whose key columns are all non-NULL; with a NULL, the
//                  entry takes the non-unique form, so NULLs never collide, as in MySQL)
// Keys that decide uniqueness are read with GetForUpdate before they are written, so two
// transactions inserting the same key conflict at commit (ABORTED) instead of both winning.
// While an ALTER TABLE rebuilds the table (table.shadow set, docs/alter-table.md), Insert,
// Delete and Update also write the row's converted form into the shadow table, with the
// shadow's unique checks (a write that would break a key the ALTER adds fails with 1062, and
// one whose value does not convert fails with the conversion's error). Every such write
// touches the shadow row's primary key, so it conflicts with an ALTER batch copying the
// same row concurrently.
// Internal to engine/exec. One RowWriter per statement and table.
#ifndef ORDINAL_ENGINE_EXEC_ROW_WRITER_H_
#define ORDINAL_ENGINE_EXEC_ROW_WRITER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/kv/store.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

// An existing row that a new row would duplicate on some unique key.
struct Conflict {
  std::string key_name;     // "PRIMARY" or the unique index's name
  std::string entry;        // the duplicated values, joined with '-' (MySQL's message)
  std::string primary_key;  // complete primary key of the existing row
};

// ALREADY_EXISTS errno 1062 "Duplicate entry '5' for key 'k_1'".
absl::Status DuplicateEntryError(const Conflict& conflict);

// Coerces `value` for storage in column `column`, failing with 1048 "Column 'c' cannot be
// null" for NULL in a NOT NULL column. Without strict mode an invalid temporal value is
// stored as the type's zero value with warning 1265, as MySQL does. `row` (from 1) is the
// statement's row the value is for: as in MySQL, an error or warning about the value ends
// with " at row N" ("Data too long for column 'c' at row 2"); 0 adds nothing.
absl::StatusOr<Value> StoredValue(const catalog::TableInfo& table, int column,
                                  const Value& value, uint64_t row = 0);

// CURRENT_TIMESTAMP for a DATETIME or TIMESTAMP column of `type` (the statement's time; a
// TIMESTAMP in UTC, a DATETIME in the session's time zone), as DEFAULT and ON UPDATE use it.
std::string NowForColumn(const SqlType& type);

// The value an omitted column takes: its default, NULL when nullable, else 1364
// "Field 'c' doesn't have a default value". (AUTO_INCREMENT is the caller's business.)
absl::StatusOr<Value> OmittedValue(const catalog::TableInfo& table, int column);

class RowWriter {
 public:
  RowWriter(kv::Transaction& txn, const catalog::TableInfo& table);

  // The complete primary key of `row` (table-row layout).
  std::string PrimaryKey(const std::vector<Value>& row) const;

  // Reads (GetForUpdate) and decodes the row stored under `primary_key`.
  absl::StatusOr<std::optional<std::vector<Value>>> ReadRow(std::string_view primary_key);

  // The first existing row `row` would duplicate: the primary key first, then unique
  // indexes in definition order. Reads every checked key with GetForUpdate.
  absl::StatusOr<std::optional<Conflict>> FindConflict(const std::vector<Value>& row);

  // Writes a new row and its index entries. Call FindConflict first.
  absl::Status Insert(const std::vector<Value>& row);

  // Writes the entry of secondary index `index` (position in table.def.indexes()) for a
  // stored row; 1062 when a unique entry already exists (used to build a new index).
  absl::Status AddIndexEntry(int index, std::string_view primary_key,
                             const std::vector<Value>& row);

  // Removes a row and its index entries.
  absl::Status Delete(std::string_view primary_key, const std::vector<Value>& row);

  // Replaces `old_row` (stored under `old_primary_key`) by `new_row`, moving it when its
  // primary key changes and rewriting only the index entries that change. Fails with 1062
  // when a changed unique key collides with another row.
  absl::Status Update(std::string_view old_primary_key, const std::vector<Value>& old_row,
                      const std::vector<Value>& new_row);

 private:
  struct Entry {
    std::string key;
    std::string value;
    bool unique_form = false;  // key holds only the index columns
  };
  std::string PrimaryKeySuffix(const std::vector<Value>& row) const;
  Entry IndexEntry(size_t index, const std::vector<Value>& row, std::string_view pk) const;
  std::string EntryText(const ordinal::v1::IndexDef& index,
                        const std::vector<Value>& row) const;
  absl::StatusOr<std::optional<Conflict>> CheckUniqueEntry(size_t index, const Entry& entry,
                                                           const std::vector<Value>& row);
  // The shadow's side of Insert, Delete and Update (no-ops without a shadow).
  absl::Status ShadowInsert(const std::vector<Value>& row);
  absl::Status ShadowDelete(const std::vector<Value>& row);

  kv::Transaction& txn_;
  const catalog::TableInfo& table_;
  std::string primary_prefix_;
  std::vector<std::string> index_prefixes_;  // one per table_.def.indexes()
  std::unique_ptr<RowWriter> shadow_;  // writes table_.shadow, when an ALTER runs
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_ROW_WRITER_H_
