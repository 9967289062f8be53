#include "engine/exec/auto_increment.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/codec/key_codec.h"
#include "engine/codec/row_codec.h"

namespace ordinal::engine::exec {
namespace {

// The largest integer stored in column `column` of `table`, or 0 when there is none.
absl::StatusOr<int64_t> LargestStoredValue(kv::Transaction& txn,
                                           const catalog::TableInfo& table, int column) {
  const std::string prefix = codec::IndexPrefix(table.def.id(), 0);
  std::unique_ptr<kv::Iterator> it = txn.NewIterator(prefix, codec::PrefixSuccessor(prefix));
  const auto& pk = table.def.primary_key();
  const bool leading_key_column =
      pk.column_indexes_size() > 0 && static_cast<int>(pk.column_indexes(0)) == column;
  int64_t largest = 0;
  if (leading_key_column) {
    // Keys sort by the leading column: the last key holds the largest value.
    it->SeekToLast();
    if (it->Valid()) {
      std::string_view key = it->key();
      key.remove_prefix(prefix.size());
      Value value;
      ORDINAL_RETURN_IF_ERROR(
          codec::DecodeKey(&key, table.column_types[column], &value));
      if (value.is_int()) largest = value.int_value();
    }
    ORDINAL_RETURN_IF_ERROR(it->status());
    return largest;
  }
  // Not a key prefix: read every row once.
  std::vector<Value> row;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ORDINAL_RETURN_IF_ERROR(codec::DecodeRow(it->value(), table.column_types, &row));
    if (row[column].is_int() && row[column].int_value() > largest) {
      largest = row[column].int_value();
    }
  }
  ORDINAL_RETURN_IF_ERROR(it->status());
  return largest;
}

}  // namespace

int AutoIncrementColumn(const catalog::TableInfo& table) {
  for (int i = 0; i < table.def.columns_size(); ++i) {
    if (table.def.columns(i).auto_increment()) return i;
  }
  if (table.def.hidden_primary_key()) return table.def.columns_size() - 1;
  return -1;
}

absl::StatusOr<int64_t*> AutoIncrementCounters::CounterLocked(
    kv::Transaction& txn, const catalog::TableInfo& table) {
  auto it = last_.find(table.def.id());
  if (it != last_.end()) return &it->second;
  const int column = AutoIncrementColumn(table);
  if (column < 0) {
    return SqlError(absl::StatusCode::kInternal, MysqlErrno::kUnknown,
                    "table has no auto-increment column");
  }
  ORDINAL_ASSIGN_OR_RETURN(int64_t largest, LargestStoredValue(txn, table, column));
  // AUTO_INCREMENT = n of CREATE or ALTER TABLE: the first value is at least n.
  const uint64_t start = table.def.options().auto_increment();
  if (start > 1) {
    const int64_t floor = start > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                              ? std::numeric_limits<int64_t>::max()
                              : static_cast<int64_t>(start) - 1;
    largest = std::max(largest, floor);
  }
  return &last_.emplace(table.def.id(), largest).first->second;
}

std::function<std::optional<int64_t>(const catalog::TableInfo&)> NextAutoIncrementReader(
    AutoIncrementCounters& counters, kv::Transaction& txn) {
  return [&counters, &txn](const catalog::TableInfo& table) -> std::optional<int64_t> {
    const int column = AutoIncrementColumn(table);
    if (column < 0 || !table.def.columns(column).auto_increment()) return std::nullopt;
    absl::StatusOr<int64_t> next = counters.Peek(txn, table);
    if (!next.ok()) return std::nullopt;
    return *next;
  };
}

absl::StatusOr<int64_t> AutoIncrementCounters::Peek(kv::Transaction& txn,
                                                    const catalog::TableInfo& table) {
  absl::MutexLock lock(&mu_);
  ORDINAL_ASSIGN_OR_RETURN(int64_t* last, CounterLocked(txn, table));
  return *last == std::numeric_limits<int64_t>::max() ? *last : *last + 1;
}

absl::StatusOr<int64_t> AutoIncrementCounters::Next(kv::Transaction& txn,
                                                    const catalog::TableInfo& table) {
  absl::MutexLock lock(&mu_);
  ORDINAL_ASSIGN_OR_RETURN(int64_t* last, CounterLocked(txn, table));
  if (*last == std::numeric_limits<int64_t>::max()) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kOutOfRange,
                    "Out of range value for AUTO_INCREMENT column");
  }
  return ++*last;
}

absl::Status AutoIncrementCounters::Observe(kv::Transaction& txn,
                                            const catalog::TableInfo& table, int64_t value) {
  absl::MutexLock lock(&mu_);
  ORDINAL_ASSIGN_OR_RETURN(int64_t* last, CounterLocked(txn, table));
  if (value > *last) *last = value;
  return absl::OkStatus();
}

void AutoIncrementCounters::Forget(uint64_t table_id) {
  absl::MutexLock lock(&mu_);
  last_.erase(table_id);
}

}  // namespace ordinal::engine::exec
