#include "engine/alter/table_copy.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/codec/key_codec.h"
#include "engine/codec/row_codec.h"
#include "engine/exec/check_constraints.h"
#include "engine/exec/row_convert.h"
#include "engine/exec/row_writer.h"

namespace ordinal::engine::alter {
namespace {

// MySQL names the row in ALTER's conversion errors.
absl::Status AtRow(const absl::Status& status, uint64_t row) {
  const MysqlErrno code = GetMysqlErrno(status);
  if (code != MysqlErrno::kOutOfRange && code != MysqlErrno::kDataTruncated &&
      code != MysqlErrno::kWrongValueForType && code != MysqlErrno::kTruncatedWrongValue) {
    return status;
  }
  return SqlError(status.code(), code, absl::StrCat(status.message(), " at row ", row));
}

}  // namespace

absl::Status CopyBatch(kv::Transaction& txn, const catalog::TableInfo& table, size_t max_rows,
                       CopyCursor& cursor) {
  const std::string prefix = codec::IndexPrefix(table.def.id(), 0);
  const std::string end = codec::PrefixSuccessor(prefix);
  std::vector<std::pair<std::string, std::vector<Value>>> rows;
  {
    std::unique_ptr<kv::Iterator> it =
        txn.NewIterator(cursor.next_key.empty() ? prefix : cursor.next_key, end);
    for (it->SeekToFirst(); it->Valid() && rows.size() < max_rows; it->Next()) {
      std::vector<Value> row;
      ORDINAL_RETURN_IF_ERROR(codec::DecodeRow(it->value(), table.column_types, &row));
      rows.emplace_back(std::string(it->key()), std::move(row));
    }
    ORDINAL_RETURN_IF_ERROR(it->status());
  }
  exec::RowWriter shadow(txn, *table.shadow);
  ORDINAL_ASSIGN_OR_RETURN(exec::CheckEnforcer checks,
                           exec::CheckEnforcer::ForTable(*table.shadow));
  const auto& sources = table.def.shadow().source_columns();
  for (const auto& [key, row] : rows) {
    ++cursor.rows_read;
    std::optional<int64_t> number;
    if (cursor.last_number.has_value()) number = ++*cursor.last_number;
    absl::StatusOr<std::vector<Value>> converted = exec::ConvertRow(
        *table.shadow, absl::MakeConstSpan(sources.data(), sources.size()), row, number);
    if (!converted.ok()) return AtRow(converted.status(), cursor.rows_read);
    ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> present,
                             shadow.ReadRow(shadow.PrimaryKey(*converted)));
    if (present.has_value() && cursor.online) continue;  // a writer's copy, as new or newer
    ORDINAL_RETURN_IF_ERROR(checks.Verify(*converted));
    ORDINAL_ASSIGN_OR_RETURN(std::optional<exec::Conflict> conflict,
                             shadow.FindConflict(*converted));
    if (conflict) return exec::DuplicateEntryError(*conflict);
    ORDINAL_RETURN_IF_ERROR(shadow.Insert(*converted));
    ++cursor.rows_copied;
  }
  cursor.done = rows.size() < max_rows;
  if (!rows.empty()) {
    cursor.next_key = rows.back().first;
    cursor.next_key.push_back('\0');  // the smallest key after the last one read
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> CountRows(kv::Transaction& txn, const catalog::TableInfo& table) {
  const std::string prefix = codec::IndexPrefix(table.def.id(), 0);
  std::unique_ptr<kv::Iterator> it = txn.NewIterator(prefix, codec::PrefixSuccessor(prefix));
  uint64_t count = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
  ORDINAL_RETURN_IF_ERROR(it->status());
  return count;
}

}  // namespace ordinal::engine::alter
