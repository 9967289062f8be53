// Storing a value when the session's sql_mode is not strict (neither STRICT_TRANS_TABLES nor
// STRICT_ALL_TABLES): what strict mode refuses is adjusted and stored with a warning, as
// MySQL does.
#ifndef ORDINAL_ENGINE_TYPES_COERCE_LENIENT_H_
#define ORDINAL_ENGINE_TYPES_COERCE_LENIENT_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/types/value.h"

namespace ordinal::engine {

// The range of an integer column (TINYINT .. BIGINT, UNSIGNED or not), which both modes
// store within.
void IntegerRange(const SqlType& type, __int128* min, __int128* max);

// A value to store and the warning that says how it was adjusted.
struct LenientValue {
  Value value;
  int warning_code = 0;
  std::string warning;
};

// Called after CoerceToColumn(v, type, column) failed with `strict_error`. Returns the value
// non-strict mode stores, or `strict_error` itself where MySQL refuses in every mode (JSON
// text, a NULL, anything not listed here):
//   - 1366 / a string that is not wholly a number, into a numeric column: its numeric
//     prefix ('12abc' -> 12, warning 1265), or 0 when it has none (warning 1366 for integer,
//     DECIMAL and YEAR columns, 1265 for FLOAT/DOUBLE);
//   - 1264 / a number out of the column's range: the nearest end of the range (YEAR: 0;
//     a negative number into UNSIGNED: 0), warning 1264;
//   - 1406 / a string longer than the column: its first characters (bytes for binary
//     types), warning 1265; BIT: all ones, warning 1264;
//   - 1265 / not an ENUM member: the empty string (the ENUM's error value); not a SET
//     member: the members that are valid; warning 1265.
// Temporal columns are not handled here (the caller stores their zero value).
absl::StatusOr<LenientValue> CoerceToColumnLeniently(const Value& v, const SqlType& type,
                                                     std::string_view column,
                                                     const absl::Status& strict_error);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_COERCE_LENIENT_H_
