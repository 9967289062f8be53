#include "engine/types/temporal.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/sql_error.h"
#include "engine/types/number_text.h"

namespace ordinal::engine {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct Parts {
  bool negative = false;  // TIME only
  int64_t year = 0, month = 0, day = 0;
  int64_t hour = 0, minute = 0, second = 0;
  int64_t micro = 0;      // rounded to the column's fsp
  bool carry = false;     // the fraction rounded up to a whole second
};

absl::string_view TypeWord(ColumnType type) {
  switch (type) {
    case ColumnType::kDate: return "date";
    case ColumnType::kTime: return "time";
    default: return "datetime";
  }
}

absl::Status Incorrect(ColumnType type, const Value& v, std::string_view column) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kTruncatedWrongValue,
                  absl::StrCat("Incorrect ", TypeWord(type), " value: '", v.ToString(),
                               "' for column '",
                               absl::string_view(column.data(), column.size()), "'"));
}

// Reads a fraction's digits as microseconds rounded half up to `fsp` digits.
void ReadFraction(std::string_view digits, uint32_t fsp, Parts* p) {
  int64_t scaled = 0;
  for (uint32_t i = 0; i < fsp; ++i) {
    scaled = scaled * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  }
  if (digits.size() > fsp && digits[fsp] >= '5') ++scaled;
  int64_t limit = 1;
  for (uint32_t i = 0; i < fsp; ++i) limit *= 10;
  if (scaled >= limit) {
    p->carry = true;
    scaled = 0;
  }
  for (uint32_t i = fsp; i < kMaxFsp; ++i) scaled *= 10;
  p->micro = scaled;
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

// The digit groups of `text` and the fraction after a '.' that follows the sixth group (or
// the seconds of a digits-only form).
struct Groups {
  std::vector<std::string_view> parts;
  std::string_view fraction;
};

std::optional<Groups> SplitDateTime(std::string_view text) {
  Groups g;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i])) return std::nullopt;
    size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    if (g.parts.size() == 6) {  // the fraction
      g.fraction = text.substr(start, i - start);
      if (i != text.size()) return std::nullopt;
      break;
    }
    g.parts.push_back(text.substr(start, i - start));
    if (i == text.size()) break;
    // One delimiter between parts (spaces or T between date and time; '.' before a fraction).
    const char sep = text[i];
    if (g.parts.size() == 6 && sep != '.') return std::nullopt;
    if (IsDigit(sep)) return std::nullopt;
    ++i;
    while (g.parts.size() == 3 && i < text.size() && text[i] == ' ') ++i;
  }
  if (g.parts.size() < 3) return std::nullopt;
  return g;
}

// Digits only: YYMMDD, YYYYMMDD, YYMMDDhhmmss, YYYYMMDDhhmmss (an optional .fraction).
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
  const size_t year_digits = text.size() == 8 || text.size() == 14 ? 4 : 2;
  if (text.size() != 6 && text.size() != 8 && text.size() != 12 && text.size() != 14) {
    return std::nullopt;
  }
  Groups g;
  g.parts.push_back(text.substr(0, year_digits));
  for (size_t at = year_digits; at < text.size(); at += 2) g.parts.push_back(text.substr(at, 2));
  g.fraction = fraction;
  return g;
}

