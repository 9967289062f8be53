// CAST(x AS DECIMAL(p, s)) and CONVERT(x, DECIMAL(p, s)) as MySQL computes them: exactly,
// never failing. The start is the value's exact number (an integer or decimal as it is, a
// double by its shortest decimal form, a string by its leading number: "1.5abc" reads 1.5,
// "abc" 0, "1e3" 1000); that is rounded half away from zero to s digits after the point and
// clipped to the largest magnitude DECIMAL(p, s) holds (999.99 for DECIMAL(5,2)).
#ifndef ORDINAL_ENGINE_TYPES_DECIMAL_CAST_H_
#define ORDINAL_ENGINE_TYPES_DECIMAL_CAST_H_

#include "engine/types/decimal.h"
#include "engine/types/value.h"

namespace ordinal::engine {

struct DecimalCast {
  Decimal value;           // at exactly `scale` digits after the point
  bool truncated = false;  // a string had text after its number, or none (warning 1292)
  bool clipped = false;    // out of range for DECIMAL(p, s) (warning 1264)
};

// `v` is not NULL; 1 <= precision <= 65, 0 <= scale <= min(30, precision).
DecimalCast CastToDecimal(const Value& v, int precision, int scale);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_DECIMAL_CAST_H_
