#include "engine/exec/table_access.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/codec/key_codec.h"
#include "engine/codec/row_codec.h"
#include "engine/functions/session_context.h"

namespace ordinal::engine::exec {

const StatementInterrupt* RunningInterrupt() {
  const functions::SessionContext* session = functions::CurrentSessionContext();
  return session == nullptr ? nullptr : session->interrupt;
}

absl::Status CheckInterrupt(const StatementInterrupt* interrupt) {
  if (interrupt == nullptr || !interrupt->raised()) return absl::OkStatus();
  return interrupt->Check();
}

namespace {

absl::StatusOr<std::optional<std::string>> Read(kv::Transaction& txn, std::string_view key,
                                                bool for_update) {
  return for_update ? txn.GetForUpdate(key) : txn.Get(key);
}

// How the rows of one scan are decoded: which columns a check reads first, and which
// columns the visitor gets (nullptr: all).
struct Decoding {
  const RowCheck* check = nullptr;
  const std::vector<bool>* columns = nullptr;
};

// Decodes the stored row `bytes` into `row`: wholly (or the wanted columns, the others
// NULL) without a check; with one, its stored-row test first, then the columns its decoded
// test reads, and the others only when both accept the row. False: rejected. Strings get
// their columns' collations before anything compares them.
absl::StatusOr<bool> DecodeChecked(std::string_view bytes, const catalog::TableInfo& table,
                                   const Decoding& decoding, std::vector<Value>* row) {
  const RowCheck* check = decoding.check;
  if (check == nullptr && decoding.columns == nullptr) {
    ORDINAL_RETURN_IF_ERROR(codec::DecodeRow(bytes, table.column_types, row));
    table.TagCollations(row);
    return true;
  }
  if (check != nullptr && check->stored != nullptr) {
    ORDINAL_ASSIGN_OR_RETURN(bool holds, check->stored->Holds(bytes));
    if (!holds) {
      ++*check->stored_rejected;
      return false;
    }
  }
  // Every entry is written before it is read: the check's columns first, the rest after;
  // columns nobody reads are NULL. A row of the table's width (the previous row's, its
  // values given back by the visitor or not) is written over, so that its strings keep
  // their buffers.
  const size_t width = table.column_types.size();
  if (row->size() != width) {
    row->clear();
    row->resize(width);
  } else {
    for (size_t i = 0; i < width; ++i) {
      const bool decoded = check == nullptr
                               ? (*decoding.columns)[i]
                               : (check->columns != nullptr && (*check->columns)[i]) ||
                                     (*check->rest)[i];
      if (!decoded && !(*row)[i].is_null()) (*row)[i] = Value::Null();
    }
  }
  if (check == nullptr) {
    ORDINAL_RETURN_IF_ERROR(
        codec::DecodeColumns(bytes, table.column_types, *decoding.columns, row));
    table.TagCollations(row);
    return true;
  }
  if (check->columns != nullptr) {
    ORDINAL_RETURN_IF_ERROR(
        codec::DecodeColumns(bytes, table.column_types, *check->columns, row));
    table.TagCollations(row);
    ORDINAL_ASSIGN_OR_RETURN(bool holds, check->holds(*row));
    if (!holds) return false;
  }
  ORDINAL_RETURN_IF_ERROR(codec::DecodeColumns(bytes, table.column_types, *check->rest, row));
  table.TagCollations(row);
  return true;
}

absl::Status VisitPoints(kv::Transaction& txn, const catalog::TableInfo& table,
                         const plan::AccessPath& path, bool for_update, RowVisitor visit,
                         const Decoding& decoding) {
  std::vector<Value> row;
  for (const std::string& key : path.point_keys) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> value, Read(txn, key, for_update));
    if (!value) continue;
    ORDINAL_ASSIGN_OR_RETURN(bool wanted, DecodeChecked(*value, table, decoding, &row));
    if (!wanted) continue;
    ORDINAL_ASSIGN_OR_RETURN(bool more, visit(key, row));
    if (!more) break;
  }
  return absl::OkStatus();
}

