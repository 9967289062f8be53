// Date arithmetic: DATE_ADD, DATE_SUB (also ADDDATE, SUBDATE and `x +/- INTERVAL n unit`,
// which the parser turns into them), TIMESTAMPADD, DATEDIFF, TIMEDIFF, TIMESTAMPDIFF,
// LAST_DAY, MAKEDATE, TO_DAYS, FROM_DAYS, TO_SECONDS, TIME_TO_SEC, SEC_TO_TIME,
// UNIX_TIMESTAMP, FROM_UNIXTIME, CONVERT_TZ.
//
// MySQL's rules: a NULL or invalid argument gives NULL (invalid ones with warning 1292); a
// result outside 0000-01-01..9999-12-31 is NULL with warning 1441. Adding months keeps the
// day when the month has it, else takes the month's last day ('2024-01-31' + 1 MONTH is
// '2024-02-29'). A DATE argument with a unit of days or more gives a DATE, otherwise a
// DATETIME.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/registry.h"
#include "engine/functions/temporal_args.h"

namespace ordinal::engine::functions {
namespace {

using temporal::RealDateArg;

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;
constexpr int kDatetimeOverflow = 1441;  // ER_DATETIME_FUNCTION_OVERFLOW

Value Overflow(FunctionArgs& args) {
  if (args.session() != nullptr) {
    args.session()->Warn(kDatetimeOverflow, "Datetime function: datetime field overflow");
  }
  return Value::Null();
}

// An interval: months (YEAR, QUARTER, MONTH, YEAR_MONTH) or microseconds (the others).
struct Interval {
  int64_t months = 0;
  int64_t micros = 0;
};

// How many fields a unit's value has, and the microseconds (or months) each is worth.
struct UnitFields {
  std::vector<int64_t> scale;  // most significant first
  bool months = false;
};

UnitFields FieldsOf(std::string_view unit) {
  constexpr int64_t s = kMicrosPerSecond, m = 60 * s, h = 60 * m, d = 24 * h;
  if (unit == "MICROSECOND") return {{1}};
  if (unit == "SECOND") return {{s}};
  if (unit == "MINUTE") return {{m}};
  if (unit == "HOUR") return {{h}};
  if (unit == "DAY") return {{d}};
  if (unit == "WEEK") return {{7 * d}};
  if (unit == "MONTH") return {{1}, true};
  if (unit == "QUARTER") return {{3}, true};
  if (unit == "YEAR") return {{12}, true};
  if (unit == "YEAR_MONTH") return {{12, 1}, true};
  if (unit == "SECOND_MICROSECOND") return {{s, 1}};
  if (unit == "MINUTE_MICROSECOND") return {{m, s, 1}};
  if (unit == "MINUTE_SECOND") return {{m, s}};
  if (unit == "HOUR_MICROSECOND") return {{h, m, s, 1}};
  if (unit == "HOUR_SECOND") return {{h, m, s}};
  if (unit == "HOUR_MINUTE") return {{h, m}};
  if (unit == "DAY_MICROSECOND") return {{d, h, m, s, 1}};
  if (unit == "DAY_SECOND") return {{d, h, m, s}};
  if (unit == "DAY_MINUTE") return {{d, h, m}};
  return {{d, h}};  // DAY_HOUR
}

bool HasTimePart(std::string_view unit) {
  return unit != "DAY" && unit != "WEEK" && unit != "MONTH" && unit != "QUARTER" &&
         unit != "YEAR" && unit != "YEAR_MONTH";
}

// MySQL's reading of an interval value: a number for a single unit (SECOND keeps its
// fraction), digit groups for a compound one ('1:30' HOUR_MINUTE; missing leading groups
// are zero; a microsecond group is scaled by its digits, '.5' is 500000). nullopt: overflow.
std::optional<Interval> ReadInterval(const Value& v, std::string_view unit) {
  const UnitFields fields = FieldsOf(unit);
  Interval out;
  if (fields.scale.size() == 1) {
    if (unit == "SECOND" && !v.is_integer()) {
      const double seconds = v.ToDouble();
      if (!(std::fabs(seconds) < 9.0e12)) return std::nullopt;
      out.micros = static_cast<int64_t>(std::llround(seconds * kMicrosPerSecond));
      return out;
    }
    const double rounded =
        v.is_int() ? static_cast<double>(v.int_value()) : std::round(v.ToDouble());
    const double limit = fields.months ? 1.2e5 : 4.0e17;  // beyond 10000 years either way
    if (!(std::fabs(rounded * static_cast<double>(fields.scale[0])) <= limit)) {
      return std::nullopt;
    }
    const int64_t n = static_cast<int64_t>(rounded);
    (fields.months ? out.months : out.micros) = n * fields.scale[0];
    return out;
  }
  const std::string owned = v.ToString();
  std::string_view text = owned;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  const bool negative = !text.empty() && text.front() == '-';
  std::vector<int64_t> groups;
  std::vector<size_t> digits;
  for (size_t i = 0; i < text.size();) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    int64_t n = 0;
    size_t count = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (n > 100000000000LL) return std::nullopt;
      n = n * 10 + (text[i] - '0');
      ++i;
      ++count;
    }
    groups.push_back(n);
    digits.push_back(count);
  }
  if (groups.size() > fields.scale.size()) return std::nullopt;
  const size_t skip = fields.scale.size() - groups.size();
  for (size_t k = 0; k < groups.size(); ++k) {
    const int64_t scale = fields.scale[skip + k];
    int64_t n = groups[k];
    if (!fields.months && scale == 1 && k + 1 == groups.size() && skip + k > 0) {
      // A microsecond group: '5' is .5 seconds.
      for (size_t z = digits[k]; z < 6; ++z) n *= 10;
    }
    (fields.months ? out.months : out.micros) += n * scale;
  }
  if (negative) {
    out.months = -out.months;
    out.micros = -out.micros;
  }
  return out;
}

