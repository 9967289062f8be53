// Date formats: DATE_FORMAT, TIME_FORMAT, STR_TO_DATE and FROM_UNIXTIME, with MySQL's format
// specifiers (%Y %y %m %c %d %e %D %j %H %k %h %I %l %i %s %S %f %p %r %T %M %b %W %a %w
// %U %u %V %v %X %x %%), English names (lc_time_names en_US).
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/registry.h"
#include "engine/functions/temporal_args.h"

namespace ordinal::engine::functions {
namespace {

constexpr int kWrongValueForFunction = 1411;  // ER_WRONG_VALUE_FOR_TYPE

std::string Padded(int64_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%0*lld", width, static_cast<long long>(n));
  return buf;
}

std::string_view DaySuffix(int64_t day) {
  if (day % 100 >= 11 && day % 100 <= 13) return "th";
  switch (day % 10) {
    case 1:
      return "st";
    case 2:
      return "nd";
    case 3:
      return "rd";
    default:
      return "th";
  }
}

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

int64_t Hour12(int64_t hour) { return hour % 12 == 0 ? 12 : hour % 12; }

// Specifiers that need a real date (a weekday or a week).
bool NeedsRealDate(char c) {
  return std::string_view("aWwUuVvXx").find(c) != std::string_view::npos;
}

int64_t WeekOf(const TemporalParts& p, int64_t mode) {
  int64_t year;
  return temporal::WeekNumber(p, mode, &year);
}

int64_t WeekYearOf(const TemporalParts& p, int64_t mode) {
  int64_t year;
  temporal::WeekNumber(p, mode, &year);
  return year;
}

// The text of one specifier (the character after '%') for `p`.
std::string Specifier(char c, const TemporalParts& p) {
  const bool real = p.month != 0 && p.day != 0;
  const std::string_view month = temporal::MonthName(p.month);
  switch (c) {
    case 'Y':
      return Padded(p.year, 4);
    case 'y':
      return Padded(p.year % 100, 2);
    case 'm':
      return Padded(p.month, 2);
    case 'c':
      return absl::StrCat(p.month);
    case 'M':
      return std::string(month);
    case 'b':
      return std::string(month.substr(0, 3));
    case 'd':
      return Padded(p.day, 2);
    case 'e':
      return absl::StrCat(p.day);
    case 'D':
      return absl::StrCat(p.day, View(DaySuffix(p.day)));
    case 'j':
      return Padded(real ? temporal::DayNumber(p) - DaysFromCivil(p.year, 1, 1) + 1 : 0, 3);
    case 'H':
      return Padded(p.hour, 2);
    case 'k':
      return absl::StrCat(p.hour);
    case 'h':
    case 'I':
      return Padded(Hour12(p.hour), 2);
    case 'l':
      return absl::StrCat(Hour12(p.hour));
    case 'i':
      return Padded(p.minute, 2);
    case 's':
    case 'S':
      return Padded(p.second, 2);
    case 'f':
      return Padded(p.micro, 6);
    case 'p':
      return p.hour % 24 < 12 ? "AM" : "PM";
    case 'r':
      return absl::StrCat(Padded(Hour12(p.hour), 2), ":", Padded(p.minute, 2), ":",
                          Padded(p.second, 2), p.hour % 24 < 12 ? " AM" : " PM");
    case 'T':
      return absl::StrCat(Padded(p.hour, 2), ":", Padded(p.minute, 2), ":", Padded(p.second, 2));
    case 'W':
      return std::string(temporal::DayName(temporal::Weekday(p)));
    case 'a':
      return std::string(temporal::DayName(temporal::Weekday(p)).substr(0, 3));
    case 'w':
      return absl::StrCat((temporal::Weekday(p) + 1) % 7);
    case 'U':
      return Padded(WeekOf(p, 0), 2);
    case 'u':
      return Padded(WeekOf(p, 1), 2);
    case 'V':
      return Padded(WeekOf(p, 2), 2);
    case 'v':
      return Padded(WeekOf(p, 3), 2);
    case 'X':
      return Padded(WeekYearOf(p, 2), 4);
    case 'x':
      return Padded(WeekYearOf(p, 3), 4);
    default:
      return std::string(1, c);  // %% and unknown specifiers: the character
  }
}

// `p` formatted by `format`; nullopt when the format asks a zero date for its weekday.
std::optional<std::string> FormatParts(const TemporalParts& p, std::string_view format) {
  const bool real = p.month != 0 && p.day != 0;
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out.push_back(format[i]);
      continue;
    }
    const char c = format[++i];
    if (NeedsRealDate(c) && !real) return std::nullopt;
    out += Specifier(c, p);
  }
  return out;
}

