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

}  // namespace ordinal::engine::codec

#endif  // ORDINAL_ENGINE_CODEC_ROW_CODEC_H_
