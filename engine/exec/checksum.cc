// CHECKSUM TABLE: XXH3-64 over every primary key (without the table-id prefix, so the
// answer depends only on the rows, not on the table's id) and row value, in key order, each
// preceded by its length. Reported as a non-negative BIGINT (top bit cleared).
#include <cstdint>
#include <memory>
#include <string>

#include <xxhash.h>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/codec/key_codec.h"
#include "engine/exec/statements.h"
#include "engine/exec/table_access.h"

namespace ordinal::engine::exec {
namespace {

void HashPart(XXH3_state_t* state, std::string_view bytes) {
  const uint32_t length = static_cast<uint32_t>(bytes.size());
  const unsigned char prefix[4] = {static_cast<unsigned char>(length >> 24),
                                   static_cast<unsigned char>(length >> 16),
                                   static_cast<unsigned char>(length >> 8),
                                   static_cast<unsigned char>(length)};
  XXH3_64bits_update(state, prefix, sizeof(prefix));
  XXH3_64bits_update(state, bytes.data(), bytes.size());
}

absl::StatusOr<int64_t> TableChecksum(kv::Transaction& txn, const catalog::TableInfo& table) {
  const std::string prefix = codec::IndexPrefix(table.def.id(), 0);
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(),
                                                                   &XXH3_freeState);
  XXH3_64bits_reset(state.get());
  std::unique_ptr<kv::Iterator> it = txn.NewIterator(prefix, codec::PrefixSuccessor(prefix));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    HashPart(state.get(), it->key().substr(prefix.size()));
    HashPart(state.get(), it->value());
  }
  ORDINAL_RETURN_IF_ERROR(it->status());
  return static_cast<int64_t>(XXH3_64bits_digest(state.get()) & 0x7fffffffffffffffull);
}

}  // namespace

absl::StatusOr<ResultSet> ExecuteChecksum(const sql::ChecksumTable& checksum,
                                          ExecContext& ctx) {
  ResultSet result;
  result.has_rows = true;
  result.columns = {{"Table", ColumnType::kVarchar}, {"Checksum", ColumnType::kBigInt}};
  for (const sql::TableName& name : checksum.tables) {
    const std::string& database = name.database.empty() ? ctx.current_database : name.database;
    const Value label = Value::String(absl::StrCat(database, ".", name.table));
    absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> table = ResolveTable(ctx, name);
    if (absl::IsNotFound(table.status())) {
      // MySQL answers NULL (with a warning) for a table that does not exist.
      result.rows.push_back({label, Value::Null()});
      continue;
    }
    if (!table.ok()) return table.status();
    ORDINAL_ASSIGN_OR_RETURN(int64_t sum, TableChecksum(ctx.txn, **table));
    result.rows.push_back({label, Value::Int(sum)});
  }
  return result;
}

}  // namespace ordinal::engine::exec
