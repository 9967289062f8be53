// CAST(x AS type) and CONVERT(x, type), with MySQL's conversions:
//   SIGNED    integers as they are; other numbers rounded half away from zero and clamped
//             to 64 bits; strings by their leading integer (warning 1292 when text is left
//             over, e.g. '12abc' or '1.5').
//   UNSIGNED  as SIGNED, then read as unsigned 64 bits (-1 is 18446744073709551615).
//   CHAR(n)   the value as text, cut to n characters (warning 1292 when cut). BINARY(n)
//             cuts to n bytes or pads with zero bytes to n.
//   DOUBLE / FLOAT / REAL   the numeric value (strings by their leading number).
//   DECIMAL(p,s)  exactly: rounded to s digits (default DECIMAL(10,0)) and clamped to p
//             digits (warning 1264); strings by their leading number (warning 1292 when
//             text is left over); engine/types/decimal_cast.h.
//   JSON      a JSON value as it is; a string parsed as JSON text (3141); numbers as JSON
//             numbers. From JSON to a number, a JSON number or numeric string gives its
//             value; to CHAR, the canonical text (docs/json.md).
//   YEAR      MySQL 8's YEAR rules (CastYear below).
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/exec/eval_internal.h"
#include "engine/functions/session_context.h"
#include "engine/types/decimal_cast.h"
#include "engine/types/json_sql.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::exec::internal {
namespace {

using Type = sql::CastTarget::Type;

void Warn(MysqlErrno code, std::string message) {
  if (functions::SessionContext* session = functions::CurrentSessionContext()) {
    session->Warn(static_cast<int>(code), std::move(message));
  }
}

// A double rounded half away from zero into int64, clamped.
int64_t RoundToInt64(double d) {
  if (std::isnan(d)) return 0;
  const double r = std::round(d);
  if (r >= 9223372036854775807.0) return INT64_MAX;
  if (r <= -9223372036854775808.0) return INT64_MIN;
  return static_cast<int64_t>(r);
}

// The leading integer of a string (spaces, sign, digits), clamped to 64 bits; warns when
// anything but trailing spaces follows it.
int64_t StringToInt64(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  const size_t digits_start = i;
  __int128 v = 0;
  bool clamped = false;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (v < (static_cast<__int128>(1) << 64)) v = v * 10 + (s[i] - '0');
  }
  if (negative) v = -v;
  if (v > INT64_MAX) v = INT64_MAX, clamped = true;
  if (v < INT64_MIN) v = INT64_MIN, clamped = true;
  size_t rest = i;
  while (rest < s.size() && s[rest] == ' ') ++rest;
  if (i == digits_start || rest != s.size() || clamped) {
    Warn(MysqlErrno::kTruncatedWrongValue,
         absl::StrCat("Truncated incorrect INTEGER value: '", s, "'"));
  }
  return static_cast<int64_t>(v);
}

int64_t ToInt64(const Value& v) {
  if (v.is_int()) return v.int_value();
  if (v.is_uint()) return static_cast<int64_t>(v.uint_value());
  if (v.is_string()) return StringToInt64(v.string_value());
  return RoundToInt64(v.ToDouble());
}

// The first `n` UTF-8 characters of `s`.
std::string FirstChars(const std::string& s, size_t n) {
  size_t i = 0, chars = 0;
  while (i < s.size() && chars < n) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  return s.substr(0, i);
}

absl::StatusOr<Value> CastDecimal(const sql::Expr& e, const Value& v) {
  const int precision = e.cast.length < 0 ? 10 : e.cast.length;
  const int scale = e.cast.scale < 0 ? 0 : e.cast.scale;
  if (precision < 1 || precision > Decimal::kMaxPrecision || scale > Decimal::kMaxScale ||
      scale > precision) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kTooBigPrecision,
                    absl::StrCat("Too-big precision or scale specified for '", e.text, "'"));
  }
  DecimalCast cast = CastToDecimal(v, precision, scale);
  if (cast.truncated) {
    Warn(MysqlErrno::kTruncatedWrongValue,
         absl::StrCat("Truncated incorrect DECIMAL value: '", v.ToString(), "'"));
  }
  if (cast.clipped) Warn(MysqlErrno::kOutOfRange, "Out of range value for column 'CAST' at row 1");
  return Value::FromDecimal(std::move(cast.value));
}

