#include "engine/exec/row_writer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/codec/key_codec.h"
#include "engine/codec/row_codec.h"
#include "engine/exec/row_convert.h"
#include "engine/functions/session_context.h"
#include "engine/types/coerce_lenient.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::exec {
namespace {

bool AllNonNull(const ordinal::v1::IndexDef& index, const std::vector<Value>& row) {
  for (uint32_t column : index.column_indexes()) {
    if (row[column].is_null()) return false;
  }
  return true;
}

// The codes whose MySQL messages name the row of the statement ("... for column 'c' at row
// 2"): a value that does not fit its column.
bool NamesTheRow(int code) {
  switch (static_cast<MysqlErrno>(code)) {
    case MysqlErrno::kOutOfRange:
    case MysqlErrno::kDataTruncated:
    case MysqlErrno::kDataTooLong:
    case MysqlErrno::kWrongValueForType:
    case MysqlErrno::kTruncatedWrongValue:
      return true;
    default:
      return false;
  }
}

std::string AtRow(std::string message, int code, uint64_t row) {
  if (row > 0 && NamesTheRow(code)) absl::StrAppend(&message, " at row ", row);
  return message;
}

absl::Status AtRow(const absl::Status& status, uint64_t row) {
  const MysqlErrno code = GetMysqlErrno(status);
  if (row == 0 || !NamesTheRow(static_cast<int>(code))) return status;
  return SqlError(status.code(), code, AtRow(std::string(status.message()),
                                             static_cast<int>(code), row));
}

}  // namespace

absl::Status DuplicateEntryError(const Conflict& conflict) {
  return SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kDupEntry,
                  absl::StrCat("Duplicate entry '", conflict.entry, "' for key '",
                               conflict.key_name, "'"));
}

std::string NowForColumn(const SqlType& type) {
  const functions::SessionContext* session = functions::CurrentSessionContext();
  const absl::Time now = session != nullptr ? session->statement_time : absl::Now();
  // A TIMESTAMP is stored in UTC; a DATETIME holds the session's wall-clock time.
  const absl::TimeZone zone = type.type == ColumnType::kTimestamp
                                  ? absl::UTCTimeZone()
                                  : CurrentTemporalMode().time_zone;
  return CurrentTemporalText(type.type, type.scale, now, zone);
}

absl::StatusOr<Value> StoredValue(const catalog::TableInfo& table, int column,
                                  const Value& value, uint64_t row) {
  const ordinal::v1::ColumnDef& def = table.def.columns(column);
  if (value.is_null()) {
    if (!def.nullable()) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kBadNull,
                      absl::StrCat("Column '", def.name(), "' cannot be null"));
    }
    return value;
  }
  const SqlType& type = table.sql_types[column];
  // MySQL names a JSON column `table.column` in its invalid-text error (3140).
  absl::StatusOr<Value> stored = CoerceToColumn(
      value, type,
      type.type == ColumnType::kJson ? absl::StrCat(table.def.name(), ".", def.name())
                                     : def.name());
  if (stored.ok()) return stored;
  if (CurrentTemporalMode().strict) return AtRow(stored.status(), row);
  // Not strict: what strict mode refuses is adjusted and stored with a warning, as MySQL
  // does. An invalid date, time or datetime is stored as the zero value (MySQL's 1265).
  functions::SessionContext* session = functions::CurrentSessionContext();
  if (IsTemporalType(type.type)) {
    if (GetMysqlErrno(stored.status()) != MysqlErrno::kTruncatedWrongValue) {
      return AtRow(stored.status(), row);
    }
    if (session != nullptr) {
      const int code = static_cast<int>(MysqlErrno::kDataTruncated);
      session->Warn(code, AtRow(absl::StrCat("Data truncated for column '", def.name(), "'"),
                                code, row));
    }
    return Value::String(ZeroTemporalText(type.type, type.scale));
  }
  absl::StatusOr<LenientValue> lenient =
      CoerceToColumnLeniently(value, type, def.name(), stored.status());
  if (!lenient.ok()) return AtRow(lenient.status(), row);
  if (session != nullptr) {
    session->Warn(lenient->warning_code,
                  AtRow(std::move(lenient->warning), lenient->warning_code, row));
  }
  return std::move(lenient->value);
}

absl::StatusOr<Value> OmittedValue(const catalog::TableInfo& table, int column) {
  const ordinal::v1::ColumnDef& def = table.def.columns(column);
  if (def.has_default()) return catalog::ColumnDefault(def);
  if (def.default_now()) {
    const SqlType& type = table.sql_types[column];
    return Value::String(NowForColumn(type));
  }
  if (def.nullable()) return Value::Null();
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kNoDefault,
                  absl::StrCat("Field '", def.name(), "' doesn't have a default value"));
}

