#include "engine/catalog/table_stats.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "common/status_macros.h"
#include "engine/catalog/catalog.h"
#include "engine/codec/key_codec.h"
#include "engine/codec/row_codec.h"

namespace ordinal::engine::catalog {
namespace {

// Rows per value assumed for an index without statistics: a whole unique key matches one
// row, any other prefix ten.
constexpr double kDefaultRowsPerValue = 10;

// What a scan of one index found.
struct IndexCount {
  uint64_t entries = 0;
  // distinct[k - 1]: values of the first k key columns seen.
  std::vector<uint64_t> distinct;
  uint64_t key_bytes = 0;  // keys and values read
  bool complete = false;   // the scan reached the end of the index
  std::string last_key;    // the last key read (when entries > 0)
};

// The byte length of each prefix of `key_tuple`'s first types.size() columns; shorter when
// a column does not decode (the entry then counts as distinct at that depth).
std::vector<size_t> PrefixEnds(std::string_view key_tuple, const std::vector<ColumnType>& types) {
  std::vector<size_t> ends;
  std::string_view rest = key_tuple;
  Value ignored;
  for (ColumnType type : types) {
    if (!codec::DecodeKey(&rest, type, &ignored).ok()) break;
    ends.push_back(key_tuple.size() - rest.size());
  }
  return ends;
}

// A uniform sample of the rows offered (reservoir sampling with a fixed seed, so that the
// same rows give the same sample).
class RowSampler {
 public:
  RowSampler(const std::vector<ColumnType>& types, std::vector<std::vector<Value>>* rows)
      : types_(types), rows_(rows) {}

  void Offer(std::string_view encoded_row) {
    ++seen_;
    size_t slot = rows_->size();
    if (slot >= TableStats::kSampleRows) {
      state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
      slot = static_cast<size_t>((state_ >> 11) % seen_);
      if (slot >= TableStats::kSampleRows) return;
    }
    std::vector<Value> row;
    if (!codec::DecodeRow(encoded_row, types_, &row).ok()) return;
    if (slot == rows_->size()) {
      rows_->push_back(std::move(row));
    } else {
      (*rows_)[slot] = std::move(row);
    }
  }

 private:
  const std::vector<ColumnType>& types_;
  std::vector<std::vector<Value>>* rows_;
  uint64_t seen_ = 0;
  uint64_t state_ = 0x9e3779b97f4a7c15ull;
};

// Reads the entries of one index in key order, at most `limit` of them (0: all), offering
// each entry's value to `sampler` (the primary key's values are the rows) when given.
absl::StatusOr<IndexCount> CountIndex(kv::Transaction& txn, const std::string& prefix,
                                      const std::vector<ColumnType>& types, uint64_t limit,
                                      RowSampler* sampler) {
  IndexCount count;
  count.distinct.assign(types.size(), 0);
  std::unique_ptr<kv::Iterator> it = txn.NewIterator(prefix, codec::PrefixSuccessor(prefix));
  std::string previous;                // the previous key tuple
  std::vector<size_t> previous_ends;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (limit > 0 && count.entries == limit) break;
    const std::string_view tuple = it->key().substr(prefix.size());
    const std::vector<size_t> ends = PrefixEnds(tuple, types);
    // The shortest prefix that differs from the previous key's; every longer one differs too.
    size_t k = 0;
    if (count.entries > 0) {
      while (k < ends.size() && k < previous_ends.size() && ends[k] == previous_ends[k] &&
             tuple.substr(0, ends[k]) == std::string_view(previous).substr(0, ends[k])) {
        ++k;
      }
    }
    for (size_t j = k; j < types.size(); ++j) ++count.distinct[j];
    ++count.entries;
    count.key_bytes += it->key().size() + it->value().size();
    if (sampler != nullptr) sampler->Offer(it->value());
    previous.assign(tuple.data(), tuple.size());
    previous_ends = ends;
  }
  ORDINAL_RETURN_IF_ERROR(it->status());
  count.complete = !it->Valid();
  if (count.entries > 0) count.last_key = prefix + previous;
  return count;
}

std::vector<double> RowsPerValue(const IndexCount& count, bool unique) {
  std::vector<double> result;
  for (size_t k = 0; k < count.distinct.size(); ++k) {
    const bool whole_unique = unique && k + 1 == count.distinct.size();
    result.push_back(whole_unique || count.distinct[k] == 0
                         ? 1.0
                         : static_cast<double>(count.entries) / count.distinct[k]);
  }
  return result;
}

// Every index of `table`: the primary key (always unique) first.
std::vector<const ordinal::v1::IndexDef*> Indexes(const TableInfo& table) {
  std::vector<const ordinal::v1::IndexDef*> indexes = {&table.def.primary_key()};
  for (const ordinal::v1::IndexDef& index : table.def.indexes()) indexes.push_back(&index);
  return indexes;
}

}  // namespace

