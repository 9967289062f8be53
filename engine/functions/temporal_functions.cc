// Date and time functions: the current time (NOW, CURRENT_TIMESTAMP, LOCALTIME[STAMP],
// SYSDATE, CURDATE, CURRENT_DATE, CURTIME, CURRENT_TIME, UTC_TIMESTAMP, UTC_DATE, UTC_TIME)
// and the parts of a value (DATE, TIME, YEAR, MONTH, DAY, DAYOFMONTH, HOUR, MINUTE, SECOND,
// MICROSECOND, DAYOFWEEK, WEEKDAY, DAYOFYEAR, DAYNAME, MONTHNAME, QUARTER, WEEK, WEEKOFYEAR,
// YEARWEEK, EXTRACT). Arithmetic is in date_arithmetic.cc, formats in date_format.cc.
//
// As in MySQL: a NULL argument gives NULL; an argument that is not a date or time gives NULL
// with warning 1292. NOW() and friends are the statement's start time in the session's
// time_zone; SYSDATE() is the time of the call.
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/functions/registry.h"
#include "engine/functions/temporal_args.h"

namespace ordinal::engine::functions {
namespace {

using temporal::DateTimeArg;
using temporal::RealDateArg;
using temporal::TimeArg;

absl::Time StatementTime(FunctionArgs& args) {
  return args.session() != nullptr ? args.session()->statement_time : absl::Now();
}

enum class Clock { kStatement, kCall };

template <ColumnType kType, Clock kClock, bool kUtc>
absl::StatusOr<Value> CurrentTime(FunctionArgs& args) {
  uint32_t fsp = 0;
  if (kType != ColumnType::kDate) {
    ORDINAL_ASSIGN_OR_RETURN(fsp, temporal::FspArg(args, 0));
  }
  const absl::Time now = kClock == Clock::kCall ? absl::Now() : StatementTime(args);
  const absl::TimeZone zone = kUtc ? absl::UTCTimeZone() : CurrentTemporalMode().time_zone;
  return Value::String(CurrentTemporalText(kType, fsp, now, zone));
}

// DATE(x): the date part.
absl::StatusOr<Value> DatePart(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, DateTimeArg(args, 0));
  if (!p) return Value::Null();
  return temporal::TemporalValue(*p, ColumnType::kDate, 0);
}

// TIME(x): the time part, with the fraction digits the argument has.
absl::StatusOr<Value> TimePart(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (v.is_null()) return Value::Null();
  std::optional<TemporalParts> p = ValueAsTime(v);
  if (!p) {
    temporal::WarnIncorrect(args, "time", v);
    return Value::Null();
  }
  return temporal::TemporalValue(*p, ColumnType::kTime, temporal::FractionDigitsOf(v));
}

// A part of a date and time, by a function of the parts.
template <int64_t (*F)(const TemporalParts&)>
absl::StatusOr<Value> DatePartOf(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, DateTimeArg(args, 0));
  if (!p) return Value::Null();
  return Value::Int(F(*p));
}

// The same for parts that need a real date (DAYOFWEEK of '2024-00-00' is NULL).
template <int64_t (*F)(const TemporalParts&)>
absl::StatusOr<Value> RealDatePartOf(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, RealDateArg(args, 0));
  if (!p) return Value::Null();
  return Value::Int(F(*p));
}

// A part of a time of day (HOUR of '838:00:00' is 838).
template <int64_t (*F)(const TemporalParts&)>
absl::StatusOr<Value> TimePartOf(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, TimeArg(args, 0));
  if (!p) return Value::Null();
  return Value::Int(F(*p));
}

int64_t YearOf(const TemporalParts& p) { return p.year; }
int64_t MonthOf(const TemporalParts& p) { return p.month; }
int64_t DayOf(const TemporalParts& p) { return p.day; }
int64_t HourOf(const TemporalParts& p) { return p.hour; }
int64_t MinuteOf(const TemporalParts& p) { return p.minute; }
int64_t SecondOf(const TemporalParts& p) { return p.second; }
int64_t MicrosecondOf(const TemporalParts& p) { return p.micro; }
int64_t QuarterOf(const TemporalParts& p) { return (p.month + 2) / 3; }
int64_t DayOfWeekOf(const TemporalParts& p) { return (temporal::Weekday(p) + 1) % 7 + 1; }
int64_t WeekdayOf(const TemporalParts& p) { return temporal::Weekday(p); }
int64_t DayOfYearOf(const TemporalParts& p) {
  return temporal::DayNumber(p) - DaysFromCivil(p.year, 1, 1) + 1;
}
int64_t WeekOfMode0(const TemporalParts& p) {
  int64_t year;
  return temporal::WeekNumber(p, 0, &year);
}
int64_t WeekOfYearOf(const TemporalParts& p) {
  int64_t year;
  return temporal::WeekNumber(p, 3, &year);
}

