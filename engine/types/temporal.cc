#include "engine/types/temporal.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/sql_error.h"
#include "engine/types/number_text.h"

namespace ordinal::engine {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

thread_local const TemporalMode* current_mode = nullptr;

absl::string_view TypeWord(ColumnType type) {
  switch (type) {
    case ColumnType::kDate:
      return "date";
    case ColumnType::kTime:
      return "time";
    default:
      return "datetime";
  }
}

absl::Status Incorrect(ColumnType type, const Value& v, std::string_view column) {
  return SqlError(
      absl::StatusCode::kInvalidArgument, MysqlErrno::kTruncatedWrongValue,
      absl::StrCat("Incorrect ", TypeWord(type), " value: '", v.ToString(), "' for column '",
                   absl::string_view(column.data(), column.size()), "'"));
}

// Reads a fraction's digits as microseconds rounded half up to `fsp` digits; true when the
// rounding carries into a whole second.
bool ReadFraction(std::string_view digits, uint32_t fsp, int64_t* micro) {
  int64_t scaled = 0;
  for (uint32_t i = 0; i < fsp; ++i) {
    scaled = scaled * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  }
  if (digits.size() > fsp && digits[fsp] >= '5') ++scaled;
  int64_t limit = 1;
  for (uint32_t i = 0; i < fsp; ++i) limit *= 10;
  const bool carry = scaled >= limit;
  if (carry) scaled = 0;
  for (uint32_t i = fsp; i < kMaxFsp; ++i) scaled *= 10;
  *micro = scaled;
  return carry;
}

int64_t ParseInt(std::string_view digits) {
  int64_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

int64_t FullYear(std::string_view digits) {
  int64_t y = ParseInt(digits);
  if (digits.size() <= 2) y += y < 70 ? 2000 : 1900;
  return y;
}

// The digit groups of a date and time, and the fraction.
struct Groups {
  std::vector<std::string_view> parts;
  std::string_view fraction;
};

// Delimited: groups of digits separated by one punctuation character each (spaces or 'T'
// between the date and the time; '.' before a fraction).
std::optional<Groups> SplitDelimited(std::string_view text) {
  Groups g;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i])) return std::nullopt;
    const size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    if (g.parts.size() == 6) {
      g.fraction = text.substr(start, i - start);
      if (i != text.size()) return std::nullopt;
      break;
    }
    g.parts.push_back(text.substr(start, i - start));
    if (i == text.size()) break;
    const char sep = text[i];
    if (g.parts.size() == 6 && sep != '.') return std::nullopt;
    ++i;
    if (g.parts.size() == 3) {
      if (sep != ' ' && sep != 'T' && !absl::ascii_ispunct(static_cast<unsigned char>(sep))) {
        return std::nullopt;
      }
      while (i < text.size() && text[i] == ' ') ++i;
    } else if (!absl::ascii_ispunct(static_cast<unsigned char>(sep))) {
      return std::nullopt;
    }
  }
  if (g.parts.size() < 3) return std::nullopt;
  for (size_t k = 0; k < g.parts.size(); ++k) {
    if (g.parts[k].size() > (k == 0 ? 4u : 2u)) return std::nullopt;
  }
  return g;
}

// Digits only: YYMMDD, YYYYMMDD, YYMMDDhhmmss, YYYYMMDDhhmmss, with an optional .fraction.
std::optional<Groups> SplitDigits(std::string_view text) {
  std::string_view fraction;
  if (size_t dot = text.find('.'); dot != std::string_view::npos) {
    fraction = text.substr(dot + 1);
    text = text.substr(0, dot);
    for (char c : fraction) {
      if (!IsDigit(c)) return std::nullopt;
    }
  }
  for (char c : text) {
    if (!IsDigit(c)) return std::nullopt;
  }
  if (text.size() != 6 && text.size() != 8 && text.size() != 12 && text.size() != 14) {
    return std::nullopt;
  }
  const size_t year_digits = text.size() == 8 || text.size() == 14 ? 4 : 2;
  Groups g;
  g.parts.push_back(text.substr(0, year_digits));
  for (size_t at = year_digits; at < text.size(); at += 2) g.parts.push_back(text.substr(at, 2));
  g.fraction = fraction;
  return g;
}

