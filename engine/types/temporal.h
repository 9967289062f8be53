// DATE, DATETIME, TIMESTAMP and TIME values. A temporal value is held as its canonical text,
// which is what MySQL shows and what sorts correctly for DATE, DATETIME and TIMESTAMP:
//   DATE       YYYY-MM-DD
//   DATETIME   YYYY-MM-DD hh:mm:ss[.f...]      (exactly fsp fractional digits)
//   TIMESTAMP  the same, in UTC
//   TIME       [-]h..hh:mm:ss[.f...]           (-838:59:59 .. 838:59:59)
// TIME text does not sort by value, so its key is its microseconds (key_codec).
//
// Input formats are MySQL's: delimited strings with any punctuation between parts
// ('2024-1-5', '2024/01/05 10.30.00', '2024-01-05T10:30:00.5'), digit strings and numbers
// (20240105, 240105, 20240105103000), two-digit years (70..99 -> 19xx, 00..69 -> 20xx), and
// for TIME 'D hh:mm:ss', 'hh:mm', 'ss', hhmmss. Fractions round to the column's precision.
#ifndef ORDINAL_ENGINE_TYPES_TEMPORAL_H_
#define ORDINAL_ENGINE_TYPES_TEMPORAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/types/value.h"

namespace ordinal::engine {

inline constexpr uint32_t kMaxFsp = 6;

// `v` (a string or a number) as the canonical text of `type` (kDate, kDateTime, kTimestamp,
// kTime) with `fsp` fractional digits. Errors: 1292 "Incorrect <type> value: '...' for column
// 'c'" for text that is not a valid value (month 13, February 30, zero dates — MySQL 8's
// default sql_mode has NO_ZERO_DATE and NO_ZERO_IN_DATE), or one outside the type's range
// (TIMESTAMP 1970-01-01 00:00:01 .. 2038-01-19 03:14:07 UTC; TIME +-838:59:59).
absl::StatusOr<Value> CoerceToTemporal(const Value& v, ColumnType type, uint32_t fsp,
                                       std::string_view column);

// The canonical text of `now` for a column of `type` (DEFAULT/ON UPDATE CURRENT_TIMESTAMP):
// UTC, `fsp` fractional digits (truncated, as MySQL's NOW(fsp) is).
std::string CurrentTemporalText(ColumnType type, uint32_t fsp, absl::Time now);

// Canonical TIME text as signed microseconds (for the key encoding); nullopt if malformed.
std::optional<int64_t> TimeTextMicros(std::string_view text);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_TEMPORAL_H_
