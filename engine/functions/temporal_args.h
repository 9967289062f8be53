// Helpers the date and time function families share (temporal_functions.cc,
// date_arithmetic.cc, date_format.cc): reading arguments as dates, datetimes and times with
// MySQL's NULL-and-warning rule for invalid ones, and building results.
#ifndef ORDINAL_ENGINE_FUNCTIONS_TEMPORAL_ARGS_H_
#define ORDINAL_ENGINE_FUNCTIONS_TEMPORAL_ARGS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/functions/args.h"
#include "engine/functions/registry.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::functions {

// The parts of the temporal family (temporal_functions.cc merges them).
std::vector<FunctionDef> DateArithmeticFunctions();
std::vector<FunctionDef> DateFormatFunctions();

namespace temporal {

// Warning 1292 "Incorrect datetime value: '<v>'" (or "time") on the running statement.
void WarnIncorrect(FunctionArgs& args, std::string_view kind, const Value& v);

// Argument `i` as a date and time (fuzzy: zero parts allowed). NULL: nullopt without a
// warning; not a datetime: nullopt with warning 1292. `*is_null` tells the two apart.
absl::StatusOr<std::optional<TemporalParts>> DateTimeArg(FunctionArgs& args, size_t i);
// The same, but the date must be a real one (no zero month or day): DAYOFWEEK, DATE_ADD...
absl::StatusOr<std::optional<TemporalParts>> RealDateArg(FunctionArgs& args, size_t i);
// Argument `i` as a TIME (a datetime gives its time of day).
absl::StatusOr<std::optional<TemporalParts>> TimeArg(FunctionArgs& args, size_t i);

// The fsp argument of NOW(fsp), CURTIME(fsp), ...: 0 when absent; error 1426 beyond 6.
absl::StatusOr<uint32_t> FspArg(FunctionArgs& args, size_t i);

// The number of fractional digits written in a value's text (at most 6).
uint32_t FractionDigitsOf(const Value& v);

// Whether the value's text is a date without a time of day ('2024-01-05', 20240105).
bool IsDateOnly(const Value& v);

// Days since year 0 of the date in `p` (MySQL's TO_DAYS) and seconds within the day.
int64_t DayNumber(const TemporalParts& p);
int64_t SecondOfDay(const TemporalParts& p);

// The parts of a day number and a time of day, or nullopt outside 0001-01-01..9999-12-31.
std::optional<TemporalParts> FromDayNumber(int64_t days);

// MySQL's week number of `p` for WEEK(date, mode) (mode 0..7); `*year` gets the year the
// week belongs to.
int64_t WeekNumber(const TemporalParts& p, int64_t mode, int64_t* year);

// 0 = Monday .. 6 = Sunday.
int64_t Weekday(const TemporalParts& p);

// English names, as MySQL's default lc_time_names (en_US).
std::string_view DayName(int64_t weekday);  // 0 = Monday
std::string_view MonthName(int64_t month);  // 1..12

// The result value of a function of type `type` with `fsp` digits.
Value TemporalValue(const TemporalParts& p, ColumnType type, uint32_t fsp);

}  // namespace temporal
}  // namespace ordinal::engine::functions

#endif  // ORDINAL_ENGINE_FUNCTIONS_TEMPORAL_ARGS_H_
