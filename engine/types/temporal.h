// DATE, DATETIME, TIMESTAMP and TIME values. A temporal value is held as its canonical text,
// which is what MySQL shows and what sorts correctly for DATE, DATETIME and TIMESTAMP:
//   DATE       YYYY-MM-DD
//   DATETIME   YYYY-MM-DD hh:mm:ss[.f...]      (exactly fsp fractional digits)
//   TIMESTAMP  the same, in UTC (converted from and to the session's time_zone)
//   TIME       [-]hh..hhh:mm:ss[.f...]         (-838:59:59 .. 838:59:59)
// TIME text does not sort by value, so its key is its microseconds (key_codec).
//
// Input formats are MySQL's: delimited strings with any punctuation between parts
// ('2024-1-5', '2024/01/05 10.30.00', '2024-01-05T10:30:00.5'), digit strings and numbers
// (20240105, 240105, 20240105103000), two-digit years (70..99 -> 19xx, 00..69 -> 20xx), and
// for TIME 'D hh:mm:ss', 'hh:mm', 'ss', hhmmss. Fractions round to the column's precision.
// docs/types.md lists the rules and the differences from MySQL.
//
// Thread safety: the functions are pure, except that CoerceToTemporal reads the calling
// thread's TemporalMode (the running statement's sql_mode and time_zone, installed by the
// session with ScopedTemporalMode).
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

// The sql_mode flags and time zone that govern temporal conversions of one statement.
struct TemporalMode {
  bool strict = true;                              // STRICT_TRANS_TABLES / STRICT_ALL_TABLES
  bool no_zero_date = true;                        // NO_ZERO_DATE: '0000-00-00' is invalid
  bool no_zero_in_date = true;                     // NO_ZERO_IN_DATE: '2024-00-05' is invalid
  absl::TimeZone time_zone = absl::UTCTimeZone();  // the session's time_zone
};

// The calling thread's mode (the default above when none is installed).
const TemporalMode& CurrentTemporalMode();

// Installs `mode` on this thread for its lifetime, restoring the previous one after.
class ScopedTemporalMode {
 public:
  explicit ScopedTemporalMode(TemporalMode mode);
  ~ScopedTemporalMode();
  ScopedTemporalMode(const ScopedTemporalMode&) = delete;
  ScopedTemporalMode& operator=(const ScopedTemporalMode&) = delete;

 private:
  const TemporalMode* previous_;
  TemporalMode mode_;
};

// The time zone a time_zone variable's canonical value names: "SYSTEM" (the process's local
// zone), "+hh:mm"/"-hh:mm" offsets, or a name of the system's tzdata. Unknown names: UTC.
absl::TimeZone ResolveTimeZone(std::string_view time_zone);

// A temporal value taken apart. TIME uses `negative` and hours beyond 23; DATE leaves the
// time zero.
struct TemporalParts {
  bool negative = false;
  int64_t year = 0, month = 0, day = 0;
  int64_t hour = 0, minute = 0, second = 0;
  int64_t micro = 0;  // 0..999999
};

// How strictly a date is read: kStored applies the mode's zero-date rules (NO_ZERO_DATE,
// NO_ZERO_IN_DATE); kFuzzy accepts zero parts, as MySQL's extraction functions do
// (MONTH('2024-00-00') is 0). Both reject impossible dates (month 13, February 30).
enum class DateRules { kStored, kFuzzy };

// Parses `text` as a DATE (kDate) or DATETIME/TIMESTAMP (a date alone has time 00:00:00),
// its fraction rounded to `fsp` digits. nullopt when it is not a valid value.
std::optional<TemporalParts> ParseDateTime(std::string_view text, uint32_t fsp, DateRules rules,
                                           const TemporalMode& mode);
// Parses `text` as a TIME, fraction rounded to `fsp` digits; nullopt when not valid or
// beyond +-838:59:59.
std::optional<TemporalParts> ParseTime(std::string_view text, uint32_t fsp);

// The canonical text of `parts` as `type` (kDate, kDateTime, kTimestamp, kTime) with `fsp`
// fractional digits.
std::string FormatTemporal(const TemporalParts& parts, ColumnType type, uint32_t fsp);

// `v` (a string or a number) as the canonical text of `type` (kDate, kDateTime, kTimestamp,
// kTime) with `fsp` fractional digits, under the thread's TemporalMode. A TIMESTAMP is read
// in the mode's time zone and returned in UTC. Errors: 1292 "Incorrect <type> value: '...'
// for column 'c'" for a value that is not valid (month 13, February 30, zero dates under
// NO_ZERO_DATE/NO_ZERO_IN_DATE), or outside the type's range (TIMESTAMP 1970-01-01 00:00:01
// .. 2038-01-19 03:14:07 UTC; TIME +-838:59:59).
absl::StatusOr<Value> CoerceToTemporal(const Value& v, ColumnType type, uint32_t fsp,
                                       std::string_view column);

// The zero value of `type` ("0000-00-00", "0000-00-00 00:00:00", "00:00:00"), with fsp
// digits: what non-strict mode stores for an invalid value.
std::string ZeroTemporalText(ColumnType type, uint32_t fsp);

// The input text a value gives a temporal conversion: strings trimmed of spaces, numbers as
// their digits (decimals and doubles with their fraction).
std::string TemporalInputText(const Value& v);

// A value of any kind read as a date and time with fuzzy rules (strings and numbers in any
// accepted form; a TIME-only text is not a date): for date functions. nullopt: not a date.
std::optional<TemporalParts> ValueAsDateTime(const Value& v);
// The parts of `text` when it is a date in the form a DATE column stores ('YYYY-MM-DD') of a
// year from 1000 and a day its month has: what ParseDateTime gives for it under any mode,
// without the general parser (extraction functions read such values row after row).
// nullopt for any other text, which the parser may still read.
std::optional<TemporalParts> StoredDateParts(std::string_view text);
// A value read as a TIME (a datetime text gives its time of day). nullopt: not a time.
std::optional<TemporalParts> ValueAsTime(const Value& v);

// `now` as `type`'s canonical text in `zone`, `fsp` fractional digits (truncated, as MySQL's
// NOW(fsp) is).
std::string CurrentTemporalText(ColumnType type, uint32_t fsp, absl::Time now, absl::TimeZone zone);

// A TIMESTAMP's stored UTC text shown in `zone`, with the same fraction digits; text that is
// not a datetime (a zero timestamp) is returned unchanged.
std::string TimestampToZone(std::string_view utc_text, absl::TimeZone zone);

// The wall-clock parts of instant `t` in `zone` (microseconds included), and the instant
// that the parts of a date and time (month and day not zero) name in `zone`.
TemporalParts PartsAt(absl::Time t, absl::TimeZone zone);
absl::Time InstantOf(const TemporalParts& p, absl::TimeZone zone);

// Canonical TIME text as signed microseconds (for the key encoding); nullopt if malformed.
std::optional<int64_t> TimeTextMicros(std::string_view text);

// Days since 0000-03-01-based proleptic Gregorian day 0 = 0000-01-01 (MySQL's TO_DAYS of
// 0000-01-01 is 1), and back.
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day);
void CivilFromDays(int64_t days, int64_t* year, int64_t* month, int64_t* day);
int64_t DaysInMonth(int64_t year, int64_t month);
bool IsLeapYear(int64_t year);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_TEMPORAL_H_