// `p` moved by `interval`; nullopt outside the supported range.
std::optional<TemporalParts> AddInterval(const TemporalParts& p, const Interval& interval) {
  if (interval.months != 0) {
    const int64_t total = p.year * 12 + (p.month - 1) + interval.months;
    if (total < 0 || total >= 10000 * 12) return std::nullopt;
    TemporalParts r = p;
    r.year = total / 12;
    r.month = total % 12 + 1;
    r.day = std::min(p.day, DaysInMonth(r.year, r.month));
    return r;
  }
  const __int128 start = static_cast<__int128>(temporal::DayNumber(p)) * kMicrosPerDay +
                         static_cast<__int128>(temporal::SecondOfDay(p)) * kMicrosPerSecond +
                         p.micro;
  const __int128 end = start + interval.micros;
  if (end < 0) return std::nullopt;
  const int64_t days = static_cast<int64_t>(end / kMicrosPerDay);
  int64_t rest = static_cast<int64_t>(end % kMicrosPerDay);
  std::optional<TemporalParts> r = temporal::FromDayNumber(days);
  if (!r) return std::nullopt;
  r->micro = rest % kMicrosPerSecond;
  rest /= kMicrosPerSecond;
  r->second = rest % 60;
  r->minute = rest / 60 % 60;
  r->hour = rest / 3600;
  return r;
}

// DATE_ADD / DATE_SUB with the unit the parser stored; TIMESTAMPADD(unit, n, x) too.
template <int kSign, size_t kDateArg>
absl::StatusOr<Value> DateAdd(FunctionArgs& args) {
  const std::string& unit = args.call().interval_unit;
  ORDINAL_ASSIGN_OR_RETURN(Value date, args.Arg(kDateArg));
  ORDINAL_ASSIGN_OR_RETURN(Value amount, args.Arg(1 - kDateArg));
  if (date.is_null() || amount.is_null() || unit.empty()) return Value::Null();
  std::optional<TemporalParts> p = ValueAsDateTime(date);
  if (!p || p->month == 0 || p->day == 0) {
    temporal::WarnIncorrect(args, "datetime", date);
    return Value::Null();
  }
  std::optional<Interval> interval = ReadInterval(amount, unit);
  if (!interval) return Overflow(args);
  interval->months *= kSign;
  interval->micros *= kSign;
  std::optional<TemporalParts> r = AddInterval(*p, *interval);
  if (!r) return Overflow(args);
  if (temporal::IsDateOnly(date) && !HasTimePart(unit)) {
    return temporal::TemporalValue(*r, ColumnType::kDate, 0);
  }
  const uint32_t fsp = r->micro != 0 ? kMaxFsp : temporal::FractionDigitsOf(date);
  return temporal::TemporalValue(*r, ColumnType::kDateTime, fsp);
}