RowWriter::RowWriter(kv::Transaction& txn, const catalog::TableInfo& table)
    : txn_(txn), table_(table), primary_prefix_(codec::IndexPrefix(table.def.id(), 0)) {
  for (const ordinal::v1::IndexDef& index : table.def.indexes()) {
    index_prefixes_.push_back(codec::IndexPrefix(table.def.id(), index.id()));
  }
  if (table.shadow != nullptr) shadow_ = std::make_unique<RowWriter>(txn, *table.shadow);
}

absl::Status RowWriter::ShadowInsert(const std::vector<Value>& row) {
  if (shadow_ == nullptr) return absl::OkStatus();
  ORDINAL_ASSIGN_OR_RETURN(std::vector<Value> converted, ShadowRow(table_, row));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Conflict> conflict, shadow_->FindConflict(converted));
  if (conflict) return DuplicateEntryError(*conflict);
  return shadow_->Insert(converted);
}

// Removes the shadow's copy of `row` when it has one; otherwise still writes (deletes) its
// primary key, so that an ALTER batch that read `row` before this write fails to commit.
absl::Status RowWriter::ShadowDelete(const std::vector<Value>& row) {
  if (shadow_ == nullptr) return absl::OkStatus();
  absl::StatusOr<std::vector<Value>> converted = ShadowRow(table_, row);
  if (!converted.ok()) return absl::OkStatus();  // such a row was never copied
  const std::string key = shadow_->PrimaryKey(*converted);
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> stored, shadow_->ReadRow(key));
  if (!stored) return txn_.Delete(key);
  return shadow_->Delete(key, *stored);
}

std::string RowWriter::PrimaryKeySuffix(const std::vector<Value>& row) const {
  std::string suffix;
  for (uint32_t column : table_.def.primary_key().column_indexes()) {
    codec::AppendKey(&suffix, row[column], table_.column_types[column],
                     table_.key_collations[column]);
  }
  return suffix;
}

std::string RowWriter::PrimaryKey(const std::vector<Value>& row) const {
  return primary_prefix_ + PrimaryKeySuffix(row);
}

RowWriter::Entry RowWriter::IndexEntry(size_t index, const std::vector<Value>& row,
                                       std::string_view pk) const {
  const ordinal::v1::IndexDef& def = table_.def.indexes(static_cast<int>(index));
  Entry entry;
  entry.key = index_prefixes_[index];
  for (uint32_t column : def.column_indexes()) {
    codec::AppendKey(&entry.key, row[column], table_.column_types[column],
                     table_.key_collations[column]);
  }
  entry.unique_form = def.unique() && AllNonNull(def, row);
  if (entry.unique_form) {
    entry.value.assign(pk.data(), pk.size());
  } else {
    entry.key.append(pk.data(), pk.size());
  }
  return entry;
}

std::string RowWriter::EntryText(const ordinal::v1::IndexDef& index,
                                 const std::vector<Value>& row) const {
  std::vector<std::string> parts;
  for (uint32_t column : index.column_indexes()) parts.push_back(row[column].ToString());
  return absl::StrJoin(parts, "-");
}

absl::StatusOr<std::optional<std::vector<Value>>> RowWriter::ReadRow(
    std::string_view primary_key) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> bytes, txn_.GetForUpdate(primary_key));
  if (!bytes) return std::optional<std::vector<Value>>();
  std::vector<Value> row;
  ORDINAL_RETURN_IF_ERROR(codec::DecodeRow(*bytes, table_.column_types, &row));
  return std::optional<std::vector<Value>>(std::move(row));
}

absl::StatusOr<std::optional<Conflict>> RowWriter::CheckUniqueEntry(
    size_t index, const Entry& entry, const std::vector<Value>& row) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> existing, txn_.GetForUpdate(entry.key));
  if (!existing) return std::optional<Conflict>();
  const ordinal::v1::IndexDef& def = table_.def.indexes(static_cast<int>(index));
  return std::optional<Conflict>(
      Conflict{def.name(), EntryText(def, row), primary_prefix_ + *existing});
}

