// Row encoding: the value stored under a primary key. Compact, not order-preserving.
// Layout (docs/key-encoding.md): u8 format version (1), varint column count, a null bitmap
// of ceil(count/8) bytes, then each non-null value in column order: ints as zigzag varints,
// doubles as 8 bytes little-endian, strings as varint length + bytes.
#ifndef ORDINAL_ENGINE_CODEC_ROW_CODEC_H_
#define ORDINAL_ENGINE_CODEC_ROW_CODEC_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/types/value.h"

namespace ordinal::engine::codec {

// Appends the encoding of `row` (one value per entry of `types`, each NULL or of the type's
// representation) to `*out`.
void EncodeRow(const std::vector<Value>& row, const std::vector<ColumnType>& types,
               std::string* out);

// Decodes a row written by EncodeRow with the same `types`. Corrupt input is DATA_LOSS.
absl::Status DecodeRow(std::string_view bytes, const std::vector<ColumnType>& types,
                       std::vector<Value>* row);

// Decodes the columns `wanted` marks (one entry per entry of `types`) of a row written by
// EncodeRow into their entries of `*row`, which must hold types.size() values; the other
// entries are left as they are, and their bytes are only stepped over. So a row may be
// decoded in parts: the columns a filter needs first, the rest only when it passes.
// Corrupt input is DATA_LOSS, as for DecodeRow.
absl::Status DecodeColumns(std::string_view bytes, const std::vector<ColumnType>& types,
                           const std::vector<bool>& wanted, std::vector<Value>* row);

// One column of a stored row, not decoded: NULL, or its value's bytes as EncodeRow wrote
// them (an integer's varint, a double's 8 bytes, a string's bytes without their length).
// `bytes` points into the row.
struct StoredColumn {
  bool null = true;
  std::string_view bytes;
};

// Finds the first `count` columns (count <= types.size()) of a row written by EncodeRow with
// `types`, in one pass that stops after column count - 1: out[i] for each i < count. The
// bytes after that column are not looked at (DecodeRow checks them). Corrupt input is
// DATA_LOSS.
absl::Status LocateColumns(std::string_view bytes, const std::vector<ColumnType>& types,
                           size_t count, StoredColumn* out);

// The value of a non-NULL column located by LocateColumns, as DecodeRow gives it: integers,
// doubles and strings (character, binary and temporal text). DECIMAL and JSON are
// INVALID_ARGUMENT (their stored form is not their value); corrupt bytes are DATA_LOSS.
absl::StatusOr<Value> DecodeStoredColumn(const StoredColumn& column, ColumnType type);

}  // namespace ordinal::engine::codec

#endif  // ORDINAL_ENGINE_CODEC_ROW_CODEC_H_