int64_t DaysInMonth(int64_t year, int64_t month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::optional<Parts> ParseDateTime(std::string_view text, uint32_t fsp) {
  std::optional<Groups> g;
  if (text.find_first_not_of("0123456789.") == std::string_view::npos) {
    g = SplitDigits(text);
  } else {
    g = SplitDateTime(text);
  }
  if (!g) return std::nullopt;
  Parts p;
  p.year = FullYear(g->parts[0]);
  p.month = ParseInt(g->parts[1]);
  p.day = ParseInt(g->parts[2]);
  if (g->parts.size() > 3) p.hour = ParseInt(g->parts[3]);
  if (g->parts.size() > 4) p.minute = ParseInt(g->parts[4]);
  if (g->parts.size() > 5) p.second = ParseInt(g->parts[5]);
  ReadFraction(g->fraction, fsp, &p);
  for (std::string_view part : g->parts) {
    if (part.size() > 4) return std::nullopt;
  }
  // NO_ZERO_DATE and NO_ZERO_IN_DATE (MySQL 8's default): no zero parts in a date.
  if (p.year > 9999 || p.month < 1 || p.month > 12 || p.day < 1 ||
      p.day > DaysInMonth(p.year, p.month) || p.hour > 23 || p.minute > 59 || p.second > 59) {
    return std::nullopt;
  }
  return p;
}

// TIME: [-][D ]hh:mm[:ss[.frac]], [-]ss[.frac], or digits [-]hhmmss[.frac].
std::optional<Parts> ParseTime(std::string_view text, uint32_t fsp) {
  Parts p;
  if (!text.empty() && text.front() == '-') {
    p.negative = true;
    text.remove_prefix(1);
  }
  int64_t days = 0;
  if (size_t space = text.find(' '); space != std::string_view::npos) {
    std::string_view d = text.substr(0, space);
    if (d.empty() || d.find_first_not_of("0123456789") != std::string_view::npos) {
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
    if (part.empty() || part.size() > 7 || part.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
  }
  if (parts.size() == 1) {  // hhmmss, mmss or ss
    const int64_t n = ParseInt(parts[0]);
    p.hour = n / 10000;
    p.minute = n / 100 % 100;
    p.second = n % 100;
  } else if (parts.size() <= 3) {
    p.hour = ParseInt(parts[0]);
    p.minute = ParseInt(parts[1]);
    if (parts.size() == 3) p.second = ParseInt(parts[2]);
  } else {
    return std::nullopt;
  }
  if (p.minute > 59 || p.second > 59) return std::nullopt;
  p.hour += days * 24;
  ReadFraction(fraction, fsp, &p);
  return p;
}

std::string FractionText(int64_t micro, uint32_t fsp) {
  if (fsp == 0) return "";
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%06lld", static_cast<long long>(micro));
  return absl::StrCat(".", absl::string_view(buf, fsp));
}

std::string DateTimeText(const absl::CivilSecond& t, int64_t micro, ColumnType type,
                         uint32_t fsp) {
  char buf[32];
  if (type == ColumnType::kDate) {
    std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02d", static_cast<long long>(t.year()),
                  t.month(), t.day());
    return buf;
  }
  std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02d %02d:%02d:%02d",
                static_cast<long long>(t.year()), t.month(), t.day(), t.hour(), t.minute(),
                t.second());
  return absl::StrCat(buf, FractionText(micro, fsp));
}

// A number as temporal input text: its digits, with a fraction for decimals and doubles.
std::string NumberText(const Value& v) {
  if (v.is_double()) {
    std::optional<Decimal> d = Decimal::FromDouble(v.double_value());
    return d ? d->ToString() : "";
  }
  return v.ToString();
}

}  // namespace

absl::StatusOr<Value> CoerceToTemporal(const Value& v, ColumnType type, uint32_t fsp,
                                       std::string_view column) {
  if (v.is_null()) return v;
  fsp = std::min(fsp, kMaxFsp);
  const std::string input = v.is_string() ? std::string(number_text::TrimSpaces(v.string_value()))
                                          : NumberText(v);
  if (type == ColumnType::kTime) {
    std::optional<Parts> p = ParseTime(input, fsp);
    if (!p) return Incorrect(type, v, column);
    int64_t seconds = p->hour * 3600 + p->minute * 60 + p->second + (p->carry ? 1 : 0);
    const int64_t limit = 838 * 3600 + 59 * 60 + 59;
    if (seconds > limit || (seconds == limit && p->micro > 0)) return Incorrect(type, v, column);
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%s%02lld:%02lld:%02lld",
                  p->negative && (seconds > 0 || p->micro > 0) ? "-" : "",
                  static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    return Value::String(absl::StrCat(buf, FractionText(p->micro, fsp)));
  }
  std::optional<Parts> p = ParseDateTime(input, type == ColumnType::kDate ? 0 : fsp);
  if (!p) return Incorrect(type, v, column);
  absl::CivilSecond t(p->year, static_cast<int>(p->month), static_cast<int>(p->day),
                      static_cast<int>(p->hour), static_cast<int>(p->minute),
                      static_cast<int>(p->second));
  if (p->carry) t += 1;
  if (t.year() > 9999) return Incorrect(type, v, column);
  if (type == ColumnType::kTimestamp) {
    const absl::CivilSecond lo(1970, 1, 1, 0, 0, 1), hi(2038, 1, 19, 3, 14, 7);
    if (t < lo || t > hi || (t == hi && p->micro > 0)) return Incorrect(type, v, column);
  }
  return Value::String(DateTimeText(t, p->micro, type, fsp));
}

std::string CurrentTemporalText(ColumnType type, uint32_t fsp, absl::Time now) {
  const absl::CivilSecond t = absl::ToCivilSecond(now, absl::UTCTimeZone());
  const int64_t micro =
      absl::ToInt64Microseconds(now - absl::FromCivil(t, absl::UTCTimeZone()));
  int64_t truncated = micro;
  int64_t unit = 1;
  for (uint32_t i = std::min(fsp, kMaxFsp); i < kMaxFsp; ++i) unit *= 10;
  truncated -= truncated % unit;
  if (type == ColumnType::kTime) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%02d:%02d:%02d", t.hour(), t.minute(), t.second());
    return absl::StrCat(buf, FractionText(truncated, fsp));
  }
  return DateTimeText(t, truncated, type, fsp);
}

std::optional<int64_t> TimeTextMicros(std::string_view text) {
  std::optional<Parts> p = ParseTime(text, kMaxFsp);
  if (!p) return std::nullopt;
  const int64_t micros =
      ((p->hour * 60 + p->minute) * 60 + p->second + (p->carry ? 1 : 0)) * 1000000 + p->micro;
  return p->negative ? -micros : micros;
}

}  // namespace ordinal::engine
