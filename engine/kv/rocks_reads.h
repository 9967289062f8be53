// Reads shared by kv::RocksTransaction and kv::RocksReadView (private to engine/kv): the
// bounded iterator and the conversion of a point read's result.
#ifndef ORDINAL_ENGINE_KV_ROCKS_READS_H_
#define ORDINAL_ENGINE_KV_ROCKS_READS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/kv/scan_flush_trigger.h"
#include "engine/kv/store.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/slice.h"
#include "rocksdb/utilities/transaction.h"

namespace ordinal::engine::kv {

inline rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// An iterator over [lower, upper) as `options` (its snapshot) sees the database: through
// `txn`'s view merged with its writes when `txn` is not null, else through a plain database
// iterator of `db`'s default column family. The returned iterator owns its bound strings;
// `db` and `txn` must outlive it. One iterator in kSampleEvery of a thread counts the
// memtable entries its first kSampledRows Next calls visit and reports them to `flush`
// (kv/scan_flush_trigger.h), which must outlive it too.
std::unique_ptr<Iterator> NewBoundedIterator(rocksdb::DB* db, rocksdb::Transaction* txn,
                                             rocksdb::ReadOptions options,
                                             std::string_view lower, std::string_view upper,
                                             ScanFlushTrigger& flush);

// A point read's result: the value, nullopt for NotFound, or the converted error.
absl::StatusOr<std::optional<std::string>> FoundOrNull(const rocksdb::Status& status,
                                                       const rocksdb::PinnableSlice& value,
                                                       std::string_view context);

}  // namespace ordinal::engine::kv

#endif  // ORDINAL_ENGINE_KV_ROCKS_READS_H_