absl::StatusOr<Value> DateDiff(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> a, RealDateArg(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> b, RealDateArg(args, 1));
  if (!a || !b) return Value::Null();
  return Value::Int(temporal::DayNumber(*a) - temporal::DayNumber(*b));
}

__int128 MicrosOf(const TemporalParts& p) {
  return (static_cast<__int128>(temporal::DayNumber(p)) * 86400 + temporal::SecondOfDay(p)) *
             kMicrosPerSecond +
         p.micro;
}

// MySQL's month difference: whole months from `a` to `b` (a <= b).
int64_t MonthsBetween(const TemporalParts& a, const TemporalParts& b) {
  const bool before = b.month < a.month || (b.month == a.month && b.day < a.day);
  int64_t months = 12 * (b.year - a.year - (before ? 1 : 0));
  months += before ? 12 - (a.month - b.month) : b.month - a.month;
  const int64_t a_time = temporal::SecondOfDay(a) * kMicrosPerSecond + a.micro;
  const int64_t b_time = temporal::SecondOfDay(b) * kMicrosPerSecond + b.micro;
  if (b.day < a.day || (b.day == a.day && b_time < a_time)) --months;
  return months;
}

absl::StatusOr<Value> TimestampDiff(FunctionArgs& args) {
  const std::string& unit = args.call().interval_unit;
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> a, RealDateArg(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> b, RealDateArg(args, 1));
  if (!a || !b) return Value::Null();
  const bool negative = MicrosOf(*b) < MicrosOf(*a);
  const TemporalParts& from = negative ? *b : *a;
  const TemporalParts& to = negative ? *a : *b;
  int64_t r;
  if (unit == "MONTH" || unit == "QUARTER" || unit == "YEAR") {
    const int64_t months = MonthsBetween(from, to);
    r = unit == "MONTH" ? months : unit == "QUARTER" ? months / 3 : months / 12;
  } else {
    const __int128 micros = MicrosOf(to) - MicrosOf(from);
    const int64_t per = FieldsOf(unit).scale[0];
    r = static_cast<int64_t>(micros / per);
  }
  return Value::Int(negative ? -r : r);
}

// TIMEDIFF(a, b): a - b as a TIME; both times or both datetimes, else NULL.
absl::StatusOr<Value> TimeDiff(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value a, args.Arg(0));
  ORDINAL_ASSIGN_OR_RETURN(Value b, args.Arg(1));
  if (a.is_null() || b.is_null()) return Value::Null();
  auto micros = [](const Value& v, bool* is_datetime) -> std::optional<__int128> {
    const std::string text = TemporalInputText(v);
    *is_datetime = text.find('-', 1) != std::string::npos;
    if (*is_datetime) {
      std::optional<TemporalParts> p = ValueAsDateTime(v);
      if (!p) return std::nullopt;
      return MicrosOf(*p);
    }
    std::optional<int64_t> t = TimeTextMicros(text);
    if (!t) return std::nullopt;
    return static_cast<__int128>(*t);
  };
  bool a_datetime = false, b_datetime = false;
  std::optional<__int128> x = micros(a, &a_datetime), y = micros(b, &b_datetime);
  if (!x || !y || a_datetime != b_datetime) return Value::Null();
  __int128 diff = *x - *y;
  const __int128 limit = static_cast<__int128>((838 * 60 + 59) * 60 + 59) * kMicrosPerSecond;
  if (diff > limit || diff < -limit) {
    diff = diff > 0 ? limit : -limit;
    if (args.session() != nullptr) {
      args.session()->Warn(static_cast<int>(MysqlErrno::kTruncatedWrongValue),
                           "Truncated incorrect time value");
    }
  }
  TemporalParts p;
  p.negative = diff < 0;
  const int64_t m = static_cast<int64_t>(diff < 0 ? -diff : diff);
  p.micro = m % kMicrosPerSecond;
  p.second = m / kMicrosPerSecond % 60;
  p.minute = m / kMicrosPerSecond / 60 % 60;
  p.hour = m / kMicrosPerSecond / 3600;
  const uint32_t fsp = std::max(temporal::FractionDigitsOf(a), temporal::FractionDigitsOf(b));
  return temporal::TemporalValue(p, ColumnType::kTime, fsp);
}