absl::Status VisitPrimaryRanges(kv::Transaction& txn, const catalog::TableInfo& table,
                                const plan::AccessPath& path, bool for_update,
                                RowVisitor visit, const Decoding& decoding) {
  const StatementInterrupt* interrupt = RunningInterrupt();
  std::vector<Value> row;
  for (const plan::KeyRange& range : path.ranges) {
    std::unique_ptr<kv::Iterator> it = txn.NewIterator(range.lower, range.upper);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
      if (for_update) {
        // Registers the row for conflict validation; the value is the same snapshot's.
        ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> value, txn.GetForUpdate(it->key()));
        if (!value) continue;
        ORDINAL_RETURN_IF_ERROR(codec::DecodeRow(*value, table.column_types, &row));
        table.TagCollations(&row);
      } else {
        ORDINAL_ASSIGN_OR_RETURN(bool wanted, DecodeChecked(it->value(), table, decoding, &row));
        if (!wanted) continue;
      }
      ORDINAL_ASSIGN_OR_RETURN(bool more, visit(it->key(), row));
      if (!more) return it->status();
    }
    ORDINAL_RETURN_IF_ERROR(it->status());
  }
  return absl::OkStatus();
}

absl::Status VisitIndexRanges(kv::Transaction& txn, const catalog::TableInfo& table,
                              const plan::AccessPath& path, bool for_update,
                              RowVisitor visit, const Decoding& decoding) {
  const std::string primary_prefix = codec::IndexPrefix(table.def.id(), 0);
  std::string primary_key;
  const StatementInterrupt* interrupt = RunningInterrupt();
  std::vector<Value> row;
  for (const plan::KeyRange& range : path.ranges) {
    std::unique_ptr<kv::Iterator> it = txn.NewIterator(range.lower, range.upper);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ORDINAL_RETURN_IF_ERROR(CheckInterrupt(interrupt));
      ORDINAL_ASSIGN_OR_RETURN(std::string_view pk,
                               PrimaryKeyOfIndexEntry(table, *path.index, it->key(),
                                                      it->value()));
      primary_key.assign(primary_prefix);
      primary_key.append(pk.data(), pk.size());
      ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> value,
                               Read(txn, primary_key, for_update));
      if (!value) {
        return absl::DataLossError(absl::StrCat("index ", path.index->name(), " of ",
                                                table.QualifiedName(),
                                                " points to a missing row"));
      }
      ORDINAL_ASSIGN_OR_RETURN(bool wanted, DecodeChecked(*value, table, decoding, &row));
      if (!wanted) continue;
      ORDINAL_ASSIGN_OR_RETURN(bool more, visit(primary_key, row));
      if (!more) return it->status();
    }
    ORDINAL_RETURN_IF_ERROR(it->status());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> ResolveTableOrView(
    const ExecContext& ctx, const sql::TableName& name) {
  const std::string& database = name.database.empty() ? ctx.current_database : name.database;
  if (database.empty()) {
    return SqlError(absl::StatusCode::kFailedPrecondition, MysqlErrno::kNoDb,
                    "No database selected");
  }
  return ctx.catalog.GetTable(database, name.table);
}

absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> ResolveTable(
    const ExecContext& ctx, const sql::TableName& name) {
  ORDINAL_ASSIGN_OR_RETURN(auto table, ResolveTableOrView(ctx, name));
  if (!table->def.view_definition().empty()) {
    return SqlError(absl::StatusCode::kInvalidArgument, static_cast<MysqlErrno>(1347),
                    absl::StrCat("'", table->QualifiedName(), "' is not BASE TABLE"));
  }
  return table;
}

absl::StatusOr<std::string_view> PrimaryKeyOfIndexEntry(const catalog::TableInfo& table,
                                                        const ordinal::v1::IndexDef& index,
                                                        std::string_view key,
                                                        std::string_view value) {
  const size_t prefix_size = codec::IndexPrefix(0, 0).size();
  if (key.size() < prefix_size) return absl::DataLossError("short index key");
  key.remove_prefix(prefix_size);
  Value ignored;
  for (uint32_t column : index.column_indexes()) {
    ORDINAL_RETURN_IF_ERROR(codec::DecodeKey(&key, table.column_types[column], &ignored));
  }
  return key.empty() ? value : key;
}

absl::Status VisitRows(kv::Transaction& txn, const catalog::TableInfo& table,
                       const plan::AccessPath& path, bool for_update, RowVisitor visit,
                       const RowCheck* check, const std::vector<bool>* columns) {
  // A read for update decodes every column of every row the path reaches.
  const Decoding decoding = for_update ? Decoding{} : Decoding{check, columns};
  switch (path.kind) {
    case plan::AccessKind::kPrimaryPoint:
      return VisitPoints(txn, table, path, for_update, visit, decoding);
    case plan::AccessKind::kPrimaryRange:
    case plan::AccessKind::kFullScan:
      return VisitPrimaryRanges(txn, table, path, for_update, visit, decoding);
    case plan::AccessKind::kIndexPoint:
    case plan::AccessKind::kIndexRange:
      return VisitIndexRanges(txn, table, path, for_update, visit, decoding);
    case plan::AccessKind::kNoTable:
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::exec
