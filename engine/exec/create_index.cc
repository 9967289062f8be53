// CREATE [UNIQUE] INDEX: adds the index to the table definition and backfills an entry for
// every existing row, in the caller's transaction (a duplicate leaves nothing behind).
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/codec/key_codec.h"
#include "engine/codec/row_codec.h"
#include "engine/exec/row_writer.h"
#include "engine/exec/statements.h"
#include "engine/exec/table_access.h"
#include "engine/table_def_builder.h"

namespace ordinal::engine::exec {
namespace {

bool NameTaken(const ordinal::v1::TableDef& def, const std::string& name) {
  if (name == "primary") return true;
  for (const ordinal::v1::IndexDef& index : def.indexes()) {
    if (index.name() == name) return true;
  }
  return false;
}

// MySQL names an unnamed index after its first column, adding _2, _3, ... when taken.
std::string DeriveName(const ordinal::v1::TableDef& def, const std::string& column) {
  if (!NameTaken(def, column)) return column;
  for (int i = 2;; ++i) {
    std::string name = absl::StrCat(column, "_", i);
    if (!NameTaken(def, name)) return name;
  }
}

absl::StatusOr<ordinal::v1::IndexDef> NewIndexDef(const sql::IndexDefinition& index,
                                                  const catalog::TableInfo& table) {
  if (index.primary) {
    return SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kMultiplePrimaryKey,
                    "Multiple primary key defined");
  }
  ORDINAL_RETURN_IF_ERROR(ddl::CheckIndexComment(index));
  ordinal::v1::IndexDef def;
  def.set_unique(index.unique);
  def.set_comment(index.comment.value_or(""));
  for (const std::string& name : index.columns) {
    const int column = table.FindColumn(name);
    if (column < 0 || column >= table.VisibleColumnCount()) {
      return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kKeyColumnDoesNotExist,
                      absl::StrCat("Key column '", name, "' doesn't exist in table"));
    }
    for (uint32_t existing : def.column_indexes()) {
      if (static_cast<int>(existing) == column) {
        return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDupFieldName,
                        absl::StrCat("Duplicate column name '", name, "'"));
      }
    }
    ORDINAL_RETURN_IF_ERROR(ddl::CheckKeyColumn(table.def.columns(column)));
    def.add_column_indexes(column);
  }
  if (def.column_indexes_size() == 0) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kParse,
                    "an index needs at least one column");
  }
  if (index.name.empty()) {
    def.set_name(DeriveName(table.def, index.columns[0]));
  } else if (NameTaken(table.def, index.name)) {
    return SqlError(absl::StatusCode::kAlreadyExists, MysqlErrno::kDupKeyName,
                    absl::StrCat("Duplicate key name '", index.name, "'"));
  } else {
    def.set_name(index.name);
  }
  uint32_t next_id = std::max<uint32_t>(table.def.next_index_id(), 1);
  for (const ordinal::v1::IndexDef& existing : table.def.indexes()) {
    next_id = std::max(next_id, existing.id() + 1);
  }
  def.set_id(next_id);
  return def;
}

// Writes the new index's entry for every row. `table` already lists the index. Rows are read
// in chunks, each scan finished before its entries are written.
absl::Status Backfill(kv::Transaction& txn, const catalog::TableInfo& table) {
  constexpr size_t kChunkRows = 4096;
  const std::string prefix = codec::IndexPrefix(table.def.id(), 0);
  const std::string end = codec::PrefixSuccessor(prefix);
  RowWriter writer(txn, table);
  const int last = table.def.indexes_size() - 1;
  std::string resume = prefix;
  std::vector<std::pair<std::string, std::vector<Value>>> rows;
  for (;;) {
    rows.clear();
    {
      std::unique_ptr<kv::Iterator> it = txn.NewIterator(resume, end);
      for (it->SeekToFirst(); it->Valid() && rows.size() < kChunkRows; it->Next()) {
        std::vector<Value> row;
        ORDINAL_RETURN_IF_ERROR(codec::DecodeRow(it->value(), table.column_types, &row));
        rows.emplace_back(std::string(it->key()), std::move(row));
      }
      ORDINAL_RETURN_IF_ERROR(it->status());
    }
    for (const auto& [key, row] : rows) {
      ORDINAL_RETURN_IF_ERROR(writer.AddIndexEntry(last, key, row));
    }
    if (rows.size() < kChunkRows) return absl::OkStatus();
    resume = rows.back().first;
    resume.push_back('\0');  // the smallest key after the last one read
  }
}

}  // namespace

absl::StatusOr<ResultSet> ExecuteCreateIndex(const sql::CreateIndex& create, ExecContext& ctx) {
  ORDINAL_ASSIGN_OR_RETURN(auto table, ResolveTable(ctx, create.table));
  if (table->shadow != nullptr) {
    return SqlError(absl::StatusCode::kAborted, MysqlErrno::kLockWaitTimeout,
                    absl::StrCat("Lock wait timeout exceeded; table '", table->QualifiedName(),
                                 "' is being altered"));
  }
  ORDINAL_ASSIGN_OR_RETURN(ordinal::v1::IndexDef index, NewIndexDef(create.index, *table));
  ordinal::v1::TableDef def = table->def;
  *def.add_indexes() = index;
  def.set_next_index_id(index.id() + 1);
  std::shared_ptr<const catalog::TableInfo> updated = catalog::MakeTableInfo(def);
  ORDINAL_RETURN_IF_ERROR(Backfill(ctx.txn, *updated));
  ORDINAL_RETURN_IF_ERROR(ctx.catalog.PutTable(ctx.txn, def));
  return ResultSet{};
}

}  // namespace ordinal::engine::exec
