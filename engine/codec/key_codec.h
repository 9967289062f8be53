// Order-preserving ("memcomparable") key encoding. For values a and b of one column type,
// bytewise comparison of their encodings equals CompareForSort(a, b): NULL sorts first,
// negatives before positives, strings bytewise. Tuples (composite keys) encode as the
// concatenation of their parts, and compare as tuples. The format is written down in
// docs/key-encoding.md; it is a storage contract (keys replicate and persist).
//
// Key space of the RocksDB default column family:
//   'c' ...                        catalog records (see engine/catalog)
//   'm' ...                        metadata (cluster id, counters)
//   't' u64be(table_id) u32be(index_id) key-tuple   table data; index_id 0 = primary key
//   'f' u64be(table_id) key-tuple     reference lock keys of a referenced (parent) table:
//                                     only ever deleted, never put (docs/foreign-keys.md)
#ifndef ORDINAL_ENGINE_CODEC_KEY_CODEC_H_
#define ORDINAL_ENGINE_CODEC_KEY_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "engine/types/collation.h"
#include "engine/types/value.h"

namespace ordinal::engine::codec {

// Appends the order-preserving encoding of `value`, which must be NULL or already of
// `type`'s representation (kInt/kBool: int; kDouble: double; strings: string).
void AppendKey(std::string* out, const Value& value, ColumnType type);

// The same for a column with a collation (catalog::TableInfo::key_collations): a character
// value is written as its collation's weight string (escaped as strings are), so keys
// order and match as the collation compares: 'a' and 'A' have one key under
// utf8mb4_0900_ai_ci. Such a key cannot be decoded back to the value (DecodeKey then gives
// the weights); read the row instead. A null or bytewise `collation`, or a type that is not
// a character type, encodes as AppendKey above.
void AppendKey(std::string* out, const Value& value, ColumnType type,
               const Collation* collation);

// Decodes one value of `type` from the front of `*in` and advances `*in` past it.
// Corrupt or truncated input is DATA_LOSS, never a crash.
absl::Status DecodeKey(std::string_view* in, ColumnType type, Value* value);

// 't' + u64be(table_id) + u32be(index_id): the prefix of every key of one index.
std::string IndexPrefix(uint64_t table_id, uint32_t index_id);

// 't' + u64be(table_id): the prefix of every key of one table (all its indexes).
std::string TablePrefix(uint64_t table_id);

// 'f' + u64be(table_id) + key_tuple: the reference lock key of the parent row(s) whose
// referenced columns encode as `key_tuple` (docs/foreign-keys.md).
std::string ReferenceLockKey(uint64_t table_id, std::string_view key_tuple);

// The smallest key greater than every key starting with `prefix` ("" if none exists).
// Use as an exclusive upper bound of a prefix scan.
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace ordinal::engine::codec

#endif  // ORDINAL_ENGINE_CODEC_KEY_CODEC_H_