absl::StatusOr<Value> LastDay(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, RealDateArg(args, 0));
  if (!p) return Value::Null();
  TemporalParts r;
  r.year = p->year;
  r.month = p->month;
  r.day = DaysInMonth(p->year, p->month);
  return temporal::TemporalValue(r, ColumnType::kDate, 0);
}

// MAKEDATE(year, day_of_year): years 0..69 are 2000..2069 and 70..99 1970..1999.
absl::StatusOr<Value> MakeDate(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<int64_t> year, IntArg(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<int64_t> day, IntArg(args, 1));
  if (!year || !day || *day <= 0 || *year < 0 || *year > 9999) return Value::Null();
  int64_t y = *year;
  if (y < 70)
    y += 2000;
  else if (y < 100)
    y += 1900;
  if (*day > 3660000) return Value::Null();
  std::optional<TemporalParts> p = temporal::FromDayNumber(DaysFromCivil(y, 1, 1) + *day - 1);
  if (!p) return Value::Null();
  return temporal::TemporalValue(*p, ColumnType::kDate, 0);
}

absl::StatusOr<Value> ToDays(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, RealDateArg(args, 0));
  if (!p) return Value::Null();
  return Value::Int(temporal::DayNumber(*p));
}

absl::StatusOr<Value> ToSeconds(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, RealDateArg(args, 0));
  if (!p) return Value::Null();
  return Value::Int(temporal::DayNumber(*p) * 86400 + temporal::SecondOfDay(*p));
}

// FROM_DAYS(n): days below 366 are the zero date, as in MySQL.
absl::StatusOr<Value> FromDays(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<int64_t> n, IntArg(args, 0));
  if (!n) return Value::Null();
  TemporalParts p;
  CivilFromDays(*n, &p.year, &p.month, &p.day);
  return temporal::TemporalValue(p, ColumnType::kDate, 0);
}

absl::StatusOr<Value> TimeToSec(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, temporal::TimeArg(args, 0));
  if (!p) return Value::Null();
  const int64_t s = temporal::SecondOfDay(*p);
  return Value::Int(p->negative ? -s : s);
}

absl::StatusOr<Value> SecToTime(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (v.is_null()) return Value::Null();
  const double seconds = v.ToDouble();
  const double limit = (838 * 60 + 59) * 60 + 59;
  const double clamped = std::max(-limit, std::min(limit, seconds));
  TemporalParts p;
  p.negative = clamped < 0;
  const int64_t micros = std::llround(std::fabs(clamped) * kMicrosPerSecond);
  p.micro = micros % kMicrosPerSecond;
  p.second = micros / kMicrosPerSecond % 60;
  p.minute = micros / kMicrosPerSecond / 60 % 60;
  p.hour = micros / kMicrosPerSecond / 3600;
  return temporal::TemporalValue(p, ColumnType::kTime, temporal::FractionDigitsOf(v));
}

// UNIX_TIMESTAMP([x]): seconds since the epoch; x is read in the session's time zone, and
// its fraction digits are kept (a DECIMAL). Outside TIMESTAMP's range: 0.
absl::StatusOr<Value> UnixTimestamp(FunctionArgs& args) {
  if (args.size() == 0) {
    const absl::Time now = args.session() != nullptr ? args.session()->statement_time : absl::Now();
    return Value::Int(absl::ToUnixSeconds(now));
  }
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (v.is_null()) return Value::Null();
  std::optional<TemporalParts> p = ValueAsDateTime(v);
  if (!p) {
    temporal::WarnIncorrect(args, "datetime", v);
    return Value::Null();
  }
  const uint32_t fsp = temporal::FractionDigitsOf(v);
  int64_t seconds = 0;
  if (p->month != 0 && p->day != 0) {
    seconds = absl::ToUnixSeconds(InstantOf(*p, CurrentTemporalMode().time_zone));
    if (seconds < 0 || seconds > 32536771199) seconds = 0;
  }
  if (fsp == 0) return Value::Int(seconds);
  const int64_t micro = seconds == 0 ? 0 : p->micro;
  std::string fraction = absl::StrCat(1000000 + micro).substr(1, fsp);
  std::optional<Decimal> d = Decimal::Parse(absl::StrCat(seconds, ".", fraction));
  return d ? Value::FromDecimal(*d) : Value::Int(seconds);
}