bool ValidDate(const TemporalParts& p, DateRules rules, const TemporalMode& mode) {
  if (p.year > 9999 || p.month > 12) return false;
  const bool zero_date = p.year == 0 && p.month == 0 && p.day == 0;
  if (zero_date) return rules == DateRules::kFuzzy || !mode.no_zero_date;
  if (p.month == 0 || p.day == 0) return rules == DateRules::kFuzzy || !mode.no_zero_in_date;
  return p.day <= DaysInMonth(p.year, p.month);
}

std::string FractionText(int64_t micro, uint32_t fsp) {
  if (fsp == 0) return "";
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%06lld", static_cast<long long>(micro));
  return absl::StrCat(".", absl::string_view(buf, std::min(fsp, kMaxFsp)));
}

// Adds one second to a valid date and time (a fraction rounded up).
void AddSecond(TemporalParts* p) {
  if (++p->second < 60) return;
  p->second = 0;
  if (++p->minute < 60) return;
  p->minute = 0;
  if (++p->hour < 24) return;
  p->hour = 0;
  if (p->month == 0 || p->day == 0) return;  // a fuzzy date does not roll over
  int64_t y, m, d;
  CivilFromDays(DaysFromCivil(p->year, p->month, p->day) + 1, &y, &m, &d);
  p->year = y;
  p->month = m;
  p->day = d;
}

absl::CivilSecond ToCivil(const TemporalParts& p) {
  return absl::CivilSecond(p.year, static_cast<int>(p.month), static_cast<int>(p.day),
                           static_cast<int>(p.hour), static_cast<int>(p.minute),
                           static_cast<int>(p.second));
}

// A TIMESTAMP read in the session's zone, as UTC parts; false outside TIMESTAMP's range.
bool TimestampToUtc(const TemporalParts& local, const absl::TimeZone& zone, TemporalParts* utc) {
  if (local.year == 0 && local.month == 0 && local.day == 0) {  // the zero timestamp
    *utc = local;
    return local.hour == 0 && local.minute == 0 && local.second == 0 && local.micro == 0;
  }
  if (local.month == 0 || local.day == 0) return false;
  const absl::Time t = InstantOf(local, zone);
  const absl::Time lo = absl::FromUnixSeconds(1), hi = absl::FromUnixSeconds(2147483647);
  if (t < lo || t >= hi + absl::Seconds(1)) return false;
  *utc = PartsAt(t, absl::UTCTimeZone());
  return true;
}

}  // namespace

const TemporalMode& CurrentTemporalMode() {
  static const TemporalMode kDefault;
  return current_mode != nullptr ? *current_mode : kDefault;
}

ScopedTemporalMode::ScopedTemporalMode(TemporalMode mode)
    : previous_(current_mode), mode_(std::move(mode)) {
  current_mode = &mode_;
}

ScopedTemporalMode::~ScopedTemporalMode() { current_mode = previous_; }

absl::TimeZone ResolveTimeZone(std::string_view name) {
  if (name.empty() || name == "SYSTEM") return absl::LocalTimeZone();
  if ((name[0] == '+' || name[0] == '-') && name.size() == 6 && name[3] == ':') {
    const int seconds =
        static_cast<int>((ParseInt(name.substr(1, 2)) * 60 + ParseInt(name.substr(4, 2))) * 60);
    return absl::FixedTimeZone(name[0] == '-' ? -seconds : seconds);
  }
  absl::TimeZone zone;
  if (absl::LoadTimeZone(std::string(name), &zone)) return zone;
  return absl::UTCTimeZone();
}