absl::StatusOr<Value> DayName(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, RealDateArg(args, 0));
  if (!p) return Value::Null();
  return Value::String(std::string(temporal::DayName(temporal::Weekday(*p))));
}

absl::StatusOr<Value> MonthName(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, DateTimeArg(args, 0));
  if (!p || p->month == 0) return Value::Null();
  return Value::String(std::string(temporal::MonthName(p->month)));
}

// WEEK(date[, mode]) and YEARWEEK(date[, mode]): mode 0 (default_week_format) when absent;
// YEARWEEK counts weeks in the week's own year (mode | 2).
template <bool kWithYear>
absl::StatusOr<Value> Week(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, RealDateArg(args, 0));
  int64_t mode = 0;
  if (args.size() > 1) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<int64_t> m, IntArg(args, 1));
    if (!m) return Value::Null();
    mode = *m;
  }
  if (!p) return Value::Null();
  int64_t year;
  if (!kWithYear) return Value::Int(temporal::WeekNumber(*p, mode, &year));
  const int64_t week = temporal::WeekNumber(*p, mode | 2, &year);
  return Value::Int(year * 100 + week);
}

// The value EXTRACT gives for each unit: the parts, or digit groups of them (DAY_SECOND of
// '2024-01-05 10:30:45' is 5103045). Time units carry a negative TIME's sign.
struct ExtractUnit {
  std::string_view unit;
  bool signed_time;
  int64_t (*value)(const TemporalParts& p);
};

int64_t Hms(const TemporalParts& p) { return p.hour * 10000 + p.minute * 100 + p.second; }

constexpr ExtractUnit kExtractUnits[] = {
    {"YEAR", false, YearOf},
    {"QUARTER", false, QuarterOf},
    {"MONTH", false, MonthOf},
    {"WEEK", false, WeekOfMode0},
    {"DAY", false, DayOf},
    {"YEAR_MONTH", false, [](const TemporalParts& p) { return p.year * 100 + p.month; }},
    {"DAY_HOUR", false, [](const TemporalParts& p) { return p.day * 100 + p.hour; }},
    {"DAY_MINUTE", false,
     [](const TemporalParts& p) { return (p.day * 100 + p.hour) * 100 + p.minute; }},
    {"DAY_SECOND", false, [](const TemporalParts& p) { return p.day * 1000000 + Hms(p); }},
    {"DAY_MICROSECOND", false,
     [](const TemporalParts& p) { return (p.day * 1000000 + Hms(p)) * 1000000 + p.micro; }},
    {"HOUR", true, HourOf},
    {"MINUTE", true, MinuteOf},
    {"SECOND", true, SecondOf},
    {"MICROSECOND", true, MicrosecondOf},
    {"HOUR_MINUTE", true, [](const TemporalParts& p) { return p.hour * 100 + p.minute; }},
    {"HOUR_SECOND", true, Hms},
    {"HOUR_MICROSECOND", true, [](const TemporalParts& p) { return Hms(p) * 1000000 + p.micro; }},
    {"MINUTE_SECOND", true, [](const TemporalParts& p) { return p.minute * 100 + p.second; }},
    {"MINUTE_MICROSECOND", true,
     [](const TemporalParts& p) { return (p.minute * 100 + p.second) * 1000000 + p.micro; }},
    {"SECOND_MICROSECOND", true,
     [](const TemporalParts& p) { return p.second * 1000000 + p.micro; }},
};

// EXTRACT(unit FROM x): the parser stores the unit in the call. Time units read x as a TIME,
// the others as a date and time.
absl::StatusOr<Value> Extract(FunctionArgs& args) {
  const std::string& unit = args.call().interval_unit;
  for (const ExtractUnit& u : kExtractUnits) {
    if (u.unit != unit) continue;
    std::optional<TemporalParts> p;
    if (u.signed_time) {
      ORDINAL_ASSIGN_OR_RETURN(p, TimeArg(args, 0));
    } else {
      ORDINAL_ASSIGN_OR_RETURN(p, DateTimeArg(args, 0));
    }
    if (!p) return Value::Null();
    const int64_t sign = u.signed_time && p->negative ? -1 : 1;
    return Value::Int(sign * u.value(*p));
  }
  return Value::Null();
}