absl::StatusOr<std::optional<Conflict>> RowWriter::FindConflict(const std::vector<Value>& row) {
  const std::string pk = PrimaryKeySuffix(row);
  const std::string primary_key = primary_prefix_ + pk;
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                           txn_.GetForUpdate(primary_key));
  if (existing) {
    return std::optional<Conflict>(
        Conflict{"PRIMARY", EntryText(table_.def.primary_key(), row), primary_key});
  }
  for (size_t i = 0; i < index_prefixes_.size(); ++i) {
    if (!table_.def.indexes(static_cast<int>(i)).unique()) continue;
    Entry entry = IndexEntry(i, row, pk);
    if (!entry.unique_form) continue;
    ORDINAL_ASSIGN_OR_RETURN(std::optional<Conflict> conflict, CheckUniqueEntry(i, entry, row));
    if (conflict) return conflict;
  }
  return std::optional<Conflict>();
}

absl::Status RowWriter::Insert(const std::vector<Value>& row) {
  const std::string pk = PrimaryKeySuffix(row);
  std::string bytes;
  codec::EncodeRow(row, table_.column_types, &bytes);
  ORDINAL_RETURN_IF_ERROR(txn_.Put(primary_prefix_ + pk, bytes));
  for (size_t i = 0; i < index_prefixes_.size(); ++i) {
    Entry entry = IndexEntry(i, row, pk);
    ORDINAL_RETURN_IF_ERROR(txn_.Put(entry.key, entry.value));
  }
  return ShadowInsert(row);
}

absl::Status RowWriter::AddIndexEntry(int index, std::string_view primary_key,
                                     const std::vector<Value>& row) {
  const Entry entry =
      IndexEntry(static_cast<size_t>(index), row, primary_key.substr(primary_prefix_.size()));
  if (entry.unique_form) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<Conflict> conflict,
                             CheckUniqueEntry(static_cast<size_t>(index), entry, row));
    if (conflict) return DuplicateEntryError(*conflict);
  }
  return txn_.Put(entry.key, entry.value);
}

absl::Status RowWriter::Delete(std::string_view primary_key, const std::vector<Value>& row) {
  ORDINAL_RETURN_IF_ERROR(txn_.Delete(primary_key));
  std::string_view pk = primary_key.substr(primary_prefix_.size());
  for (size_t i = 0; i < index_prefixes_.size(); ++i) {
    ORDINAL_RETURN_IF_ERROR(txn_.Delete(IndexEntry(i, row, pk).key));
  }
  return ShadowDelete(row);
}

absl::Status RowWriter::Update(std::string_view old_primary_key,
                               const std::vector<Value>& old_row,
                               const std::vector<Value>& new_row) {
  const std::string_view old_pk = old_primary_key.substr(primary_prefix_.size());
  const std::string new_pk = PrimaryKeySuffix(new_row);
  const std::string new_primary_key = primary_prefix_ + new_pk;
  const bool moved = new_primary_key != old_primary_key;
  if (moved) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                             txn_.GetForUpdate(new_primary_key));
    if (existing) {
      return DuplicateEntryError(
          Conflict{"PRIMARY", EntryText(table_.def.primary_key(), new_row), new_primary_key});
    }
  }
  std::vector<Entry> old_entries, new_entries;
  for (size_t i = 0; i < index_prefixes_.size(); ++i) {
    old_entries.push_back(IndexEntry(i, old_row, old_pk));
    new_entries.push_back(IndexEntry(i, new_row, new_pk));
    const Entry& entry = new_entries.back();
    if (entry.unique_form && entry.key != old_entries.back().key) {
      ORDINAL_ASSIGN_OR_RETURN(std::optional<Conflict> conflict,
                               CheckUniqueEntry(i, entry, new_row));
      if (conflict) return DuplicateEntryError(*conflict);
    }
  }
  if (moved) ORDINAL_RETURN_IF_ERROR(txn_.Delete(old_primary_key));
  std::string bytes;
  codec::EncodeRow(new_row, table_.column_types, &bytes);
  ORDINAL_RETURN_IF_ERROR(txn_.Put(new_primary_key, bytes));
  for (size_t i = 0; i < index_prefixes_.size(); ++i) {
    const Entry& before = old_entries[i];
    const Entry& after = new_entries[i];
    if (before.key == after.key && before.value == after.value) continue;
    if (before.key != after.key) ORDINAL_RETURN_IF_ERROR(txn_.Delete(before.key));
    ORDINAL_RETURN_IF_ERROR(txn_.Put(after.key, after.value));
  }
  // The shadow's copy is replaced as a whole (delete, then insert with its key checks).
  ORDINAL_RETURN_IF_ERROR(ShadowDelete(old_row));
  return ShadowInsert(new_row);
}

}  // namespace ordinal::engine::exec