absl::StatusOr<Value> DateFormat(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  ORDINAL_ASSIGN_OR_RETURN(Value format, args.Arg(1));
  if (v.is_null() || format.is_null()) return Value::Null();
  std::optional<TemporalParts> p = ValueAsDateTime(v);
  if (!p) {
    temporal::WarnIncorrect(args, "datetime", v);
    return Value::Null();
  }
  std::optional<std::string> out = FormatParts(*p, format.ToString());
  return out ? Value::String(*std::move(out)) : Value::Null();
}

// TIME_FORMAT(time, format): the time specifiers of DATE_FORMAT; hours may exceed 23.
absl::StatusOr<Value> TimeFormat(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<TemporalParts> p, temporal::TimeArg(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(Value format, args.Arg(1));
  if (!p || format.is_null()) return Value::Null();
  std::optional<std::string> out = FormatParts(*p, format.ToString());
  if (!out) return Value::Null();
  return Value::String(absl::StrCat(p->negative ? "-" : "", *out));
}

// ---- STR_TO_DATE ----

class DateScanner {
 public:
  explicit DateScanner(std::string_view input) : in_(input) {}

  // Reads up to `max` digits; false when there are none.
  bool Number(size_t max, int64_t* out, size_t* count = nullptr) {
    size_t n = 0;
    int64_t v = 0;
    while (n < max && pos_ < in_.size() && absl::ascii_isdigit(in_[pos_])) {
      v = v * 10 + (in_[pos_++] - '0');
      ++n;
    }
    if (count != nullptr) *count = n;
    *out = v;
    return n > 0;
  }
  // Reads one of `names` (case-insensitive, full or 3-letter prefix when `abbreviated`);
  // the index, or -1.
  int Name(std::string_view (*name)(int64_t), int64_t first, int64_t count, bool abbreviated) {
    for (int64_t i = 0; i < count; ++i) {
      std::string_view full = name(first + i);
      std::string_view want = abbreviated ? full.substr(0, 3) : full;
      if (in_.size() - pos_ >= want.size() &&
          absl::EqualsIgnoreCase(View(in_.substr(pos_, want.size())), View(want))) {
        pos_ += want.size();
        return static_cast<int>(i);
      }
    }
    return -1;
  }
  bool Literal(char c) {
    if (pos_ < in_.size() && in_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Word(std::string_view w) {
    if (in_.size() - pos_ >= w.size() &&
        absl::EqualsIgnoreCase(View(in_.substr(pos_, w.size())), View(w))) {
      pos_ += w.size();
      return true;
    }
    return false;
  }
  void SkipSpaces() {
    while (pos_ < in_.size() && absl::ascii_isspace(in_[pos_])) ++pos_;
  }
  bool AtEnd() const { return pos_ >= in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

std::string_view DayNameOf(int64_t i) { return temporal::DayName(i); }
std::string_view MonthNameOf(int64_t i) { return temporal::MonthName(i); }

struct Scanned {
  TemporalParts parts;
  bool has_date = false, has_time = false, has_fraction = false;
  bool pm = false, twelve_hour = false;
  int64_t day_of_year = 0;
};

bool ScanSpecifier(char c, DateScanner& in, Scanned& s);

// Reads `input` by `format`; nullopt when they do not match.
std::optional<Scanned> ScanDate(std::string_view input, std::string_view format, bool* rest) {
  DateScanner in(input);
  Scanned s;
  for (size_t i = 0; i < format.size(); ++i) {
    const char f = format[i];
    if (absl::ascii_isspace(f)) {
      in.SkipSpaces();
      continue;
    }
    if (f != '%' || i + 1 == format.size()) {
      in.SkipSpaces();
      if (!in.Literal(f)) return std::nullopt;
      continue;
    }
    in.SkipSpaces();
    if (!ScanSpecifier(format[++i], in, s)) return std::nullopt;
  }
  in.SkipSpaces();
  *rest = !in.AtEnd();
  return s;
}

// The time specifiers of STR_TO_DATE; false when `c` is not one or the input does not match.
bool ScanTimeSpecifier(char c, DateScanner& in, Scanned& s, bool* matched) {
  TemporalParts& p = s.parts;
  size_t digits = 0;
  *matched = true;
  switch (c) {
    case 'H':
    case 'k':
      s.has_time = true;
      return in.Number(2, &p.hour);
    case 'h':
    case 'I':
    case 'l':
      s.has_time = s.twelve_hour = true;
      return in.Number(2, &p.hour);
    case 'i':
      s.has_time = true;
      return in.Number(2, &p.minute);
    case 's':
    case 'S':
      s.has_time = true;
      return in.Number(2, &p.second);
    case 'f':
      s.has_time = s.has_fraction = true;
      if (!in.Number(6, &p.micro, &digits)) return false;
      for (size_t z = digits; z < 6; ++z) p.micro *= 10;
      return true;
    case 'p':
      s.pm = in.Word("PM");
      return s.pm || in.Word("AM");
    case 'r':
      s.has_time = s.twelve_hour = true;
      if (!in.Number(2, &p.hour) || !in.Literal(':') || !in.Number(2, &p.minute) ||
          !in.Literal(':') || !in.Number(2, &p.second)) {
        return false;
      }
      in.SkipSpaces();
      s.pm = in.Word("PM");
      return s.pm || in.Word("AM");
    case 'T':
      s.has_time = true;
      return in.Number(2, &p.hour) && in.Literal(':') && in.Number(2, &p.minute) &&
             in.Literal(':') && in.Number(2, &p.second);
    default:
      *matched = false;
      return false;
  }
}

// Reads one specifier's part of the input into `s`; false when the input does not match.
bool ScanSpecifier(char c, DateScanner& in, Scanned& s) {
  bool time = false;
  const bool ok = ScanTimeSpecifier(c, in, s, &time);
  if (time) return ok;
  TemporalParts& p = s.parts;
  int64_t ignored = 0;
  size_t digits = 0;
  switch (c) {
    case 'Y':
      s.has_date = true;
      if (!in.Number(4, &p.year, &digits)) return false;
      if (digits <= 2) p.year += p.year < 70 ? 2000 : 1900;
      return true;
    case 'y':
      s.has_date = true;
      if (!in.Number(2, &p.year)) return false;
      p.year += p.year < 70 ? 2000 : 1900;
      return true;
    case 'm':
    case 'c':
      s.has_date = true;
      return in.Number(2, &p.month);
    case 'M':
    case 'b':
      s.has_date = true;
      p.month = in.Name(MonthNameOf, 1, 12, c == 'b') + 1;
      return p.month > 0;
    case 'd':
    case 'e':
      s.has_date = true;
      return in.Number(2, &p.day);
    case 'D':
      s.has_date = true;
      if (!in.Number(2, &p.day)) return false;
      return in.Word("st") || in.Word("nd") || in.Word("rd") || in.Word("th");
    case 'j':
      s.has_date = true;
      return in.Number(3, &s.day_of_year);
    // Weekdays and weeks are read and not used (MySQL uses them only with %X/%x).
    case 'W':
    case 'a':
      return in.Name(DayNameOf, 0, 7, c == 'a') >= 0;
    case 'w':
      return in.Number(1, &ignored);
    case 'U':
    case 'u':
    case 'V':
    case 'v':
      return in.Number(2, &ignored);
    case 'X':
    case 'x':
      return in.Number(4, &ignored);
    default:
      return in.Literal(c);  // %% and others match the character itself
  }
}

absl::StatusOr<Value> StrToDate(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value input, args.Arg(0));
  ORDINAL_ASSIGN_OR_RETURN(Value format, args.Arg(1));
  if (input.is_null() || format.is_null()) return Value::Null();
  const std::string text = input.ToString();
  auto invalid = [&] {
    if (args.session() != nullptr) {
      args.session()->Warn(kWrongValueForFunction, absl::StrCat("Incorrect datetime value: '", text,
                                                                "' for function str_to_date"));
    }
    return Value::Null();
  };
  bool rest = false;
  std::optional<Scanned> s = ScanDate(text, format.ToString(), &rest);
  if (!s) return invalid();
  TemporalParts& p = s->parts;
  if (s->twelve_hour) {
    if (p.hour < 1 || p.hour > 12) return invalid();
    p.hour = p.hour % 12 + (s->pm ? 12 : 0);
  }
  if (s->day_of_year > 0) {
    std::optional<TemporalParts> d =
        temporal::FromDayNumber(DaysFromCivil(p.year, 1, 1) + s->day_of_year - 1);
    if (!d || d->year != p.year) return invalid();
    p.month = d->month;
    p.day = d->day;
  }
  const TemporalMode& mode = CurrentTemporalMode();
  const bool zero_date = p.year == 0 && p.month == 0 && p.day == 0;
  const bool zero_part = !zero_date && (p.month == 0 || p.day == 0);
  if (p.month > 12 || p.hour > 23 || p.minute > 59 || p.second > 59 ||
      (p.month != 0 && p.day > DaysInMonth(p.year, p.month)) ||
      (s->has_date && zero_date && mode.no_zero_date) ||
      (s->has_date && zero_part && mode.no_zero_in_date)) {
    return invalid();
  }
  if (rest && args.session() != nullptr) {
    args.session()->Warn(static_cast<int>(MysqlErrno::kTruncatedWrongValue),
                         absl::StrCat("Truncated incorrect datetime value: '", text, "'"));
  }
  const uint32_t fsp = s->has_fraction ? kMaxFsp : 0;
  if (s->has_date && !s->has_time) return temporal::TemporalValue(p, ColumnType::kDate, 0);
  if (!s->has_date && s->has_time) return temporal::TemporalValue(p, ColumnType::kTime, fsp);
  return temporal::TemporalValue(p, ColumnType::kDateTime, fsp);
}

// FROM_UNIXTIME(n[, format]): n seconds after the epoch in the session's time zone; NULL for
// negative n or beyond 3001-01-18 (MySQL's limit). A fraction is kept (6 digits at most).
absl::StatusOr<Value> FromUnixTime(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (v.is_null()) return Value::Null();
  const double seconds = v.ToDouble();
  if (!(seconds >= 0 && seconds <= 32536771199.999999)) return Value::Null();
  const int64_t whole = static_cast<int64_t>(seconds);
  int64_t micro = 0;
  uint32_t fsp = 0;
  if (v.is_decimal() || v.is_double() || v.is_string()) {
    fsp = temporal::FractionDigitsOf(v);
    micro = std::llround((seconds - static_cast<double>(whole)) * 1e6);
    if (v.is_decimal()) {
      const std::string text = v.decimal_value().ToString();
      const size_t dot = text.find('.');
      micro = 0;
      if (dot != std::string::npos) {
        std::string digits = text.substr(dot + 1, 6);
        digits.resize(6, '0');
        micro = std::stoll(digits);
      }
    }
  }
  const absl::Time t = absl::FromUnixSeconds(whole) + absl::Microseconds(micro);
  const TemporalParts p = PartsAt(t, CurrentTemporalMode().time_zone);
  if (args.size() > 1) {
    ORDINAL_ASSIGN_OR_RETURN(Value format, args.Arg(1));
    if (format.is_null()) return Value::Null();
    std::optional<std::string> out = FormatParts(p, format.ToString());
    return out ? Value::String(*std::move(out)) : Value::Null();
  }
  return temporal::TemporalValue(p, ColumnType::kDateTime, fsp);
}

ColumnType FromUnixTimeType(const std::vector<ColumnType>& args) {
  return args.size() > 1 ? ColumnType::kVarchar : ColumnType::kDateTime;
}

}  // namespace

std::vector<FunctionDef> DateFormatFunctions() {
  return {
      {"DATE_FORMAT", 2, 2, ReturnsString, DateFormat},
      {"FROM_UNIXTIME", 1, 2, FromUnixTimeType, FromUnixTime},
      {"STR_TO_DATE", 2, 2, ReturnsString, StrToDate},
      {"TIME_FORMAT", 2, 2, ReturnsString, TimeFormat},
  };
}

}  // namespace ordinal::engine::functions