ColumnType ReturnsDate(const std::vector<ColumnType>&) { return ColumnType::kDate; }
ColumnType ReturnsDateTime(const std::vector<ColumnType>&) { return ColumnType::kDateTime; }
ColumnType ReturnsTime(const std::vector<ColumnType>&) { return ColumnType::kTime; }

}  // namespace

std::vector<FunctionDef> TemporalFunctions() {
  using C = Clock;
  constexpr ColumnType kDate = ColumnType::kDate, kDateTime = ColumnType::kDateTime,
                       kTime = ColumnType::kTime;
  std::vector<FunctionDef> defs = {
      {"CURDATE", 0, 0, ReturnsDate, CurrentTime<kDate, C::kStatement, false>},
      {"CURRENT_DATE", 0, 0, ReturnsDate, CurrentTime<kDate, C::kStatement, false>},
      {"CURRENT_TIME", 0, 1, ReturnsTime, CurrentTime<kTime, C::kStatement, false>},
      {"CURRENT_TIMESTAMP", 0, 1, ReturnsDateTime, CurrentTime<kDateTime, C::kStatement, false>},
      {"CURTIME", 0, 1, ReturnsTime, CurrentTime<kTime, C::kStatement, false>},
      {"DATE", 1, 1, ReturnsDate, DatePart},
      {"DAY", 1, 1, ReturnsInt, DatePartOf<DayOf>},
      {"DAYNAME", 1, 1, ReturnsString, DayName},
      {"DAYOFMONTH", 1, 1, ReturnsInt, DatePartOf<DayOf>},
      {"DAYOFWEEK", 1, 1, ReturnsInt, RealDatePartOf<DayOfWeekOf>},
      {"DAYOFYEAR", 1, 1, ReturnsInt, RealDatePartOf<DayOfYearOf>},
      {"EXTRACT", 1, 1, ReturnsInt, Extract},
      {"HOUR", 1, 1, ReturnsInt, TimePartOf<HourOf>},
      {"LOCALTIME", 0, 1, ReturnsDateTime, CurrentTime<kDateTime, C::kStatement, false>},
      {"LOCALTIMESTAMP", 0, 1, ReturnsDateTime, CurrentTime<kDateTime, C::kStatement, false>},
      {"MICROSECOND", 1, 1, ReturnsInt, TimePartOf<MicrosecondOf>},
      {"MINUTE", 1, 1, ReturnsInt, TimePartOf<MinuteOf>},
      {"MONTH", 1, 1, ReturnsInt, DatePartOf<MonthOf>},
      {"MONTHNAME", 1, 1, ReturnsString, MonthName},
      {"NOW", 0, 1, ReturnsDateTime, CurrentTime<kDateTime, C::kStatement, false>},
      {"QUARTER", 1, 1, ReturnsInt, DatePartOf<QuarterOf>},
      {"SECOND", 1, 1, ReturnsInt, TimePartOf<SecondOf>},
      {"SYSDATE", 0, 1, ReturnsDateTime, CurrentTime<kDateTime, C::kCall, false>},
      {"TIME", 1, 1, ReturnsTime, TimePart},
      {"UTC_DATE", 0, 0, ReturnsDate, CurrentTime<kDate, C::kStatement, true>},
      {"UTC_TIME", 0, 1, ReturnsTime, CurrentTime<kTime, C::kStatement, true>},
      {"UTC_TIMESTAMP", 0, 1, ReturnsDateTime, CurrentTime<kDateTime, C::kStatement, true>},
      {"WEEK", 1, 2, ReturnsInt, Week<false>},
      {"WEEKDAY", 1, 1, ReturnsInt, RealDatePartOf<WeekdayOf>},
      {"WEEKOFYEAR", 1, 1, ReturnsInt, RealDatePartOf<WeekOfYearOf>},
      {"YEAR", 1, 1, ReturnsInt, DatePartOf<YearOf>},
      {"YEARWEEK", 1, 2, ReturnsInt, Week<true>},
  };
  for (FunctionDef& def : DateArithmeticFunctions()) defs.push_back(def);
  for (FunctionDef& def : DateFormatFunctions()) defs.push_back(def);
  return defs;
}

}  // namespace ordinal::engine::functions