// CONVERT_TZ(dt, from, to): NULL for an unknown zone.
std::optional<absl::TimeZone> ZoneNamed(const Value& v) {
  const std::string name = v.ToString();
  if (name.size() == 6 && (name[0] == '+' || name[0] == '-') && name[3] == ':') {
    return ResolveTimeZone(name);
  }
  if (name == "SYSTEM") return ResolveTimeZone(name);
  absl::TimeZone zone;
  if (name.empty() || name[0] == '/' || name.find("..") != std::string::npos ||
      !absl::LoadTimeZone(name, &zone)) {
    return std::nullopt;
  }
  return zone;
}

absl::StatusOr<Value> ConvertTz(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  ORDINAL_ASSIGN_OR_RETURN(Value from, args.Arg(1));
  ORDINAL_ASSIGN_OR_RETURN(Value to, args.Arg(2));
  if (v.is_null() || from.is_null() || to.is_null()) return Value::Null();
  std::optional<TemporalParts> p = ValueAsDateTime(v);
  std::optional<absl::TimeZone> a = ZoneNamed(from), b = ZoneNamed(to);
  if (!p || !a || !b || p->month == 0 || p->day == 0) return Value::Null();
  const TemporalParts r = PartsAt(InstantOf(*p, *a), *b);
  return temporal::TemporalValue(r, ColumnType::kDateTime, temporal::FractionDigitsOf(v));
}

ColumnType DateAddType(const std::vector<ColumnType>& args) {
  if (args.empty()) return ColumnType::kVarchar;
  if (args[0] == ColumnType::kDate) return ColumnType::kDate;
  if (args[0] == ColumnType::kDateTime || args[0] == ColumnType::kTimestamp) {
    return ColumnType::kDateTime;
  }
  return ColumnType::kVarchar;
}
ColumnType ReturnsDate(const std::vector<ColumnType>&) { return ColumnType::kDate; }
ColumnType ReturnsDateTime(const std::vector<ColumnType>&) { return ColumnType::kDateTime; }
ColumnType ReturnsTime(const std::vector<ColumnType>&) { return ColumnType::kTime; }
ColumnType UnixTimestampType(const std::vector<ColumnType>& args) {
  return args.empty() || args[0] != ColumnType::kVarchar ? ColumnType::kBigInt
                                                         : ColumnType::kDecimal;
}

}  // namespace

std::vector<FunctionDef> DateArithmeticFunctions() {
  return {
      {"CONVERT_TZ", 3, 3, ReturnsDateTime, ConvertTz},
      {"DATEDIFF", 2, 2, ReturnsInt, DateDiff},
      {"DATE_ADD", 2, 2, DateAddType, DateAdd<1, 0>},
      {"DATE_SUB", 2, 2, DateAddType, DateAdd<-1, 0>},
      {"FROM_DAYS", 1, 1, ReturnsDate, FromDays},
      {"LAST_DAY", 1, 1, ReturnsDate, LastDay},
      {"MAKEDATE", 2, 2, ReturnsDate, MakeDate},
      {"SEC_TO_TIME", 1, 1, ReturnsTime, SecToTime},
      {"TIMEDIFF", 2, 2, ReturnsTime, TimeDiff},
      {"TIMESTAMPADD", 2, 2, ReturnsDateTime, DateAdd<1, 1>},
      {"TIMESTAMPDIFF", 2, 2, ReturnsInt, TimestampDiff},
      {"TIME_TO_SEC", 1, 1, ReturnsInt, TimeToSec},
      {"TO_DAYS", 1, 1, ReturnsInt, ToDays},
      {"TO_SECONDS", 1, 1, ReturnsInt, ToSeconds},
      {"UNIX_TIMESTAMP", 0, 1, UnixTimestampType, UnixTimestamp},
  };
}

}  // namespace ordinal::engine::functions