std::optional<TemporalParts> ParseDateTime(std::string_view text, uint32_t fsp, DateRules rules,
                                           const TemporalMode& mode) {
  fsp = std::min(fsp, kMaxFsp);
  // Digits with at most a fraction ("20240105", "20240105103000.5") are read by length;
  // anything else ("2024.01.05" too) by its delimiters.
  const bool digits_only = text.find_first_not_of("0123456789.") == std::string_view::npos &&
                           std::count(text.begin(), text.end(), '.') <= 1;
  std::optional<Groups> g = digits_only ? SplitDigits(text) : SplitDelimited(text);
  if (!g) return std::nullopt;
  TemporalParts p;
  p.year = FullYear(g->parts[0]);
  p.month = ParseInt(g->parts[1]);
  p.day = ParseInt(g->parts[2]);
  if (g->parts.size() > 3) p.hour = ParseInt(g->parts[3]);
  if (g->parts.size() > 4) p.minute = ParseInt(g->parts[4]);
  if (g->parts.size() > 5) p.second = ParseInt(g->parts[5]);
  const bool carry = ReadFraction(g->fraction, fsp, &p.micro);
  if (!ValidDate(p, rules, mode) || p.hour > 23 || p.minute > 59 || p.second > 59) {
    return std::nullopt;
  }
  if (carry) AddSecond(&p);
  if (p.year > 9999) return std::nullopt;
  return p;
}