// CAST(x AS YEAR) as MySQL 8: 1901..2155 as they are, 1..69 and 70..99 as 20xx and 19xx,
// the number 0 as 0 and a string reading 0 as 2000 (CoerceToColumn's YEAR rules); a date
// or datetime as its year; anything else NULL with warning 1292.
Value CastYear(const Value& v) {
  SqlType year;
  year.type = ColumnType::kYear;
  absl::StatusOr<Value> cast = CoerceToColumn(v, year, "");
  if (cast.ok()) return *std::move(cast);
  if (v.is_string()) {
    absl::StatusOr<Value> dated = CoerceToTemporal(v, ColumnType::kDateTime, 0, "");
    if (dated.ok() && dated->is_string() && dated->string_value().size() >= 4) {
      const std::string& text = dated->string_value();
      return Value::Int((text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 +
                        (text[3] - '0'));
    }
  }
  Warn(MysqlErrno::kTruncatedWrongValue,
       absl::StrCat("Truncated incorrect YEAR value: '", v.ToString(), "'"));
  return Value::Null();
}

// CAST(x AS DATE|DATETIME[(fsp)]|TIME[(fsp)]): NULL with warning 1292 when x is not one.
Value CastTemporal(const sql::Expr& e, const Value& v) {
  const ColumnType type = e.cast.type == Type::kDate       ? ColumnType::kDate
                          : e.cast.type == Type::kDateTime ? ColumnType::kDateTime
                                                           : ColumnType::kTime;
  const uint32_t fsp = e.cast.scale > 0 ? static_cast<uint32_t>(e.cast.scale) : 0;
  absl::StatusOr<Value> cast = CoerceToTemporal(v, type, fsp, "");
  if (cast.ok()) return *std::move(cast);
  Warn(MysqlErrno::kTruncatedWrongValue,
       absl::StrCat("Incorrect ", type == ColumnType::kTime ? "time" : "datetime", " value: '",
                    v.ToString(), "'"));
  return Value::Null();
}

// CAST(x AS JSON).
absl::StatusOr<Value> CastJson(const Value& v) {
  if (v.is_json() || !v.is_string()) return SqlValueOfJson(JsonOfSqlValue(v));
  absl::StatusOr<JsonValue> json = ParseJsonArgument(v.string_value(), 1, "cast_as_json");
  if (!json.ok()) return json.status();
  return SqlValueOfJson(*json);
}

// A JSON value read as a number: JSON numbers and booleans as they are, a JSON string by
// its text; arrays, objects and null read as their text (0, with warning 1292).
Value JsonScalar(const Value& v) {
  const JsonValue json = JsonOfSqlValue(v);
  switch (json.kind()) {
    case JsonValue::Kind::kInt: return Value::Int(json.int_value());
    case JsonValue::Kind::kUInt: return Value::UInt(json.uint_value());
    case JsonValue::Kind::kDouble: return Value::Double(json.double_value());
    case JsonValue::Kind::kBool: return Value::Bool(json.bool_value());
    case JsonValue::Kind::kString: return Value::String(json.string_value());
    default: return Value::String(v.string_value());
  }
}

}  // namespace

absl::Status EvalCast(const sql::Expr& e, const Row& row, Operand* out) {
  if (e.children.size() != 1) return absl::InternalError("CAST needs 1 operand");
  Operand x;
  if (absl::Status s = Eval(*e.children[0], row, &x); !s.ok()) return s;
  if (x.get().is_null()) {
    out->Set(Value::Null());
    return absl::OkStatus();
  }
  const bool numeric_target = e.cast.type == Type::kSigned || e.cast.type == Type::kUnsigned ||
                              e.cast.type == Type::kDouble || e.cast.type == Type::kFloat ||
                              e.cast.type == Type::kDecimal;
  const Value scalar = numeric_target && x.get().is_json() ? JsonScalar(x.get()) : Value();
  const Value& v = scalar.is_null() ? x.get() : scalar;
  switch (e.cast.type) {
    case Type::kSigned:
      out->Set(Value::Int(ToInt64(v)));
      return absl::OkStatus();
    case Type::kUnsigned: {
      const uint64_t u = static_cast<uint64_t>(ToInt64(v));
      out->Set(Value::UInt(u));
      return absl::OkStatus();
    }
    case Type::kChar: {
      std::string s = v.ToString();
      if (e.cast.length >= 0) {
        std::string cut = FirstChars(s, static_cast<size_t>(e.cast.length));
        if (cut.size() != s.size()) {
          Warn(MysqlErrno::kTruncatedWrongValue,
               absl::StrCat("Truncated incorrect CHAR(", e.cast.length, ") value: '", s, "'"));
        }
        s = std::move(cut);
      }
      out->Set(Value::String(std::move(s)));
      return absl::OkStatus();
    }
    case Type::kBinary: {
      std::string s = v.ToString();
      if (e.cast.length >= 0) s.resize(static_cast<size_t>(e.cast.length), '\0');
      out->Set(Value::String(std::move(s)));
      return absl::OkStatus();
    }
    case Type::kDouble:
    case Type::kFloat:
      out->Set(Value::Double(v.is_int() ? static_cast<double>(v.int_value()) : v.ToDouble()));
      return absl::OkStatus();
    case Type::kDecimal: {
      absl::StatusOr<Value> d = CastDecimal(e, v);
      if (!d.ok()) return d.status();
      out->Set(*std::move(d));
      return absl::OkStatus();
    }
    case Type::kDate:
    case Type::kDateTime:
    case Type::kTime:
      out->Set(CastTemporal(e, v));
      return absl::OkStatus();
    case Type::kYear:
      out->Set(CastYear(v));
      return absl::OkStatus();
    case Type::kJson: {
      absl::StatusOr<Value> json = CastJson(v);
      if (!json.ok()) return json.status();
      out->Set(*std::move(json));
      return absl::OkStatus();
    }
    default:
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kNotSupported,
                      absl::StrCat("CAST to this type is not supported yet: '", e.text, "'"));
  }
}

}  // namespace ordinal::engine::exec::internal