double TableStats::RowsPerValue(uint32_t index_id, int columns) const {
  if (columns <= 0) return std::max(rows, 1.0);
  for (const IndexStats& index : indexes) {
    if (index.index_id != index_id || index.rows_per_value.empty()) continue;
    const size_t k = std::min<size_t>(columns, index.rows_per_value.size());
    return std::max(index.rows_per_value[k - 1], 1.0);
  }
  return kDefaultRowsPerValue;
}

TableStatistics::TableStatistics(kv::Store& store, absl::Duration resample_after)
    : store_(store), resample_after_(resample_after) {}

std::shared_ptr<const TableStats> TableStatistics::Get(const TableInfo& table) {
  const uint64_t id = table.def.id();
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(id);
    if (it != entries_.end() &&
        (it->second.stats->analyzed || now - it->second.taken < resample_after_)) {
      return it->second.stats;
    }
  }
  absl::StatusOr<TableStats> sampled = Sample(table);
  if (!sampled.ok()) return std::make_shared<const TableStats>();
  absl::MutexLock lock(&mu_);
  Entry& entry = entries_[id];
  if (entry.stats == nullptr || !entry.stats->analyzed) {
    entry = Entry{std::make_shared<const TableStats>(*std::move(sampled)), now};
  }
  return entry.stats;
}

absl::StatusOr<TableStats> TableStatistics::Sample(const TableInfo& table) {
  std::unique_ptr<kv::Transaction> txn = store_.BeginTransaction();
  TableStats stats;
  auto sample = std::make_shared<std::vector<std::vector<Value>>>();
  RowSampler sampler(table.column_types, sample.get());
  for (const ordinal::v1::IndexDef* index : Indexes(table)) {
    const std::string prefix = codec::IndexPrefix(table.def.id(), index->id());
    const bool primary = index->id() == 0;
    ORDINAL_ASSIGN_OR_RETURN(IndexCount count,
                             CountIndex(*txn, prefix, table.IndexKeyTypes(*index),
                                        kSampleEntries, primary ? &sampler : nullptr));
    stats.indexes.push_back({index->id(), RowsPerValue(count, primary || index->unique())});
    if (!primary) continue;
    if (count.complete) {
      stats.rows = static_cast<double>(count.entries);
      continue;
    }
    // The index's size in the units of the sample: the store's estimate for the sampled
    // range when it has one (it is compressed as the rest is), else the sampled bytes.
    const double whole =
        static_cast<double>(store_.ApproximateSize(prefix, codec::PrefixSuccessor(prefix)));
    double sampled = static_cast<double>(store_.ApproximateSize(prefix, count.last_key));
    if (sampled <= 0 || sampled > whole) sampled = static_cast<double>(count.key_bytes);
    stats.rows = std::max(static_cast<double>(count.entries),
                          sampled > 0 ? count.entries * whole / sampled : 0.0);
  }
  stats.sample = std::move(sample);
  return stats;
}

absl::StatusOr<TableStats> TableStatistics::Analyze(kv::Transaction& txn,
                                                    const TableInfo& table) {
  TableStats stats;
  stats.analyzed = true;
  auto sample = std::make_shared<std::vector<std::vector<Value>>>();
  RowSampler sampler(table.column_types, sample.get());
  for (const ordinal::v1::IndexDef* index : Indexes(table)) {
    const std::string prefix = codec::IndexPrefix(table.def.id(), index->id());
    const bool primary = index->id() == 0;
    ORDINAL_ASSIGN_OR_RETURN(IndexCount count,
                             CountIndex(txn, prefix, table.IndexKeyTypes(*index), 0,
                                        primary ? &sampler : nullptr));
    if (primary) stats.rows = static_cast<double>(count.entries);
    stats.indexes.push_back({index->id(), RowsPerValue(count, primary || index->unique())});
  }
  stats.sample = std::move(sample);
  absl::MutexLock lock(&mu_);
  entries_[table.def.id()] = Entry{std::make_shared<const TableStats>(stats), absl::Now()};
  return stats;
}

void TableStatistics::AddRows(uint64_t table_id, int64_t delta) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(table_id);
  if (it == entries_.end()) return;
  auto stats = std::make_shared<TableStats>(*it->second.stats);
  stats->rows = std::max(0.0, stats->rows + static_cast<double>(delta));
  it->second.stats = std::move(stats);
}

}  // namespace ordinal::engine::catalog
