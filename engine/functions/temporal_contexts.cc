// Internal conversions that the planner inserts where MySQL treats a temporal value by its
// context (engine/plan/temporal_contexts.cc): temporal values are held as canonical text,
// so without them `d + 0` would read the text's leading number (the year) and a DATE would
// compare with a DATETIME as text. Their names start with '#', which no SQL text can call
// (the lexer reads '#' as a comment).
//
//   #TEMPORAL NUMBER(x)     DATE 20240131, DATETIME 20240131123456[.ffffff], TIME
//                           [-]123456[.ffffff] (fractions as a DECIMAL with the value's
//                           digits); a value that is not canonical temporal text as it is
//   #DATETIME NUMBER(x)     x read as a DATETIME (a TIME is on the statement's date), as
//                           the number above; NULL when it is not one
//   #TIME NUMBER(x)         x read as a TIME, as the number above; NULL when it is not one
//   #SESSION TIMESTAMP(x)   a TIMESTAMP column's stored UTC text in the session time zone
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/registry.h"
#include "engine/functions/temporal_args.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::functions {
namespace {

// `digits` (an integer's text) with `micro` as `fraction_digits` decimals.
Value NumberOf(const std::string& digits, bool negative, int64_t micro, uint32_t fraction_digits) {
  const std::string sign = negative ? "-" : "";
  if (fraction_digits == 0) {
    int64_t n = 0;
    for (char c : digits) n = n * 10 + (c - '0');
    return Value::Int(negative ? -n : n);
  }
  std::string fraction = absl::StrFormat("%06d", micro).substr(0, fraction_digits);
  std::optional<Decimal> d = Decimal::Parse(absl::StrCat(sign, digits, ".", fraction));
  return d ? Value::FromDecimal(*std::move(d)) : Value::Null();
}

Value DateTimeNumber(const TemporalParts& p, uint32_t fraction_digits) {
  return NumberOf(absl::StrFormat("%04d%02d%02d%02d%02d%02d", p.year, p.month, p.day, p.hour,
                                  p.minute, p.second),
                  false, p.micro, fraction_digits);
}

Value TimeNumber(const TemporalParts& p, uint32_t fraction_digits) {
  return NumberOf(absl::StrFormat("%d%02d%02d", p.hour, p.minute, p.second), p.negative,
                  p.micro, fraction_digits);
}

uint32_t FractionDigits(std::string_view text) {
  const size_t dot = text.find('.');
  return dot == std::string_view::npos ? 0 : static_cast<uint32_t>(text.size() - dot - 1);
}

absl::StatusOr<Value> TemporalNumber(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (!v.is_string()) return v;
  const std::string& text = v.string_value();
  const uint32_t digits = FractionDigits(text);
  const bool dated = text.size() >= 10 && text[4] == '-' && text[7] == '-';
  if (dated) {
    std::optional<TemporalParts> p =
        ParseDateTime(text, kMaxFsp, DateRules::kFuzzy, CurrentTemporalMode());
    if (!p) return v;
    if (text.size() == 10) {
      return NumberOf(absl::StrFormat("%04d%02d%02d", p->year, p->month, p->day), false, 0, 0);
    }
    return DateTimeNumber(*p, digits);
  }
  std::optional<TemporalParts> p = ParseTime(text, kMaxFsp);
  if (!p || text.find(':') == std::string::npos) return v;
  return TimeNumber(*p, digits);
}

// x as a datetime; a time of day (or a TIME beyond 24 hours) counts from the statement's date.
std::optional<TemporalParts> AsDateTime(FunctionArgs& args, const Value& v) {
  if (std::optional<TemporalParts> p = ValueAsDateTime(v)) return p;
  std::optional<TemporalParts> t = ValueAsTime(v);
  if (!t) return std::nullopt;
  const absl::Time now = args.session() != nullptr ? args.session()->statement_time : absl::Now();
  TemporalParts today = PartsAt(now, CurrentTemporalMode().time_zone);
  int64_t seconds = (t->hour * 60 + t->minute) * 60 + t->second;
  if (t->negative) seconds = -seconds - (t->micro > 0 ? 1 : 0);
  const int64_t micro = t->negative && t->micro > 0 ? 1000000 - t->micro : t->micro;
  const int64_t day_shift = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  seconds -= day_shift * 86400;
  std::optional<TemporalParts> day = temporal::FromDayNumber(temporal::DayNumber(today) + day_shift);
  if (!day) return std::nullopt;
  day->hour = seconds / 3600;
  day->minute = seconds / 60 % 60;
  day->second = seconds % 60;
  day->micro = micro;
  return day;
}

absl::StatusOr<Value> DateTimeNumberFn(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  std::optional<TemporalParts> p = AsDateTime(args, *v);
  if (!p) return Value::Null();
  return DateTimeNumber(*p, p->micro != 0 ? 6 : 0);
}

absl::StatusOr<Value> TimeNumberFn(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args, 0));
  if (!v) return Value::Null();
  std::optional<TemporalParts> p = ValueAsTime(*v);
  if (!p) return Value::Null();
  return TimeNumber(*p, p->micro != 0 ? 6 : 0);
}

absl::StatusOr<Value> SessionTimestamp(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(0));
  if (!v.is_string()) return v;
  return Value::String(TimestampToZone(v.string_value(), CurrentTemporalMode().time_zone));
}

ColumnType ReturnsDateTime(const std::vector<ColumnType>&) { return ColumnType::kDateTime; }

}  // namespace

std::vector<FunctionDef> TemporalContextFunctions() {
  return {
      {kDateTimeNumber, 1, 1, ReturnsInt, DateTimeNumberFn},
      {kSessionTimestamp, 1, 1, ReturnsDateTime, SessionTimestamp},
      {kTemporalNumber, 1, 1, ReturnsInt, TemporalNumber},
      {kTimeNumber, 1, 1, ReturnsInt, TimeNumberFn},
  };
}

}  // namespace ordinal::engine::functions