// TIME: [-][D ]hh:mm[:ss[.frac]], [-]ss[.frac], or digits [-]hhmmss[.frac].
std::optional<TemporalParts> ParseTime(std::string_view text, uint32_t fsp) {
  fsp = std::min(fsp, kMaxFsp);
  TemporalParts p;
  if (!text.empty() && text.front() == '-') {
    p.negative = true;
    text.remove_prefix(1);
  }
  int64_t days = 0;
  if (size_t space = text.find(' '); space != std::string_view::npos) {
    std::string_view d = text.substr(0, space);
    if (d.empty() || d.size() > 2 || d.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    days = ParseInt(d);
    text = text.substr(space + 1);
  }
  std::string_view fraction;
  if (size_t dot = text.find('.'); dot != std::string_view::npos) {
    fraction = text.substr(dot + 1);
    text = text.substr(0, dot);
    if (fraction.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  }
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ':') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  for (std::string_view part : parts) {
    if (part.empty() || part.size() > 7 ||
        part.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
  }
  if (parts.size() == 1) {  // hhmmss, mmss or ss
    const int64_t n = ParseInt(parts[0]);
    p.hour = n / 10000;
    p.minute = n / 100 % 100;
    p.second = n % 100;
  } else if (parts.size() <= 3) {
    if (parts[1].size() > 2 || (parts.size() == 3 && parts[2].size() > 2)) return std::nullopt;
    p.hour = ParseInt(parts[0]);
    p.minute = ParseInt(parts[1]);
    if (parts.size() == 3) p.second = ParseInt(parts[2]);
  } else {
    return std::nullopt;
  }
  if (p.minute > 59 || p.second > 59) return std::nullopt;
  p.hour += days * 24;
  int64_t seconds = (p.hour * 60 + p.minute) * 60 + p.second;
  if (ReadFraction(fraction, fsp, &p.micro)) ++seconds;
  const int64_t limit = (838 * 60 + 59) * 60 + 59;
  if (seconds > limit || (seconds == limit && p.micro > 0)) return std::nullopt;
  p.hour = seconds / 3600;
  p.minute = seconds / 60 % 60;
  p.second = seconds % 60;
  if (seconds == 0 && p.micro == 0) p.negative = false;
  return p;
}

std::string FormatTemporal(const TemporalParts& p, ColumnType type, uint32_t fsp) {
  char buf[48];
  if (type == ColumnType::kTime) {
    std::snprintf(buf, sizeof(buf), "%s%02lld:%02lld:%02lld", p.negative ? "-" : "",
                  static_cast<long long>(p.hour), static_cast<long long>(p.minute),
                  static_cast<long long>(p.second));
    return absl::StrCat(buf, FractionText(p.micro, fsp));
  }
  if (type == ColumnType::kDate) {
    std::snprintf(buf, sizeof(buf), "%04lld-%02lld-%02lld", static_cast<long long>(p.year),
                  static_cast<long long>(p.month), static_cast<long long>(p.day));
    return buf;
  }
  std::snprintf(buf, sizeof(buf), "%04lld-%02lld-%02lld %02lld:%02lld:%02lld",
                static_cast<long long>(p.year), static_cast<long long>(p.month),
                static_cast<long long>(p.day), static_cast<long long>(p.hour),
                static_cast<long long>(p.minute), static_cast<long long>(p.second));
  return absl::StrCat(buf, FractionText(p.micro, fsp));
}

std::string TemporalInputText(const Value& v) {
  if (v.is_string()) return std::string(number_text::TrimSpaces(v.string_value()));
  if (v.is_double()) {
    std::optional<Decimal> d = Decimal::FromDouble(v.double_value());
    return d ? d->ToString() : "";
  }
  return v.ToString();
}

absl::StatusOr<Value> CoerceToTemporal(const Value& v, ColumnType type, uint32_t fsp,
                                       std::string_view column) {
  if (v.is_null()) return v;
  fsp = std::min(fsp, kMaxFsp);
  const TemporalMode& mode = CurrentTemporalMode();
  const std::string input = TemporalInputText(v);
  if (type == ColumnType::kTime) {
    std::optional<TemporalParts> p = ParseTime(input, fsp);
    if (!p) {
      // A datetime gives its time of day.
      p = ParseDateTime(input, fsp, DateRules::kFuzzy, mode);
      if (!p || input.find_first_of(" T") == std::string::npos) return Incorrect(type, v, column);
      p->year = p->month = p->day = 0;
    }
    return Value::String(FormatTemporal(*p, type, fsp));
  }
  std::optional<TemporalParts> p =
      ParseDateTime(input, type == ColumnType::kDate ? 0 : fsp, DateRules::kStored, mode);
  if (!p) return Incorrect(type, v, column);
  if (type == ColumnType::kTimestamp) {
    TemporalParts utc;
    if (!TimestampToUtc(*p, mode.time_zone, &utc)) return Incorrect(type, v, column);
    p = utc;
  }
  return Value::String(FormatTemporal(*p, type, fsp));
}

std::string ZeroTemporalText(ColumnType type, uint32_t fsp) {
  return FormatTemporal(TemporalParts{}, type, fsp);
}

std::optional<TemporalParts> StoredDateParts(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int64_t digits[8];
  static constexpr int kAt[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 0; i < 8; ++i) {
    const char c = s[kAt[i]];
    if (c < '0' || c > '9') return std::nullopt;
    digits[i] = c - '0';
  }
  TemporalParts p;
  p.year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
  p.month = digits[4] * 10 + digits[5];
  p.day = digits[6] * 10 + digits[7];
  if (p.year < 1000 || p.month < 1 || p.month > 12 || p.day < 1 ||
      (p.day > 28 && p.day > DaysInMonth(p.year, p.month))) {
    return std::nullopt;
  }
  return p;
}

std::optional<TemporalParts> ValueAsDateTime(const Value& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_string()) {
    if (std::optional<TemporalParts> p = StoredDateParts(v.string_value())) return p;
  }
  return ParseDateTime(TemporalInputText(v), kMaxFsp, DateRules::kFuzzy, CurrentTemporalMode());
}

std::optional<TemporalParts> ValueAsTime(const Value& v) {
  if (v.is_null()) return std::nullopt;
  const std::string input = TemporalInputText(v);
  if (input.find_first_of(" T") != std::string::npos || input.find('-', 1) != std::string::npos) {
    std::optional<TemporalParts> p = ValueAsDateTime(v);
    if (p) {
      p->year = p->month = p->day = 0;
      return p;
    }
  }
  return ParseTime(input, kMaxFsp);
}

std::string CurrentTemporalText(ColumnType type, uint32_t fsp, absl::Time now,
                                absl::TimeZone zone) {
  TemporalParts p = PartsAt(now, zone);
  int64_t unit = 1;
  for (uint32_t i = std::min(fsp, kMaxFsp); i < kMaxFsp; ++i) unit *= 10;
  p.micro -= p.micro % unit;
  if (type == ColumnType::kTime) p.year = p.month = p.day = 0;
  return FormatTemporal(p, type, fsp);
}

std::string TimestampToZone(std::string_view utc_text, absl::TimeZone zone) {
  std::optional<TemporalParts> p =
      ParseDateTime(utc_text, kMaxFsp, DateRules::kFuzzy, TemporalMode{});
  if (!p || p->month == 0 || p->day == 0) return std::string(utc_text);
  const TemporalParts local = PartsAt(InstantOf(*p, absl::UTCTimeZone()), zone);
  const size_t dot = utc_text.find('.');
  const uint32_t fsp =
      dot == std::string_view::npos ? 0 : static_cast<uint32_t>(utc_text.size() - dot - 1);
  return FormatTemporal(local, ColumnType::kDateTime, fsp);
}

TemporalParts PartsAt(absl::Time t, absl::TimeZone zone) {
  const absl::CivilSecond c = absl::ToCivilSecond(t, zone);
  TemporalParts p;
  p.year = c.year();
  p.month = c.month();
  p.day = c.day();
  p.hour = c.hour();
  p.minute = c.minute();
  p.second = c.second();
  p.micro = absl::ToInt64Microseconds(t - absl::FromCivil(c, zone));
  return p;
}

absl::Time InstantOf(const TemporalParts& p, absl::TimeZone zone) {
  return absl::FromCivil(ToCivil(p), zone) + absl::Microseconds(p.micro);
}

std::optional<int64_t> TimeTextMicros(std::string_view text) {
  std::optional<TemporalParts> p = ParseTime(text, kMaxFsp);
  if (!p) return std::nullopt;
  const int64_t micros = ((p->hour * 60 + p->minute) * 60 + p->second) * 1000000 + p->micro;
  return p->negative ? -micros : micros;
}

bool IsLeapYear(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || (year % 400 == 0 && year != 0);
}

int64_t DaysInMonth(int64_t year, int64_t month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 31;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// MySQL's calc_daynr: TO_DAYS('0000-01-01') is 1.
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  if (year == 0 && month == 0) return 0;
  int64_t days = 365 * year + 31 * (month - 1) + day;
  if (month <= 2) {
    --year;
  } else {
    days -= (month * 4 + 23) / 10;
  }
  const int64_t century = ((year / 100 + 1) * 3) / 4;
  return days + year / 4 - century;
}

// MySQL's get_date_from_daynr: days outside 366..3652499 are the zero date.
void CivilFromDays(int64_t days, int64_t* year, int64_t* month, int64_t* day) {
  *year = *month = *day = 0;
  if (days <= 365 || days >= 3652500) return;
  int64_t y = days * 100 / 36525;
  const int64_t century = (((y - 1) / 100 + 1) * 3) / 4;
  int64_t day_of_year = days - y * 365 - (y - 1) / 4 + century;
  int64_t in_year;
  while (day_of_year > (in_year = IsLeapYear(y) ? 366 : 365)) {
    day_of_year -= in_year;
    ++y;
  }
  int64_t m = 1;
  while (day_of_year > DaysInMonth(y, m)) {
    day_of_year -= DaysInMonth(y, m);
    ++m;
  }
  *year = y;
  *month = m;
  *day = day_of_year;
}

}  // namespace ordinal::engine
