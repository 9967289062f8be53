#include "engine/functions/temporal_args.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"

namespace ordinal::engine::functions::temporal {

void WarnIncorrect(FunctionArgs& args, std::string_view kind, const Value& v) {
  if (args.session() == nullptr) return;
  args.session()->Warn(
      static_cast<int>(MysqlErrno::kTruncatedWrongValue),
      absl::StrCat("Incorrect ", std::string(kind), " value: '", v.ToString(), "'"));
}

absl::StatusOr<std::optional<TemporalParts>> DateTimeArg(FunctionArgs& args, size_t i) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
  if (v.is_null()) return std::optional<TemporalParts>();
  std::optional<TemporalParts> p = ValueAsDateTime(v);
  if (!p) WarnIncorrect(args, "datetime", v);
  return p;
}

absl::StatusOr<std::optional<TemporalParts>> RealDateArg(FunctionArgs& args, size_t i) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
  if (v.is_null()) return std::optional<TemporalParts>();
  std::optional<TemporalParts> p = ValueAsDateTime(v);
  if (!p || p->month == 0 || p->day == 0) {
    WarnIncorrect(args, "datetime", v);
    return std::optional<TemporalParts>();
  }
  return p;
}

absl::StatusOr<std::optional<TemporalParts>> TimeArg(FunctionArgs& args, size_t i) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
  if (v.is_null()) return std::optional<TemporalParts>();
  std::optional<TemporalParts> p = ValueAsTime(v);
  if (!p) WarnIncorrect(args, "time", v);
  return p;
}


absl::StatusOr<uint32_t> FspArg(FunctionArgs& args, size_t i) {
  if (i >= args.size()) return 0u;
  ORDINAL_ASSIGN_OR_RETURN(std::optional<int64_t> fsp, IntArg(args, i));
  if (!fsp || *fsp < 0) return 0u;
  if (*fsp > static_cast<int64_t>(kMaxFsp)) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kTooBigPrecision,
                    absl::StrCat("Too-big precision ", *fsp, " specified for '",
                                 args.call().function_name, "'. Maximum is ", kMaxFsp, "."));
  }
  return static_cast<uint32_t>(*fsp);
}

uint32_t FractionDigitsOf(const Value& v) {
  if (v.is_integer() || v.is_null()) return 0;
  const std::string text = TemporalInputText(v);
  const size_t dot = text.rfind('.');
  if (dot == std::string::npos) return 0;
  return static_cast<uint32_t>(std::min<size_t>(text.size() - dot - 1, kMaxFsp));
}

bool IsDateOnly(const Value& v) {
  if (v.is_null()) return false;
  const std::string text = TemporalInputText(v);
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    return text.size() == 6 || text.size() == 8;
  }
  return text.find_first_of(" T:") == std::string::npos &&
         std::count(text.begin(), text.end(), '.') == 0;
}

int64_t DayNumber(const TemporalParts& p) { return DaysFromCivil(p.year, p.month, p.day); }

int64_t SecondOfDay(const TemporalParts& p) { return (p.hour * 60 + p.minute) * 60 + p.second; }

std::optional<TemporalParts> FromDayNumber(int64_t days) {
  TemporalParts p;
  CivilFromDays(days, &p.year, &p.month, &p.day);
  if (p.month == 0 || p.year > 9999) return std::nullopt;
  return p;
}

int64_t Weekday(const TemporalParts& p) { return (DayNumber(p) + 5) % 7; }

namespace {

constexpr int64_t kMondayFirst = 1, kWeekYear = 2, kFirstWeekday = 4;

int64_t DaysInYear(int64_t year) { return IsLeapYear(year) ? 366 : 365; }

// MySQL's calc_weekday: 0 = Monday (or Sunday when `sunday_first`).
int64_t CalcWeekday(int64_t day_number, bool sunday_first) {
  return (day_number + 5 + (sunday_first ? 1 : 0)) % 7;
}

}  // namespace

// MySQL's calc_week, with the mode turned into its behaviour flags as week_mode() does.
int64_t WeekNumber(const TemporalParts& p, int64_t mode, int64_t* year) {
  int64_t behaviour = mode & 7;
  if (!(behaviour & kMondayFirst)) behaviour ^= kFirstWeekday;
  const int64_t day_number = DayNumber(p);
  int64_t first_day = DaysFromCivil(p.year, 1, 1);
  const bool monday_first = behaviour & kMondayFirst;
  bool week_year = behaviour & kWeekYear;
  const bool first_weekday = behaviour & kFirstWeekday;
  int64_t weekday = CalcWeekday(first_day, !monday_first);
  *year = p.year;
  if (p.month == 1 && p.day <= 7 - weekday) {
    if (!week_year && ((first_weekday && weekday != 0) || (!first_weekday && weekday >= 4))) {
      return 0;
    }
    week_year = true;
    --*year;
    const int64_t days = DaysInYear(*year);
    first_day -= days;
    weekday = (weekday + 53 * 7 - days) % 7;
  }
  int64_t days;
  if ((first_weekday && weekday != 0) || (!first_weekday && weekday >= 4)) {
    days = day_number - (first_day + (7 - weekday));
  } else {
    days = day_number - (first_day - weekday);
  }
  if (week_year && days >= 52 * 7) {
    weekday = (weekday + DaysInYear(*year)) % 7;
    if ((!first_weekday && weekday < 4) || (first_weekday && weekday == 0)) {
      ++*year;
      return 1;
    }
  }
  return days / 7 + 1;
}

std::string_view DayName(int64_t weekday) {
  static constexpr std::string_view kNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                "Friday", "Saturday", "Sunday"};
  return kNames[((weekday % 7) + 7) % 7];
}

std::string_view MonthName(int64_t month) {
  static constexpr std::string_view kNames[] = {"January",   "February", "March",    "April",
                                                "May",       "June",     "July",     "August",
                                                "September", "October",  "November", "December"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : std::string_view();
}

Value TemporalValue(const TemporalParts& p, ColumnType type, uint32_t fsp) {
  return Value::String(FormatTemporal(p, type, fsp));
}

}  // namespace ordinal::engine::functions::temporal
